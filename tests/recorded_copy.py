"""Copies of the recorded snapshot store with some pages changed, for end-to-end scenarios."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kztariffs.paths import RECORDED_DIR
from scrapers.snapshot import Snapshot, SnapshotStore


def copy_store(
    dest: Path,
    change: Callable[[Snapshot], bytes | None] = lambda s: s.body,
) -> Path:
    """Write every recorded snapshot into `dest` with body `change(snap)` (None drops it)."""
    store = SnapshotStore(dest)
    for snap in SnapshotStore(RECORDED_DIR):
        body = change(snap)
        if body is None:
            continue
        store.put(
            Snapshot.from_response(
                operator=snap.operator,
                url=snap.url,
                body=body,
                fetched_at=snap.fetched_at,
                status=snap.status,
                headers=snap.headers,
                final_url=snap.final_url,
            )
        )
    return dest

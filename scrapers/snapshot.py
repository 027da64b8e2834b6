"""Raw responses, stored content-addressed so that any run can be parsed again without fetching.

Layout of a snapshot store (a folder):
    blobs/<sha256>            the response body, byte for byte, stored once
    history.jsonl             one line per fetch: url, final_url, status, headers, fetched_at,
                              sha256, operator, run (append-only)
    meta/<key>.json           the older layout (one record per url and body), still read
A store can hold any number of snapshots; the recorded pages under tests/fixtures/recorded/ are one.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class Snapshot(BaseModel):
    """One HTTP response as it arrived, plus where and when it was fetched."""

    model_config = ConfigDict(frozen=True)

    operator: str
    url: str
    final_url: str | None = None
    status: int = 200
    headers: dict[str, str] = Field(default_factory=dict)
    fetched_at: datetime
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")  # also a file name in the store: no paths
    body: bytes = Field(default=b"", exclude=True, repr=False)

    @classmethod
    def from_response(
        cls,
        *,
        operator: str,
        url: str,
        body: bytes,
        fetched_at: datetime,
        status: int = 200,
        headers: dict[str, str] | None = None,
        final_url: str | None = None,
    ) -> Snapshot:
        return cls(
            operator=operator,
            url=url,
            final_url=final_url,
            status=status,
            headers={k.lower(): v for k, v in (headers or {}).items()},
            fetched_at=fetched_at,
            sha256=hashlib.sha256(body).hexdigest(),
            body=body,
        )

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def text(self) -> str:
        """The body decoded: declared charset first, then detection (cp1251 pages exist)."""
        from scrapers.charset import decode

        return decode(self.body, self.headers.get("content-type", ""))


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class DamagedSnapshot(ValueError):
    """A blob that is missing or whose bytes no longer match their sha256."""


HISTORY = "history.jsonl"
# A blob fetched this recently is never pruned: a run still in progress may need it.
PRUNE_GRACE = timedelta(days=1)


class SnapshotStore:
    """A folder of snapshots: bodies stored once by sha256, one history record per fetch.

    history.jsonl is append-only: a fetch of unchanged bytes adds a record (when, which URL, which
    run) and never rewrites an older one, so any release can be re-derived later. It is also the
    index: finding a snapshot reads the history, and only the blobs used are read and checked.
    Stores written before the history (meta/<key>.json per url and body, like the recorded pages
    in tests/fixtures/recorded) are read the same way.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @staticmethod
    def is_store(root: Path) -> bool:
        return (Path(root) / "meta").is_dir() or (Path(root) / HISTORY).is_file()

    def blob_path(self, sha256: str) -> Path:
        if not _SHA.fullmatch(sha256):  # never a path out of the store
            raise DamagedSnapshot(f"{sha256!r} is not a sha256")
        return self.root / "blobs" / sha256

    def put(self, snap: Snapshot, *, run: str | None = None) -> Snapshot:
        blob = self.blob_path(snap.sha256)
        if not blob.exists() or _sha256_file(blob) != snap.sha256:
            _atomic_write(blob, snap.body)  # new, or a damaged copy repaired by a new fetch
        record = snap.model_dump(mode="json")
        if run:
            record["run"] = run
        line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
        # concurrent runs append whole lines; prune waits for them
        with self._history_lock(), open(self.root / HISTORY, "a", encoding="utf-8") as fh:
            fh.write(line)
        return snap

    @contextmanager
    def _history_lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".history.lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def put_fixture(self, snap: Snapshot) -> Snapshot:
        """Store in the older layout, one meta file per (url, body): committed fixtures use it,
        since it diffs page by page and a rebuild gives the same bytes."""
        key = hashlib.sha256(f"{snap.url}\n{snap.sha256}".encode()).hexdigest()[:32]
        _atomic_write(self.blob_path(snap.sha256), snap.body)
        meta = json.dumps(
            snap.model_dump(mode="json"), ensure_ascii=False, indent=1, sort_keys=True
        )
        _atomic_write(self.root / "meta" / f"{key}.json", meta.encode())
        return snap

    def records(self) -> list[Snapshot]:
        """Every fetch on record (bodies not loaded), oldest first; unreadable records skipped."""
        found: list[Snapshot] = []
        meta_dir = self.root / "meta"
        if meta_dir.is_dir():
            for meta_file in sorted(meta_dir.glob("*.json")):
                try:
                    found.append(Snapshot.model_validate_json(meta_file.read_bytes()))
                except ValueError:
                    continue
        history = self.root / HISTORY
        if history.is_file():
            with open(history, encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    try:  # a line cut by a crash, or edited by hand, is skipped
                        record = json.loads(line)
                        record.pop("run", None)
                        found.append(Snapshot.model_validate(record))
                    except ValueError:
                        continue
        return sorted(found, key=lambda s: s.fetched_at)

    def load(self, record: Snapshot) -> Snapshot:
        """The record with its body, checked against its sha256."""
        blob = self.blob_path(record.sha256)
        try:
            body = blob.read_bytes()
        except OSError as exc:
            raise DamagedSnapshot(
                f"{blob}: snapshot of {record.url} is missing ({exc.strerror}); "
                "a live run that fetches the page again restores it"
            ) from None
        if hashlib.sha256(body).hexdigest() != record.sha256:
            raise DamagedSnapshot(
                f"{blob}: snapshot of {record.url} does not match its sha256 (store damaged); "
                "a live run that fetches the page again repairs it"
            )
        return record.model_copy(update={"body": body})

    def __iter__(self) -> Iterator[Snapshot]:
        for record in self.records():
            yield self.load(record)

    def for_operator(self, operator: str) -> list[Snapshot]:
        """The newest snapshot of every URL of one operator, in URL order."""
        newest: dict[str, Snapshot] = {}
        for snap in self.records():
            if snap.operator == operator:
                newest[snap.url] = snap  # records are oldest first
        return [self.load(newest[u]) for u in sorted(newest)]

    def find(self, url: str, sha256: str) -> Snapshot:
        """The newest record of these bytes at this URL, loaded; KeyError when never stored."""
        match = None
        for snap in self.records():
            if snap.url == url and snap.sha256 == sha256:
                match = snap
        if match is None:
            raise KeyError(f"no snapshot {sha256[:12]} of {url} in {self.root}")
        return self.load(match)

    def prune(self, needed: set[str], *, now: datetime) -> list[str]:
        """Delete blobs no kept release needs (`needed`: sha256s) and their history records.

        Blobs fetched within PRUNE_GRACE stay: a run still going may publish them.
        """
        last_fetch: dict[str, datetime] = {}
        for snap in self.records():
            last_fetch[snap.sha256] = max(
                snap.fetched_at, last_fetch.get(snap.sha256, snap.fetched_at)
            )
        keep = {s for s, t in last_fetch.items() if s in needed or now - t < PRUNE_GRACE}
        removed = sorted(set(last_fetch) - keep)
        history = self.root / HISTORY
        if removed and history.is_file():
            with self._history_lock():
                text = history.read_text(encoding="utf-8", errors="replace")
                kept = [ln for ln in text.splitlines(True) if not _names_any(ln, removed)]
                _atomic_write(history, "".join(kept).encode())
        meta_dir = self.root / "meta"
        for meta_file in sorted(meta_dir.glob("*.json")) if meta_dir.is_dir() else []:
            if _names_any(meta_file.read_text(encoding="utf-8", errors="replace"), removed):
                meta_file.unlink()
        for sha in removed:
            self.blob_path(sha).unlink(missing_ok=True)
        for stray in (self.root / "blobs").glob(".tmp-*") if (self.root / "blobs").is_dir() else []:
            if now.timestamp() - stray.stat().st_mtime > PRUNE_GRACE.total_seconds():
                stray.unlink(missing_ok=True)
        return removed


_SHA = re.compile(r"[0-9a-f]{64}")


def _names_any(text: str, shas: list[str]) -> bool:
    found = re.search(r'"sha256":\s*"([0-9a-f]{64})"', text)
    return bool(found) and found.group(1) in shas


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

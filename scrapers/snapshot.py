"""Raw responses, stored content-addressed so that any run can be parsed again without fetching.

Layout of a snapshot store (a folder):
    blobs/<sha256>            the response body, byte for byte
    meta/<sha256>.json        url, final_url, status, headers, fetched_at, sha256, operator
A store can hold any number of snapshots; the recorded pages under tests/fixtures/recorded/ are one.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from datetime import datetime
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
    sha256: str
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


class SnapshotStore:
    """A folder of snapshots; writing the same body twice stores it once."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def meta_path(self, snap: Snapshot) -> Path:
        # One meta file per (url, body): the same body under two URLs keeps both records.
        key = hashlib.sha256(f"{snap.url}\n{snap.sha256}".encode()).hexdigest()[:32]
        return self.root / "meta" / f"{key}.json"

    def put(self, snap: Snapshot) -> Snapshot:
        blob = self.root / "blobs" / snap.sha256
        if not blob.exists():
            _atomic_write(blob, snap.body)
        meta = snap.model_dump(mode="json")
        _atomic_write(
            self.meta_path(snap),
            json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True).encode(),
        )
        return snap

    def load(self, meta_file: Path) -> Snapshot:
        meta = json.loads(Path(meta_file).read_text(encoding="utf-8"))
        body = (self.root / "blobs" / meta["sha256"]).read_bytes()
        if hashlib.sha256(body).hexdigest() != meta["sha256"]:
            raise ValueError(f"{meta_file}: blob does not match its sha256 (store is damaged)")
        return Snapshot(**meta, body=body)

    def __iter__(self) -> Iterator[Snapshot]:
        meta_dir = self.root / "meta"
        if not meta_dir.is_dir():
            return
        for meta_file in sorted(meta_dir.glob("*.json")):
            yield self.load(meta_file)

    def for_operator(self, operator: str) -> list[Snapshot]:
        """The newest snapshot of every URL of one operator, in URL order."""
        newest: dict[str, Snapshot] = {}
        for snap in self:
            if snap.operator != operator:
                continue
            if snap.url not in newest or snap.fetched_at > newest[snap.url].fetched_at:
                newest[snap.url] = snap
        return [newest[u] for u in sorted(newest)]

    def by_sha(self, sha256: str, url: str) -> Snapshot:
        for snap in self:
            if snap.sha256 == sha256 and snap.url == url:
                return snap
        raise KeyError(f"no snapshot {sha256[:12]} of {url} in {self.root}")

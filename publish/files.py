"""Deterministic serialisation and crash-safe file and folder replacement."""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def dumps(obj: Any) -> str:
    """Canonical JSON: sorted keys, two-space indent, UTF-8 text, trailing newline."""
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_text_atomic(path: Path, text: str) -> None:
    """Write beside the target, fsync, then rename over it: readers see old or new, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def write_tree(folder: Path, files: dict[str, str | bytes]) -> None:
    """Write a folder of files (text as UTF-8, names may hold subfolders) and fsync each
    (the folder is not yet visible to readers)."""
    folder.mkdir(parents=True)
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode() if isinstance(content, str) else content
        with open(target, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.parent != folder:
            _fsync_dir(target.parent)
    _fsync_dir(folder)


_RENAME_EXCHANGE = 2
_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
_renameat2 = getattr(_libc, "renameat2", None)


def swap_dirs(new: Path, target: Path) -> None:
    """Make `new` appear at `target` in one step, then remove the old contents.

    On Linux renameat2(RENAME_EXCHANGE) swaps the two names atomically, so `target` never
    disappears. Elsewhere the old folder is renamed aside first, and `recover_swap` puts it back
    if the process dies between the two renames.
    """
    new, target = Path(new), Path(target)
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists() and _renameat2 is not None:
        at_fdcwd = -100
        rc = _renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(target), _RENAME_EXCHANGE)
        if rc == 0:
            _fsync_dir(target.parent)
            shutil.rmtree(new)  # `new` now holds the previous contents
            return
    if target.exists():
        os.rename(target, old)
    os.rename(new, target)
    _fsync_dir(target.parent)
    if old.exists():
        shutil.rmtree(old)


def recover_swap(target: Path) -> None:
    """Undo a swap interrupted between its two renames (non-Linux fallback path)."""
    target = Path(target)
    old = target.with_name(f".{target.name}.old")
    if old.exists() and not target.exists():
        os.rename(old, target)
    elif old.exists():
        shutil.rmtree(old)


@contextmanager
def exclusive(folder: Path) -> Iterator[None]:
    """One publisher at a time per output folder (two workers may finish runs together)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)

"""Checks the CLI makes before starting anything slow, and how it reports what it could not foresee.

Starting Prefect takes 10-30 s; a wrong operator name, a read-only output folder or an unreachable
Prefect server should be reported at once, in one line that names the input and the fix, not as
400 lines of traceback after the fact.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from types import TracebackType

from scrapers.limits import looks_binary


class InputError(ValueError):
    """A command-line input that cannot work; the message names it and the fix."""


def operator_names(given: list[str] | None) -> list[str] | None:
    """Operators as the brands name them, whatever the case ("Kcell" -> "kcell")."""
    from scrapers.registry import BRANDS

    if not given:
        return None
    names = []
    for name in given:
        key = name.strip().lower()
        if key not in BRANDS:
            raise InputError(
                f"--operator {name!r}: no such operator; use one of {', '.join(sorted(BRANDS))}"
            )
        names.append(key)
    return list(dict.fromkeys(names))  # as given, once each


def writable_folder(folder: Path) -> None:
    """Create `folder` if needed and prove a file can be written there."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-check-"):
            pass
    except OSError as exc:
        raise InputError(
            f"--output {folder}: cannot write there ({exc.strerror or exc}); "
            "pass --output with a folder you can write to"
        ) from None


def prefect_server() -> str | None:
    """The server in PREFECT_API_URL, checked to answer; None when Prefect runs locally."""
    url = os.environ.get("PREFECT_API_URL", "").strip()
    if not url:
        return None
    import httpx

    try:
        httpx.get(url.rstrip("/") + "/health", timeout=5).raise_for_status()
    except (httpx.HTTPError, ValueError) as exc:
        raise InputError(
            f"PREFECT_API_URL={url}: the Prefect server does not answer ({type(exc).__name__}); "
            "start it (prefect server start) or unset PREFECT_API_URL to run in local mode"
        ) from None
    return url


_TYPES = {".html": "text/html", ".htm": "text/html", ".json": "application/json"}


def page_content_type(file: Path, body: bytes) -> str:
    """The content type of a page file: from its snapshot record when the file is a stored blob,
    else from its suffix, else sniffed. Binary input is refused."""
    if looks_binary(body):
        raise InputError(
            f"{file}: binary data, not a page; pass an HTML page, a JSON payload or a text file"
        )
    if file.parent.name == "blobs":
        from scrapers.snapshot import SnapshotStore

        for record in SnapshotStore(file.parent.parent).records():
            if record.sha256 == file.name and record.content_type:
                return record.headers["content-type"]
    if file.suffix.lower() in _TYPES:
        return _TYPES[file.suffix.lower()]
    start = body.lstrip()[:1]
    if start in (b"{", b"["):
        return "application/json"
    if start == b"<":
        return "text/html"
    return "text/plain"


def quiet_tracebacks(debug: bool) -> None:
    """Without --debug an unexpected error is one line, not a traceback."""
    if debug:
        return

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            print("interrupted", file=sys.stderr)
            return
        print(
            f"error: {kind.__name__}: {exc}\n"
            "(a bug or an environment problem: run again with --debug for the traceback)",
            file=sys.stderr,
        )

    sys.excepthook = hook

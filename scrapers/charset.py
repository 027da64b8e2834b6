"""Bytes to text: the declared charset when it fits the bytes, else detection (cp1251 pages exist).

A declared charset can be wrong: cp1251 bytes declared `koi8-r` decode without error into
upper-case garbage and the page yields no plans. So a declared decoding that reads as mess
(charset_normalizer's mess ratio) while a detected one reads cleanly is replaced, with a note.
"""

from __future__ import annotations

import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.I)
_SAMPLE = 64 * 1024  # characters looked at when judging a decoding
MESSY = 0.1  # mess ratio above which a declared decoding is doubted (clean text scores ~0)


def decode(body: bytes, content_type: str = "") -> str:
    return decode_noted(body, content_type)[0]


def decode_noted(body: bytes, content_type: str = "") -> tuple[str, str | None]:
    """The text, and a note when the declared charset did not fit and another was used."""
    declared = re.search(r"charset=([A-Za-z0-9_-]+)", content_type or "", re.I)
    candidates = [declared.group(1)] if declared else []
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    for enc in candidates:
        try:
            text = body.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
        if text.isascii() or mess_ratio(text[:_SAMPLE], maximum_threshold=1.0) <= MESSY:
            return text, None
        better = _detected(body)
        if better is not None and better[0] != text:
            return better[0], (
                f"declared charset {enc} does not fit the bytes; read as {better[1]} "
                "(fix the page's or server's charset declaration)"
            )
        return text, None
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError:
        found = _detected(body)
        return (found[0], None) if found else (body.decode("utf-8", "replace"), None)


def _detected(body: bytes) -> tuple[str, str] | None:
    best = from_bytes(body).best()
    if best is None:
        return None
    text = str(best)
    if mess_ratio(text[:_SAMPLE], maximum_threshold=1.0) > MESSY:
        return None
    return text, best.encoding

"""Undo `Content-Encoding` a bounded piece at a time, so the size cap counts decoded bytes.

httpx inflates each network chunk in one call: a 1.8 KB body sent as `gzip, gzip` becomes 1 GiB in
memory before any cap can look at it. Here every layer inflates at most `PIECE` bytes per step and
hands them to the next layer, and the caller stops as soon as the decoded total passes its cap, so
memory stays near `PIECE` per layer whatever the compression ratio.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

PIECE = 64 * 1024
SUPPORTED = ("gzip", "x-gzip", "deflate", "identity")


class DecodingError(ValueError):
    """A body whose encoding we cannot undo (unknown coding, or corrupt compressed data)."""


class _Layer:
    """One coding (gzip or deflate) undone incrementally, never more than PIECE out per call."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._d: zlib._Decompress | None = None

    def _start(self, first: bytes) -> zlib._Decompress:
        if self.coding != "deflate":
            return zlib.decompressobj(31)  # gzip
        # "deflate" is meant to be zlib-wrapped, but servers also send it raw
        return zlib.decompressobj(15 if first[:1] == b"\x78" else -15)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not data:
            return
        if self._d is None:
            self._d = self._start(data)
        try:
            yield self._d.decompress(data, PIECE)
            while self._d.unconsumed_tail:
                yield self._d.decompress(self._d.unconsumed_tail, PIECE)
            if self._d.eof and self._d.unused_data and self.coding != "deflate":
                rest = self._d.unused_data  # a gzip stream of several members
                self._d = None
                yield from self.feed(rest)
        except zlib.error as exc:
            raise DecodingError(f"corrupt {self.coding} data ({exc})") from exc


def codings(header: str | None) -> list[str]:
    """The codings of a Content-Encoding header, in the order they were applied."""
    found = [c.strip().lower() for c in (header or "").split(",") if c.strip()]
    unknown = [c for c in found if c not in SUPPORTED]
    if unknown:
        raise DecodingError(f"unsupported Content-Encoding {', '.join(unknown)}")
    return [c for c in found if c != "identity"]


class BodyDecoder:
    """Raw chunks in, decoded pieces out; the last-applied coding is undone first."""

    def __init__(self, content_encoding: str | None) -> None:
        self._layers = [_Layer(c) for c in reversed(codings(content_encoding))]

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        yield from self._through(chunk, 0)

    def _through(self, data: bytes, depth: int) -> Iterator[bytes]:
        if depth == len(self._layers):
            if data:
                yield data
            return
        for piece in self._layers[depth].feed(data):
            yield from self._through(piece, depth + 1)

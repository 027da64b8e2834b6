"""Mutation fuzz of the recorded pages: whatever the bytes, a brand's parse and discover return
(plans, links, or a PageRejected naming a limit); no other exception escapes.

A seeded loop, so a failure replays: the test id names the page and the seed. Mutations are the
ones real breakage produces: truncation, flipped and inserted bytes, repeated and deleted spans,
stray markup, deep nesting, wrong charsets, broken JSON, and a wrong content type.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import pytest

from kztariffs.paths import RECORDED_DIR
from scrapers.limits import MAX_HTML_DEPTH, MAX_NESTING, PageRejected
from scrapers.registry import BRANDS
from scrapers.snapshot import Snapshot, SnapshotStore

SNAPSHOTS = sorted(SnapshotStore(RECORDED_DIR), key=lambda s: s.url)
MUTATIONS_PER_PAGE = 25
PER_PAGE_S = 5.0  # a generous bound: a recorded page (< 5 KB) parses in milliseconds

Mutation = Callable[[bytes, random.Random], bytes]


def _truncate(b: bytes, r: random.Random) -> bytes:
    return b[: r.randrange(len(b) + 1)]


def _flip(b: bytes, r: random.Random) -> bytes:
    out = bytearray(b)
    for _ in range(r.randint(1, 20)):
        if out:
            out[r.randrange(len(out))] = r.randrange(256)
    return bytes(out)


def _insert_junk(b: bytes, r: random.Random) -> bytes:
    at = r.randrange(len(b) + 1)
    junk = r.choice(
        [
            b"<",
            b">",
            b"</div></main></body>",
            b"<table><tr><td>",
            b'<a href="http://[oops/">x</a>',
            b'<a href="javascript:alert(1)">x</a>',
            b"<script>window.__INITIAL_STATE__ = {",
            b'{"title": "x", "price": {"amount": -1}}',
            "Безлимит ∞ ГБ 99999999999999999999 ₸".encode(),
            b"\xef\xbb\xbf",
            b"\x00",
            "\u202e\u200b".encode(),
        ]
    )
    return b[:at] + junk + b[at:]


def _repeat_span(b: bytes, r: random.Random) -> bytes:
    if not b:
        return b
    i = r.randrange(len(b))
    j = min(len(b), i + r.randint(1, 200))
    return b[:j] + b[i:j] * r.randint(2, 50) + b[j:]


def _delete_span(b: bytes, r: random.Random) -> bytes:
    if not b:
        return b
    i = r.randrange(len(b))
    return b[:i] + b[i + r.randint(1, 500) :]


def _deep(b: bytes, r: random.Random) -> bytes:
    depth = r.choice([50, 120, MAX_HTML_DEPTH - 5, MAX_HTML_DEPTH + 5, 3000])
    opening, closing = r.choice(
        [
            (b"<div>", b"</div>"),
            (b"<span>", b"</span>"),
            (b"<ul><li>", b"</li></ul>"),  # the parser nests twice per pair
            (b"<table><tr><td>", b"</td></tr></table>"),
            (b"<dl><dd>", b""),
            (b"<b>", b""),
        ]
    )
    return opening * depth + b + closing * depth


def _deep_state(b: bytes, r: random.Random) -> bytes:
    depth = r.choice([100, MAX_NESTING + 5, 20_000])
    state = (
        b"[" * depth + b"]" * depth if r.random() < 0.5 else b'{"a":' * depth + b"1" + b"}" * depth
    )
    return b"<script>window.__INITIAL_STATE__ = " + state + b";</script>" + b


def _recode(b: bytes, r: random.Random) -> bytes:
    text = b.decode("utf-8", "replace")
    return text.encode(r.choice(["cp1251", "koi8-r", "utf-16", "latin-1"]), "replace")


MUTATIONS: list[Mutation] = [
    _truncate,
    _flip,
    _insert_junk,
    _repeat_span,
    _delete_span,
    _deep,
    _deep_state,
    _recode,
]
CONTENT_TYPES = [
    None,  # as recorded
    "text/html",
    "application/json",
    "text/plain",
    "",
    "text/html; charset=koi8-r",
    "application/octet-stream",
]


def _mutants(snap: Snapshot, seed: int) -> list[Snapshot]:
    r = random.Random(seed)
    out = []
    for _ in range(MUTATIONS_PER_PAGE):
        body = snap.body
        for mutation in r.sample(MUTATIONS, r.randint(1, 3)):
            body = mutation(body, r)
        ctype = r.choice(CONTENT_TYPES)
        headers = dict(snap.headers) if ctype is None else {"content-type": ctype}
        out.append(
            Snapshot.from_response(
                operator=snap.operator,
                url=snap.url,
                body=body,
                fetched_at=snap.fetched_at,
                headers=headers,
                final_url=snap.final_url,
            )
        )
    return out


@pytest.mark.parametrize(
    "index", range(len(SNAPSHOTS)), ids=[f"{s.operator}-{i}" for i, s in enumerate(SNAPSHOTS)]
)
def test_no_exception_escapes_parse_or_discover(index: int) -> None:
    snap = SNAPSHOTS[index]
    brand = BRANDS[snap.operator]
    for n, mutant in enumerate(_mutants(snap, seed=1000 * index)):
        started = time.monotonic()
        try:
            brand.discover(mutant)
        except Exception as exc:
            pytest.fail(f"discover raised on mutant {n} of {snap.url}: {type(exc).__name__}: {exc}")
        try:
            brand.parse(mutant)
        except PageRejected:
            pass  # a clear, named rejection is an answer
        except Exception as exc:
            pytest.fail(f"parse raised on mutant {n} of {snap.url}: {type(exc).__name__}: {exc}")
        took = time.monotonic() - started
        assert took < PER_PAGE_S, (
            f"mutant {n} of {snap.url} ({len(mutant.body)} B) took {took:.1f} s"
        )

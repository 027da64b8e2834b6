"""Limits a page must meet before it is parsed: size, nesting, text-ness, line length.

Parsing cost is not linear in everything a hostile or broken page can do: lexbor needs ~50 s for
100k nested <div>s, our renderer recurses per level, and the normalizer's time grows (linearly) with
line length. A page past a limit is rejected with a reason naming the limit, before any parser runs,
instead of stalling a run or ending in a RecursionError. The limits sit far above real tariff
pages (tens to hundreds of KB, nesting under 60 levels, lines under 2,000 characters).
"""

from __future__ import annotations

import json
import re

from selectolax.lexbor import LexborNode

from scrapers.snapshot import Snapshot

MAX_PAGE_BYTES = 2 * 1024 * 1024
MAX_NESTING = 512  # open arrays/objects (JSON), also in state embedded in scripts
# Elements from the root, in the parsed tree: the renderer recurses a few frames per level.
MAX_HTML_DEPTH = 200
MAX_LINE_CHARS = 200_000  # one line of normalizer text (~1.5 s at this length; linear since the
# normalizer looks at most 400 characters either side of a value)
_SNIFF = 8192  # bytes looked at to tell text from binary

# Elements that never hold children, and those whose end tag may be left out (a page that leaves
# out </p> or </li> is not deep, only terse).
_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "tbody",
     "thead", "tfoot", "colgroup", "rt", "rp")
)  # fmt: skip
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
_RAW_TEXT = re.compile(rb"<(script|style|textarea|template)\b.*?</\1\s*>", re.I | re.S)
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


class PageRejected(ValueError):
    """A page refused before parsing; the message names the limit and what to do."""


def check_page(snap: Snapshot) -> None:
    """Raise PageRejected when the page is too big, too deep, binary, or broken JSON."""
    body = snap.body
    if len(body) > MAX_PAGE_BYTES:
        raise PageRejected(
            f"page is {len(body):,} bytes, over the parse limit of {MAX_PAGE_BYTES:,} "
            "(scrapers/limits.py MAX_PAGE_BYTES): not a tariff page?"
        )
    if looks_binary(body):
        raise PageRejected(
            f"body is binary, not text (content type {snap.content_type or 'unknown'!r}): "
            "not a page the parsers can read"
        )
    ctype = snap.content_type
    if "json" in ctype or (not ctype and body.lstrip()[:1] in (b"{", b"[")):
        depth = json_depth(body)
        if depth > MAX_NESTING:
            raise PageRejected(f"JSON nested {depth} levels deep, over {MAX_NESTING}")
        try:
            json.loads(snap.text())
        except ValueError as exc:
            raise PageRejected(
                f"served as JSON ({ctype or 'sniffed'}) but is not valid JSON ({exc}): "
                "truncated reply? it is not parsed as text"
            ) from None
    elif "html" in ctype or "xml" in ctype or body.lstrip()[:1] == b"<":
        depth = html_depth(body)
        if depth > MAX_HTML_DEPTH:
            raise PageRejected(f"HTML nested {depth} elements deep, over {MAX_HTML_DEPTH}")
        # state embedded in scripts (window.__INITIAL_STATE__ = {...}) is decoded as JSON too
        depth = max((json_depth(m.group(0)) for m in _RAW_TEXT.finditer(body)), default=0)
        if depth > MAX_NESTING:
            raise PageRejected(f"a script's data nested {depth} levels deep, over {MAX_NESTING}")


def check_tree(root: LexborNode) -> None:
    """Raise PageRejected when the parsed tree is deeper than MAX_HTML_DEPTH.

    The byte scan of check_page cannot see elements the parser adds or nests by itself
    (`<ul><li>` repeated, tables in cells); this walk, without recursion, can.
    """
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_HTML_DEPTH:
            raise PageRejected(f"HTML nested over {MAX_HTML_DEPTH} elements deep once parsed")
        child = node.child
        while child is not None:
            stack.append((child, depth + 1))
            child = child.next


def check_text(text: str) -> None:
    """Raise PageRejected when a line of normalizer input is longer than MAX_LINE_CHARS."""
    longest = max((len(line) for line in text.split("\n")), default=0)
    if longest > MAX_LINE_CHARS:
        raise PageRejected(
            f"a line of the page's text has {longest:,} characters, over {MAX_LINE_CHARS:,} "
            "(scrapers/limits.py MAX_LINE_CHARS)"
        )


def looks_binary(body: bytes) -> bool:
    """NUL bytes, or many control bytes, in the first few KB: an image, archive or noise."""
    head = body[:_SNIFF]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > 0.05 or not _decodes_as_text(head)


def _decodes_as_text(head: bytes) -> bool:
    """UTF-8 (allowing a cut multibyte character at the end), or mostly letters in cp1251."""
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:
            return True
    # Single-byte Cyrillic pages exist: text is letters, digits, spaces and punctuation.
    text = head.decode("cp1251", "replace")
    plain = sum(1 for c in text if c.isalnum() or c.isspace() or c in ".,:;!?-–—()<>/=\"'«»%₸")
    return plain / len(text) > 0.8


def html_depth(body: bytes) -> int:
    """Deepest nesting of elements, from a scan of the tags (no tree is built)."""
    depth = best = 0
    for closing, name, self_closing in _TAG.findall(_RAW_TEXT.sub(b"", body)):
        if name.lower().decode("ascii") in _VOID or self_closing:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            best = max(best, depth)
    return best


def json_depth(body: bytes) -> int:
    """Deepest nesting of arrays and objects, strings skipped."""
    depth = best = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub(b"", body)):
        if bracket in (b"[", b"{"):
            depth += 1
            best = max(best, depth)
        else:
            depth = max(0, depth - 1)
    return best

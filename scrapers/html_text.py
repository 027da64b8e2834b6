"""HTML to the plain-text shape the normalizer reads, and JSON state out of pages and API replies.

The normalizer is written against text, not markup: one line per block, a table row as
"cell | cell |". Rendering every page the same way here keeps site quirks out of the normalizer
and lets a brand module stay a list of selectors. Embedded state (`__NEXT_DATA__`,
`window.__INITIAL_STATE__ = {...}`) is how the JavaScript sites ship their tariffs, so reading it
lives here too.
"""

from __future__ import annotations

import json
import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.limits import check_tree
from scrapers.snapshot import Snapshot

# Never visible text, or the same on every page (menus, cookie bars): dropped with their subtree.
_DROP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "footer",
        "header",
        "svg",
        "iframe",
        "button",
        "select",
        "option",
        "head",
        "title",
        "meta",
        "link",
    }
)
# Start and end a line.
_BLOCK = frozenset(
    {
        "div",
        "li",
        "dt",
        "dd",
        "tr",
        "thead",
        "tbody",
        "tfoot",
        "form",
        "main",
        "aside",
        "figure",
        "figcaption",
        "blockquote",
        "pre",
        "address",
        "fieldset",
        "details",
        "summary",
        "caption",
        "body",
        "html",
        "label",
        "legend",
        "dialog",
        "table",
    }
)
# Also leave a blank line after them, the way a reader sees paragraphs.
_PARAGRAPH = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "ul", "ol", "dl", "hr"}
)
_CELLS = frozenset({"td", "th"})
# No-break and narrow spaces are kept as spaces ("13 990"); zero-width ones vanish.
_SPACES = str.maketrans(
    {
        "\xa0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
    }
)
_WS = re.compile(r"[ \t\r\n\f\v]+")
_BREAK = "\x00br"  # sentinels: a text node can hold "\n", never NUL
_PARA = "\x00p"


def _is_inline(tag: str | None) -> bool:
    """An element laid out in the line (span, b, a, ...), not text and not a block or cell."""
    return bool(
        tag
        and not tag.startswith("-")
        and tag not in _BLOCK
        and tag not in _PARAGRAPH
        and tag not in _CELLS
        and tag not in _DROP
        and tag not in ("br", "tr", "sup", "sub")
    )


def _clean(text: str) -> str:
    if _ODD_SPACE.search(text):  # translate is slow on Cyrillic text; most text needs none
        text = text.translate(_SPACES)
    return _WS.sub(" ", text).strip()


_ODD_SPACE = re.compile("[" + "".join(re.escape(chr(c)) for c in _SPACES) + "]")


class _Renderer:
    """Depth-first walk that emits text pieces and line breaks, then folds them into lines.

    With `offers`, repeated sibling elements that each hold an offer (see `offer_group`) are
    written between offer marks, so the normalizer reads each card or list item as one offer.
    """

    def __init__(self, *, offers: bool = False) -> None:
        self.out: list[str] = []
        self.offers = offers

    def walk(self, node: LexborNode) -> None:
        tag = node.tag
        if tag == "-text":
            self.out.append(node.text(deep=False) or "")
            return
        if tag is None or tag.startswith("-") or tag in _DROP:
            return
        if tag == "br":
            self.out.append(_BREAK)
            return
        if tag == "tr":
            self.out.append(_BREAK)
            self.out.append(_row(node))
            self.out.append(_BREAK)
            return
        if tag in _CELLS:  # a cell outside a row (broken markup): a line of its own
            self.out.extend((_BREAK, _inline(node), " |", _BREAK))
            return
        block = tag in _BLOCK or tag in _PARAGRAPH
        if block:
            self.out.append(_BREAK)
        members = offer_group(node) if self.offers else set()
        child = node.child
        previous: str | None = None
        while child is not None:
            # Two inline elements side by side ("<span>Интернет</span><b>20 ГБ</b>", laid out
            # apart by CSS) are two pieces of text, not one glued token.
            if previous and _is_inline(previous) and _is_inline(child.tag):
                self.out.append(" ")
            if _node_key(child) in members:
                self.out.extend((_BREAK, OFFER_MARK, _BREAK))
                self.walk(child)
                self.out.extend((_BREAK, OFFER_END, _BREAK))
            else:
                self.walk(child)
            previous = child.tag
            child = child.next
        if tag in _PARAGRAPH:
            self.out.append(_PARA)
        elif block:
            self.out.append(_BREAK)

    def text(self) -> str:
        lines: list[str] = []
        current: list[str] = []
        gap = False  # a paragraph ended: the next non-empty line follows a blank one
        for piece in [*self.out, _BREAK]:
            if piece != _BREAK and piece != _PARA:
                current.append(piece)
                continue
            line = _clean("".join(current))
            current.clear()
            if line:
                if gap and lines:
                    lines.append("")
                lines.append(line)
                gap = False
            gap = gap or piece == _PARA
        return "\n".join(lines)


def _inline(node: LexborNode) -> str:
    """A node's text on one line: its own blocks and breaks become spaces."""
    r = _Renderer()
    child = node.child
    while child is not None:
        r.walk(child)
        child = child.next
    return _clean(" ".join(r.text().split("\n")))


def _row(tr: LexborNode) -> str:
    """'cell | cell |'; empty cells are kept so that columns stay aligned."""
    cells = []
    child = tr.child
    while child is not None:
        if child.tag in _CELLS:
            cells.append(_inline(child))
        child = child.next
    if not any(cells):
        return ""
    return "| " + " | ".join(cells) + " |"


def html_to_text(html: str | LexborNode | LexborHTMLParser, *, offers: bool = False) -> str:
    """Render a page, a parsed tree or one node (e.g. a plan card) to normalizer text.

    `offers=True` marks repeated offer elements (for markup no brand selector knows)."""
    if isinstance(html, str):
        html = LexborHTMLParser(html)
    if isinstance(html, LexborHTMLParser):
        root = html.body or html.root
        if root is None:
            return ""
        html = root
    check_tree(html)  # the walk below recurses per level: PageRejected before RecursionError
    r = _Renderer(offers=offers)
    r.walk(html)
    return r.text()


# --- repeated offers ------------------------------------------------------------------------

OFFER_MARK = "\u2042offer"  # the normalizer's `lines.OFFER_MARK`: one offer's lines follow
OFFER_END = "\u2042end"
_MAX_OFFER_TEXT = 1500


def _node_key(node: LexborNode) -> tuple[str | None, int | None]:
    return (node.tag, getattr(node, "mem_id", None))


def _signature(node: LexborNode) -> tuple[str, str]:
    return (node.tag or "", " ".join(sorted((node.attributes.get("class") or "").split())))


def offer_group(node: LexborNode) -> set[object]:
    """Children of `node` that are repeated offers: two or more siblings of one tag (cards of
    any markup, list items) that each hold an allowance, two of them with a price of their own
    (or one, when the siblings share their classes exactly). Feature lists inside a card
    (allowances, no price) and a plan's sections are not offers."""
    from normalizer.money import find_money
    from normalizer.quantities import find_quantities
    from normalizer.unlimited import UNLIMITED

    groups: dict[tuple[str, str], list[LexborNode]] = {}
    child = node.child
    while child is not None:
        tag = child.tag
        if tag and not tag.startswith("-") and tag not in _DROP | _CELLS and tag != "tr":
            groups.setdefault((tag, ""), []).append(child)  # "card card--hit" is a card too
        child = child.next
    members: set[object] = set()
    for siblings in groups.values():
        if len(siblings) < 2:
            continue
        facts: dict[object, set[str]] = {}
        anchors = 0
        classes = {_signature(sib) for sib in siblings}
        for sib in siblings:
            text = "\n".join(
                " ".join(ln.split())
                for ln in (sib.text(deep=True, separator="\n") or "").split("\n")
            ).strip()
            if not text or len(text) > _MAX_OFFER_TEXT:
                continue
            kinds = {
                q.kind
                for q in find_quantities(text)
                if q.kind in ("data", "minutes", "sms") and q.value > 1
            }
            kinds |= {"unlimited"} if UNLIMITED.search(text) else set()
            prices = [m for m in find_money(text) if not m.rate]
            # an offer: one price (two at most: old and new) for what it gives; a block of
            # rates ("1 мин 8 теңге", "1 SMS 8 теңге"...) is not one
            if kinds and 1 <= len(prices) <= 2:
                anchors += 1
            if kinds:  # a card without a price ("Router Start: 7 GB") is still an offer
                facts[_node_key(sib)] = kinds
        # cards without a price join their priced siblings: two priced ones, or one when every
        # sibling carries the same classes (a grid of one card kind, some showing no price)
        same_kind = len(classes) == 1 and bool(siblings[0].attributes.get("class"))
        if anchors >= 2 or (anchors == 1 and same_kind and len(facts) >= 2):
            members.update(facts)
    return members


# --- embedded state and JSON payloads ---------------------------------------------------------

_STATE_ASSIGN = re.compile(
    r"window\.(__[A-Z_]+__|__NUXT__|__APOLLO_STATE__)\s*=\s*", re.S
)  # e.g. window.__INITIAL_STATE__ = {...};


def embedded_state(html: str | LexborHTMLParser) -> list[Any]:
    """Every JSON state a page embeds: `__NEXT_DATA__`, JSON script tags, `window.__X__ = {}`."""
    tree = LexborHTMLParser(html) if isinstance(html, str) else html
    found: list[Any] = []
    for script in tree.css('script[type="application/json"], script[type="application/ld+json"]'):
        value = _loads(script.text(deep=True))
        if value is not None:
            found.append(value)
    decoder = json.JSONDecoder()
    for script in tree.css("script:not([src])"):
        code = script.text(deep=True) or ""
        for match in _STATE_ASSIGN.finditer(code):
            try:
                value, _end = decoder.raw_decode(code, match.end())
            except json.JSONDecodeError:
                continue
            found.append(value)
    return found


def next_data(html: str | LexborHTMLParser) -> Any | None:
    """The `<script id="__NEXT_DATA__">` payload of a Next.js page, or None."""
    tree = LexborHTMLParser(html) if isinstance(html, str) else html
    node = tree.css_first("script#__NEXT_DATA__")
    return _loads(node.text(deep=True)) if node is not None else None


def json_payload(snap: Snapshot) -> Any | None:
    """The body of a JSON API reply (any `json` content type, or a body that is plainly JSON)."""
    ctype = snap.content_type
    text = snap.text()
    if "json" in ctype or (not ctype and text.lstrip()[:1] in ("{", "[")):
        return _loads(text)
    return None


def _loads(text: str | None) -> Any | None:
    if not text or not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None

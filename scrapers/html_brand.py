"""The parse() all brands share: pick the plan region by CSS, render it, call the normalizer.

A brand module only declares selectors. Which region holds a plan, where its cards are and what
marks a business page are the facts the markup gives reliably; everything read from the words
(prices, quotas, periods, rollover) is the normalizer's job, so it is written once.
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from schema.draft import Draft
from scrapers.base import Brand
from scrapers.html_text import html_to_text, json_payload
from scrapers.limits import check_page, check_text
from scrapers.snapshot import Snapshot


def extract(text: str, *, operator: str, url: str | None, title: str | None) -> list[Draft]:
    """The normalizer's entry point, imported late so that brands import without it."""
    from normalizer import extract_plans

    if not text.strip():
        return []
    check_text(text)  # before the normalizer, whose time grows with line length
    return extract_plans(text, operator=operator, url=url, title=title)


def node_text(node: LexborNode | None) -> str | None:
    if node is None:
        return None
    text = " ".join((node.text(deep=True, separator=" ") or "").split())
    return text or None


# Where a page's own content usually is, when none of a brand's selectors matches.
FALLBACK_REGIONS = ("main", "article", "#content", ".content", "body")


class HtmlBrand(Brand):
    """A brand whose plan pages are server-rendered HTML (plain text and JSON are handled too)."""

    # The region of a plan page that holds its facts, first match wins. A page where none matches
    # is a listing (or a page of another kind) and yields no plans.
    region_selectors: ClassVar[tuple[str, ...]] = ("main",)
    # One plan per card when the region repeats them (a product with several packages).
    card_selector: ClassVar[str | None] = None
    card_title_selector: ClassVar[str | None] = None
    title_selector: ClassVar[str] = "h1"
    # Inside the region but never plan facts: breadcrumbs, forms, "other tariffs" carousels.
    strip_selectors: ClassVar[tuple[str, ...]] = (".breadcrumbs", "form", ".btn")
    # Card titles that name a package of the page's product ("Пакет 1" on "Workmate") get the
    # product's heading in front, so that plan names (and ids) are unique across pages.
    qualify_card_titles: ClassVar[bool] = False
    business_hosts: ClassVar[frozenset[str]] = frozenset()
    business_path_prefixes: ClassVar[tuple[str, ...]] = ("/b2b/", "/business/")

    def parse(self, snap: Snapshot) -> list[Draft]:
        if snap.status >= 400 or not snap.body:
            return []
        check_page(snap)  # raises PageRejected: too big, too deep, binary, broken JSON
        payload = json_payload(snap)
        if payload is not None:
            drafts = self.parse_json(payload, snap)
        elif "html" in snap.content_type or snap.text().lstrip()[:1] == "<":
            drafts = self.parse_html(LexborHTMLParser(snap.text()), snap)
        else:  # a plain-text page goes to the normalizer as it is
            drafts = extract(snap.text(), operator=self.operator, url=snap.url, title=None)
        return [self.finish(d, snap) for d in drafts]

    def parse_json(self, payload: Any, snap: Snapshot) -> list[Draft]:
        """JSON replies carry no plans unless a brand knows their shape (see t2_platform)."""
        return []

    def parse_html(self, tree: LexborHTMLParser, snap: Snapshot) -> list[Draft]:
        region = self.region(tree)
        if region is None:
            # Markup we have not seen (a redesign, another section of the site): read the page's
            # main content rather than nothing — unless it is a listing of plan pages.
            if self.discover(snap):
                return []
            region = next(
                (n for sel in FALLBACK_REGIONS if (n := tree.css_first(sel)) is not None), None
            )
            if region is None:
                return []
        for selector in self.strip_selectors:
            for node in region.css(selector):
                node.decompose()
        heading = node_text(region.css_first(self.title_selector)) or node_text(
            tree.css_first(self.title_selector)
        )
        cards = region.css(self.card_selector) if self.card_selector else []
        if not cards:
            text = html_to_text(region, offers=True)
            return extract(text, operator=self.operator, url=snap.url, title=heading)
        drafts: list[Draft] = []
        for card in cards:
            drafts.extend(self.parse_card(card, heading, snap))
        return drafts

    def parse_card(self, card: LexborNode, heading: str | None, snap: Snapshot) -> list[Draft]:
        title = node_text(card.css_first(self.card_title_selector or self.title_selector))
        if (
            title
            and heading
            and self.qualify_card_titles
            and heading.casefold() not in (title.casefold())
        ):
            title = f"{heading} {title}"
        found = extract(html_to_text(card), operator=self.operator, url=snap.url, title=title)
        if title and len(found) == 1:
            found[0].name = title  # the card's own heading names its plan
        return found

    def region(self, tree: LexborHTMLParser) -> LexborNode | None:
        for selector in self.region_selectors:
            node = tree.css_first(selector)
            if node is not None:
                return node
        return None

    def is_business(self, url: str) -> bool:
        parts = urlsplit(url)
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        return parts.hostname in self.business_hosts or any(
            p in path for p in self.business_path_prefixes
        )

    def finish(self, draft: Draft, snap: Snapshot) -> Draft:
        """Brand-level facts: whose plan, which page, and business when the site section says so."""
        draft.operator = self.operator
        draft.url = draft.url or snap.url
        if self.is_business(snap.final_url or snap.url):
            draft.segment = "business"
        return draft

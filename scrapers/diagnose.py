"""What a brand module saw on one page: the raw material of `tariffs probe` and of drift alarms.

For each snapshot: status, size, whether a browser rendered it, the plan links `discover` found,
the offers `parse` segmented and how many facts each carries, and which of the brand's CSS
selectors matched nothing on it. Pure: reads the snapshot, never the network.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field
from selectolax.lexbor import LexborHTMLParser

from scrapers.base import Brand
from scrapers.crawl import COMPANION_OF
from scrapers.render import RENDERED
from scrapers.snapshot import Snapshot


class PageDiagnosis(BaseModel):
    url: str
    status: int
    bytes: int
    content_type: str
    rendered: bool
    captured_by: str | None = None  # the rendered page that fetched this JSON, if any
    links: int = 0
    offers: int = 0
    facts_per_offer: list[int] = Field(default_factory=list)
    selectors_matched: list[str] = Field(default_factory=list)
    selectors_unmatched: list[str] = Field(default_factory=list)
    error: str | None = None


def brand_selectors(brand: Brand) -> list[str]:
    """The CSS selectors a brand relies on (listing links, plan region, cards), in order."""
    found: list[str] = []
    for name in ("plan_link_selector", "card_selector", "card_title_selector"):
        value = getattr(brand, name, None)
        if value:
            found.append(value)
    found += list(getattr(brand, "region_selectors", ()))
    return list(dict.fromkeys(found))


def _is_html(snap: Snapshot) -> bool:
    return "html" in snap.content_type or (not snap.content_type and snap.body.lstrip()[:1] == b"<")


def offer_facts(brand: Brand, snap: Snapshot) -> list[int]:
    """Number of known facts of each offer the brand reads on the page (validated plans)."""
    from kztariffs.pipeline import parse_snapshots
    from schema.flat import FACT_COLUMNS, flatten

    plans, _ = parse_snapshots(brand, [snap])
    counts = []
    for plan in plans:
        row = flatten(plan)
        counts.append(sum(row[c] not in (None, "unknown") for c in FACT_COLUMNS))
    return counts


def diagnose(brand: Brand, snap: Snapshot) -> PageDiagnosis:
    out = PageDiagnosis(
        url=snap.url,
        status=snap.status,
        bytes=len(snap.body),
        content_type=snap.content_type,
        rendered=RENDERED in snap.headers,
        captured_by=snap.headers.get(COMPANION_OF),
    )
    try:
        out.links = len(brand.discover(snap))
        facts = offer_facts(brand, snap)
        out.offers, out.facts_per_offer = len(facts), facts
    except Exception as exc:  # a probe reports a broken parser, it does not stop on it
        out.error = f"{type(exc).__name__}: {exc}"
    if _is_html(snap):
        tree = LexborHTMLParser(snap.text())
        for selector in brand_selectors(brand):
            try:
                hit = tree.css_first(selector) is not None
            except Exception:  # a selector lexbor cannot read counts as matching nothing
                hit = False
            (out.selectors_matched if hit else out.selectors_unmatched).append(selector)
    return out


def diagnose_all(brand: Brand, snapshots: Iterable[Snapshot]) -> list[PageDiagnosis]:
    return [diagnose(brand, s) for s in sorted(snapshots, key=lambda s: s.url)]


def selectors_matching_nowhere(brand: Brand, pages: list[PageDiagnosis]) -> list[str]:
    """The brand's selectors that matched on no HTML page at all (sorted)."""
    html = [p for p in pages if p.selectors_matched or p.selectors_unmatched]
    if not html:
        return []
    matched = {s for p in html for s in p.selectors_matched}
    return sorted(set(brand_selectors(brand)) - matched)

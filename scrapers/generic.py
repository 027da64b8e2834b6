"""A brand-less parser for pages of operators without a module (used by `tariffs extract`)."""

from __future__ import annotations

from schema.draft import Draft
from scrapers.base import Brand
from scrapers.snapshot import Snapshot


class GenericBrand(Brand):
    """Whole page → text → shared normalizer; no site-specific selectors."""

    hosts = frozenset()
    start_urls = ()
    parser_version = "1"

    def __init__(self, operator: str) -> None:
        self.operator = operator  # type: ignore[misc]

    def parse(self, snap: Snapshot) -> list[Draft]:
        from normalizer import extract_plans
        from scrapers.html_text import html_to_text
        from scrapers.limits import check_page, check_text

        check_page(snap)
        text = snap.text()
        if "html" in snap.content_type:
            text = html_to_text(text, offers=True)
        check_text(text)
        return extract_plans(text, operator=self.operator, url=snap.url)

"""The shared shape of a brand scraper, in the spirit of one small spider per source.

A brand module declares where its pages are (`start_urls`, `hosts`), how to find plan pages on a
listing page (`discover`), and how to turn one snapshot into drafts (`parse`). `parse` is pure: no
network, no clock, no files, so any stored snapshot can be parsed again (see `tariffs reparse`).
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

from schema.draft import Draft
from scrapers.snapshot import Snapshot


class Brand:
    operator: ClassVar[str]
    # Hosts the brand's pages may live on; a redirect anywhere else is refused.
    hosts: ClassVar[frozenset[str]]
    start_urls: ClassVar[tuple[str, ...]]
    # Bump when parse() changes what it extracts: releases record it, reparse compares it.
    parser_version: ClassVar[str] = "1"
    # CSS selector of links from a listing page to plan pages (None: listing pages have none).
    plan_link_selector: ClassVar[str | None] = None
    # Script-built pages: load them in headless Chromium (scrapers/render.py) and keep the
    # rendered DOM plus every JSON reply the page fetched. Deployment settings can override it.
    render: ClassVar[bool] = False
    # CSS selector that appears once the page's scripts have built its content (None: network idle).
    render_wait_selector: ClassVar[str | None] = None
    # Regular expressions a sitemap URL's path must match to be crawled when the listings link to
    # nothing (scrapers/sitemap.py); empty: anything below a start URL's path.
    sitemap_paths: ClassVar[tuple[str, ...]] = ()

    def discover(self, snap: Snapshot) -> list[str]:
        """Plan-page URLs linked from a listing page, on the brand's own hosts, sorted.

        The brand's selector first; where it matches nothing (markup we have not seen), links to
        pages below the listing's own path ("/ru/products/tariffs" → "/ru/products/tariffs/x").
        """
        if "html" not in (snap.content_type or "text/html"):
            return []
        from selectolax.lexbor import LexborHTMLParser

        from scrapers.limits import PageRejected, check_page

        try:
            check_page(snap)
        except PageRejected:
            return []  # parse() reports why; a page past the limits is never put in a tree

        tree = LexborHTMLParser(snap.text())
        base = snap.final_url or snap.url
        found = self._links(tree, base, self.plan_link_selector) if self.plan_link_selector else []
        if found:
            return found
        prefix = urlsplit(base).path.rstrip("/") + "/"
        if prefix == "/":
            return []
        return [
            u for u in self._links(tree, base, "a[href]") if urlsplit(u).path.startswith(prefix)
        ]

    def _links(self, tree: Any, base: str, selector: str) -> list[str]:
        found = set()
        for node in tree.css(selector):
            href = node.attributes.get("href")
            if not href:
                continue
            try:
                url = urljoin(base, href.strip()).split("#")[0]
                host = urlsplit(url).hostname
            except ValueError:  # a malformed href ("http://[oops/") loses only itself
                continue
            if host in self.hosts and url != base:
                found.add(url)
        return sorted(found)

    def parse(self, snap: Snapshot) -> list[Draft]:  # pragma: no cover - every brand overrides
        raise NotImplementedError

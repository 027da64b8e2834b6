"""Sitemap discovery: the fallback when a brand's listing pages link to no plan page.

A redesign can break a listing selector, and a script-built listing has no links at all; the
site's sitemaps usually still list every tariff page. Where to look, in order: the `Sitemap:` lines
of each start URL's robots.txt (read with Protego), then `/sitemap.xml`. Sitemap indexes are
followed (bounded), gzip sitemaps are unpacked, and only URLs on the brand's hosts whose path
matches the brand's `sitemap_paths` (regular expressions; by default: below a start URL's path)
are kept.

Sitemaps are read through the crawl's `PageSource`, so a live run stores them with its pages and a
replay of a recorded store finds the same plan pages again. They are never parsed for plans.
"""

from __future__ import annotations

import gzip
import re
import time
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

from protego import Protego

from scrapers.base import Brand
from scrapers.crawl import COMPANION_OF, CrawlResult, PageSource, Progress, crawl
from scrapers.fetch import FetchError

MAX_SITEMAPS = 20  # sitemap files read per crawl, indexes included
MAX_URLS = 2000  # <loc> entries considered per crawl


def path_patterns(brand: Brand) -> list[re.Pattern[str]]:
    """The brand's sitemap path patterns; default: anything below a start URL's path."""
    if brand.sitemap_paths:
        return [re.compile(p) for p in brand.sitemap_paths]
    prefixes = sorted(
        {urlsplit(u).path.rstrip("/") + "/" for u in brand.start_urls} - {"/"}, key=len
    )
    return [re.compile(re.escape(p) + ".+") for p in prefixes]


def _origins(brand: Brand) -> list[str]:
    found = []
    for url in brand.start_urls:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in found:
            found.append(origin)
    return found


def _locs(body: bytes) -> tuple[list[str], list[str]]:
    """(page URLs, child sitemap URLs) of one sitemap file; empty when it is not a sitemap."""
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return [], []
    kind = root.tag.rsplit("}", 1)[-1]
    locs = [(el.text or "").strip() for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "loc"]
    locs = [loc for loc in locs if loc]
    return ([], locs) if kind == "sitemapindex" else (locs, [])


async def _get(source: PageSource, url: str, brand: Brand, hosts: frozenset[str]) -> bytes | None:
    get = getattr(source, "get_unrendered", source.get)  # a browser has nothing to build here
    try:
        snap = await get(url, operator=brand.operator, allowed_hosts=hosts)
    except FetchError:
        return None
    return snap.body if 200 <= snap.status < 300 else None


async def sitemap_urls(brand: Brand, source: PageSource) -> list[str]:
    """Plan-page candidates from the brand's sitemaps, on its hosts and paths, sorted."""
    hosts = frozenset(h.lower() for h in brand.hosts)
    queue: list[str] = []
    for origin in _origins(brand):
        robots = await _get(source, f"{origin}/robots.txt", brand, hosts)
        listed = list(Protego.parse(robots.decode("utf-8", "replace")).sitemaps) if robots else []
        queue += [urljoin(origin, s) for s in listed] or [f"{origin}/sitemap.xml"]
    patterns = path_patterns(brand)
    found: set[str] = set()
    seen: set[str] = set()
    considered = 0
    while queue and len(seen) < MAX_SITEMAPS and considered < MAX_URLS:
        url = queue.pop(0)
        if url in seen or (urlsplit(url).hostname or "").lower() not in hosts:
            continue
        seen.add(url)
        body = await _get(source, url, brand, hosts)
        if body is None:
            continue
        pages, children = _locs(body)
        queue += children
        for page in pages[: MAX_URLS - considered]:
            considered += 1
            parts = urlsplit(page)
            if (parts.hostname or "").lower() in hosts and any(
                p.fullmatch(parts.path) for p in patterns
            ):
                found.add(page.split("#")[0])
    return sorted(found - set(brand.start_urls))


def discovered_nothing(brand: Brand, result: CrawlResult) -> bool:
    """True when the crawl got no page beyond its start URLs (captured JSON aside)."""
    starts = set(brand.start_urls)
    return not any(s.url not in starts and COMPANION_OF not in s.headers for s in result.snapshots)


def _starting_at(brand: Brand, urls: list[str]) -> Brand:
    class FromSitemap(type(brand)):  # type: ignore[misc]
        start_urls = tuple(urls)

    return FromSitemap()


async def crawl_with_sitemaps(
    brand: Brand,
    source: PageSource,
    *,
    max_pages: int = 200,
    progress: Progress | None = None,
) -> CrawlResult:
    """`crawl`, then, when the listings linked to nothing, the plan pages the sitemaps list."""
    started = time.perf_counter()
    result = await crawl(brand, source, max_pages=max_pages, progress=progress)
    if not discovered_nothing(brand, result):
        return result
    have = {s.url for s in result.snapshots}
    urls = [u for u in await sitemap_urls(brand, source) if u not in have]
    if progress:
        progress(f"{brand.operator}: listings linked to no plan page; sitemaps list {len(urls)}")
    if not urls:
        return result
    budget = max(0, max_pages - len(result.statuses))
    extra = await crawl(_starting_at(brand, urls), source, max_pages=budget, progress=progress)
    by_url = {s.url: s for s in result.snapshots}
    for snap in extra.snapshots:
        by_url.setdefault(snap.url, snap)
    result.snapshots = [by_url[u] for u in sorted(by_url)]
    result.errors += extra.errors
    result.statuses.update(extra.statuses)
    result.timings.update(extra.timings)
    result.skipped += extra.skipped
    result.duration_s = time.perf_counter() - started
    return result

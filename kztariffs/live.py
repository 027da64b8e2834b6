"""How a run gets one operator's pages: settings → fetcher (with its cache) → browser if the brand
renders → crawl with the sitemap fallback → a summary of what happened.

The flow, `tariffs probe` and `tariffs record` all crawl through `crawl_operator`, so a probe sees
exactly what a scheduled run would.
"""

from __future__ import annotations

from contextlib import AsyncExitStack
from pathlib import Path
from typing import Literal

from kztariffs.settings import Settings
from scrapers.base import Brand
from scrapers.cache import CachingFetcher, WireStats
from scrapers.crawl import CrawlResult, LiveSource, PageSource, Progress, RecordedSource
from scrapers.render import Renderer, RenderingSource
from scrapers.sitemap import crawl_with_sitemaps
from scrapers.snapshot import SnapshotStore


def configured(brand: Brand, settings: Settings) -> Brand:
    """The brand as this deployment runs it: hosts within the allowlist, render as configured."""
    hosts = brand.hosts
    if settings.allowed_hosts is not None:
        hosts = frozenset(h for h in brand.hosts if h in set(settings.allowed_hosts))
    render = settings.render.get(brand.operator, brand.render)
    if hosts == brand.hosts and render == brand.render:
        return brand

    class Deployed(type(brand)):  # type: ignore[misc]
        pass

    Deployed.hosts = hosts
    Deployed.render = render
    Deployed.__name__ = type(brand).__name__
    return Deployed()


class LiveCrawl:
    """One operator's crawl plus what went over the wire (for the run's summary)."""

    def __init__(self, result: CrawlResult, wire: WireStats | None, rendered: int) -> None:
        self.result = result
        self.wire = wire
        self.rendered = rendered

    def summary(self) -> str:
        r = self.result
        parts = [f"{len(r.snapshots)} pages"]
        if self.rendered:
            parts.append(f"{self.rendered} rendered")
        if self.wire is not None:
            parts.append(
                f"{self.wire.requests} requests ({self.wire.not_modified} not modified, "
                f"{self.wire.retryable} answered 429/5xx and retried, "
                f"{self.wire.body_bytes:,} body bytes)"
            )
        retried = [reason for _url, reason in r.errors if "attempts" in reason]
        parts.append(f"{len(r.errors)} failed ({len(retried)} after retries)")
        parts.append(f"{len(r.skipped)} skipped over max_pages")
        return f"{r.operator}: " + ", ".join(parts)


async def crawl_operator(
    brand: Brand,
    *,
    source: Literal["live", "recorded"],
    recorded_dir: Path | None = None,
    settings: Settings | None = None,
    store: SnapshotStore | None = None,
    progress: Progress | None = None,
) -> LiveCrawl:
    """Crawl one operator live (politely, cached, rendered where asked) or from a snapshot store.

    `store`: also write every page (and sitemap, and captured JSON) there — `tariffs record`.
    """
    settings = settings or Settings()
    brand = configured(brand, settings)
    if source == "recorded":
        if recorded_dir is None:
            raise ValueError("source='recorded' needs recorded_dir")
        replay = RecordedSource(SnapshotStore(recorded_dir))
        result = await crawl_with_sitemaps(
            brand, replay, max_pages=settings.max_pages, progress=progress
        )
        return LiveCrawl(result, None, 0)
    async with AsyncExitStack() as stack:
        fetcher = await stack.enter_async_context(
            CachingFetcher(settings.fetch_settings(), cache_dir=settings.cache_dir)
        )
        pages: PageSource
        if brand.render:
            renderer = await stack.enter_async_context(
                Renderer(fetcher, executable=settings.chromium)
            )
            pages = RenderingSource(
                fetcher, renderer, {brand.operator: brand.render_wait_selector}, store
            )
        else:
            pages = LiveSource(fetcher, store)
        result = await crawl_with_sitemaps(
            brand, pages, max_pages=settings.max_pages, progress=progress
        )
        rendered = len(pages.rendered) if isinstance(pages, RenderingSource) else 0
        return LiveCrawl(result, fetcher.wire, rendered)

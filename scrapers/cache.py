"""Conditional GET between runs: an RFC 9111 cache (hishel) under the Fetcher, kept on disk.

Tariff pages change rarely; a daily run that downloads every page again wastes the operators'
bandwidth and ours. The cache stores each response with its validators (ETag, Last-Modified) in
a SQLite file in the cache folder; every request is sent with `Cache-Control: no-cache`, so the
cache always asks the site (`If-None-Match` / `If-Modified-Since`) instead of trusting its own
freshness guess, and an unchanged page costs a 304 with no body. What the Fetcher returns is the
same either way: the full body, from the cache when the site said "not modified".

It is a private cache (`shared=False`): one client, our own requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx
from hishel import AsyncSqliteStorage, CacheOptions
from hishel.httpx import AsyncCacheTransport

from scrapers.fetch import Fetcher, FetchSettings

CACHE_FILE = "http-cache.sqlite"


@dataclass
class WireStats:
    """What went over the network (below the cache): requests, 304s and body bytes."""

    requests: int = 0
    not_modified: int = 0
    body_bytes: int = 0
    retryable: int = 0  # 429/5xx answers (the Fetcher retries them)


class _CountingTransport(httpx.AsyncBaseTransport):
    """Counts what the network answered, under the cache (a 304 here is a revalidated page)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, stats: WireStats) -> None:
        self.inner = inner
        self.stats = stats

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        self.stats.requests += 1
        if response.status_code == 304:
            self.stats.not_modified += 1
        if response.status_code == 429 or response.status_code >= 500:
            self.stats.retryable += 1
        length = response.headers.get("content-length", "")
        if length.isdigit():
            self.stats.body_bytes += int(length)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


class CachingFetcher(Fetcher):
    """A Fetcher whose GETs are revalidated against a cache persisted in `cache_dir`."""

    def __init__(self, settings: FetchSettings | None = None, *, cache_dir: Path) -> None:
        super().__init__(settings)
        self.cache_dir = Path(cache_dir)
        self.wire = WireStats()

    def transport(self) -> httpx.AsyncBaseTransport:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        network = _CountingTransport(httpx.AsyncHTTPTransport(http2=self.settings.http2), self.wire)
        return _AlwaysRevalidate(
            AsyncCacheTransport(
                next_transport=network,
                storage=AsyncSqliteStorage(database_path=self.cache_dir / CACHE_FILE),
                rfc=CacheOptions(shared=False),
            )
        )


class _AlwaysRevalidate(httpx.AsyncBaseTransport):
    """Adds `Cache-Control: no-cache` so a stored page is always revalidated, never assumed."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and "cache-control" not in request.headers:
            request.headers["Cache-Control"] = "no-cache"
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()

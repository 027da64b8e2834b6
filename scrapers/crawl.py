"""Crawl one operator's pages: start URLs, then the plan pages `Brand.discover` finds on them.

The crawl only talks to a `PageSource`, so the same code runs live (`LiveSource`, through the polite
`Fetcher`) or on recorded snapshots (`RecordedSource`), and parsing never touches the network.
A failing page is recorded in `CrawlResult.errors` and the crawl goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

from scrapers.base import Brand
from scrapers.fetch import Fetcher, FetchError, OffsiteRedirect
from scrapers.snapshot import DamagedSnapshot, Snapshot, SnapshotStore

Progress = Callable[[str], None]
# Header marking a snapshot captured while another page loaded (a JSON reply a rendered page
# fetched); its value is that page's URL, so a replay brings the capture back with the page.
COMPANION_OF = "x-kztariffs-companion-of"


class PageSource(Protocol):
    async def get(self, url: str, *, operator: str, allowed_hosts: frozenset[str]) -> Snapshot:
        """The page at `url`, or a FetchError."""
        ...


class LiveSource:
    """Pages from the network; each one is also written to `store` when one is given."""

    def __init__(self, fetcher: Fetcher, store: SnapshotStore | None = None) -> None:
        self.fetcher = fetcher
        self.store = store

    async def get(self, url: str, *, operator: str, allowed_hosts: frozenset[str]) -> Snapshot:
        snap = await self.fetcher.fetch(url, operator=operator, allowed_hosts=allowed_hosts)
        if self.store is not None:
            await asyncio.to_thread(self.store.put, snap)
        return snap


class NotRecorded(FetchError):
    kind = "not recorded"
    hint = "record it with a live run (tariffs run --source live) or drop it from the brand"


class RecordedSource:
    """Pages from a snapshot store, newest snapshot per (operator, URL); no network at all."""

    def __init__(self, store: SnapshotStore) -> None:
        self.store = store
        self._by_operator: dict[str, dict[str, Snapshot]] = {}

    async def get(self, url: str, *, operator: str, allowed_hosts: frozenset[str]) -> Snapshot:
        if operator not in self._by_operator:
            records = await asyncio.to_thread(self.store.records)
            self._by_operator[operator] = {s.url: s for s in records if s.operator == operator}
        record = self._by_operator[operator].get(url)  # the newest: records are oldest first
        if record is None:
            raise NotRecorded(url, f"not recorded in {self.store.root} for {operator}")
        snap = self.store.load(record)  # a damaged blob fails this page only
        final_host = urlsplit(snap.final_url or url).hostname
        if allowed_hosts and final_host not in allowed_hosts:
            raise OffsiteRedirect(url, f"recorded as redirected to {snap.final_url}")
        return snap

    def companions(self, url: str, operator: str) -> list[Snapshot]:
        """Snapshots captured while `url` rendered (see scrapers/render.py), newest per URL, with
        their bodies; a damaged one is left out (a live run restores it)."""
        found = []
        for record in self._by_operator.get(operator, {}).values():
            if _companion_of(record) == url:
                with contextlib.suppress(DamagedSnapshot):
                    found.append(self.store.load(record))
        return found


def _companion_of(snap: Snapshot) -> str | None:
    return snap.headers.get(COMPANION_OF)


@dataclass
class CrawlResult:
    """What one operator's crawl got: pages (in URL order), failures, and how long each took."""

    operator: str
    snapshots: list[Snapshot] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    kinds: dict[str, str] = field(default_factory=dict)  # url -> short public kind of its error
    statuses: dict[str, int] = field(default_factory=dict)  # url -> HTTP status, when known
    timings: dict[str, float] = field(default_factory=dict)  # url -> seconds spent getting it
    skipped: list[str] = field(default_factory=list)  # found but over max_pages
    duration_s: float = 0.0


def _clean(url: str) -> str:
    return url.split("#")[0]


async def crawl(
    brand: Brand,
    source: PageSource,
    *,
    max_pages: int = 200,
    progress: Progress | None = None,
) -> CrawlResult:
    """Breadth-first over start URLs and discovered plan pages, each URL once, brand hosts only."""
    started = time.perf_counter()
    result = CrawlResult(operator=brand.operator)
    hosts = frozenset(h.lower() for h in brand.hosts)
    queue = deque(dict.fromkeys(_clean(u) for u in brand.start_urls))
    seen = set(queue)
    fetched: dict[str, Snapshot] = {}
    attempted = 0

    while queue:
        url = queue.popleft()
        if attempted >= max_pages:
            result.skipped = [url, *queue]
            if progress:
                progress(f"{brand.operator}: max_pages={max_pages} reached, {len(queue) + 1} left")
            break
        if (urlsplit(url).hostname or "").lower() not in hosts:
            result.errors.append((url, f"not on the brand's hosts {sorted(hosts)}"))
            continue
        attempted += 1
        t0 = time.perf_counter()
        try:
            snap = await source.get(url, operator=brand.operator, allowed_hosts=hosts)
        except FetchError as exc:
            result.errors.append((url, exc.detail))
            result.kinds[url] = exc.kind
            if exc.status is not None:
                result.statuses[url] = exc.status
            if progress:
                progress(f"{brand.operator}: failed {url}: {exc.reason}")
            continue
        except Exception as exc:  # one broken page must not end the crawl
            result.errors.append((url, f"unexpected {type(exc).__name__}: {exc}"))
            result.kinds[url] = "unexpected error"
            continue
        finally:
            result.timings[url] = time.perf_counter() - t0
        fetched[url] = snap
        result.statuses[url] = snap.status
        companions = getattr(source, "companions", None)
        for extra in companions(url, brand.operator) if companions else []:
            fetched.setdefault(extra.url, extra)
        if snap.final_url:
            seen.add(_clean(snap.final_url))
        if progress:
            progress(f"{brand.operator}: got {url} ({len(snap.body)} bytes)")
        try:
            found = brand.discover(snap)
        except Exception as exc:  # keep the page; report that its links are unknown
            result.errors.append((url, f"discover failed: {type(exc).__name__}: {exc}"))
            continue
        for link in map(_clean, found):
            if link not in seen and (urlsplit(link).hostname or "").lower() in hosts:
                seen.add(link)
                queue.append(link)

    result.snapshots = [fetched[u] for u in sorted(fetched)]
    result.duration_s = time.perf_counter() - started
    return result


async def crawl_many(
    brands: Iterable[Brand],
    source: PageSource,
    *,
    concurrency: int | None = None,
    max_pages: int = 200,
    progress: Progress | None = None,
) -> dict[str, CrawlResult]:
    """Crawl several brands at once (all of them, or at most `concurrency`), results by operator.

    Politeness per host is the Fetcher's job (one request in flight per host), so two brands
    that share a host still take turns there; a cap across brands would only leave hosts idle.
    """
    brands = list(brands)
    bound = asyncio.Semaphore(concurrency or max(len(brands), 1))

    async def one(brand: Brand) -> CrawlResult:
        async with bound:
            return await crawl(brand, source, max_pages=max_pages, progress=progress)

    results = await asyncio.gather(*(one(b) for b in brands))
    return {r.operator: r for r in results}

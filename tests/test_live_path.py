"""The live network path end to end: every brand crawled over real HTTP from 127.0.0.1.

Each of a brand's hosts is played by a local server that serves the recorded pages at their own
paths (links rewritten to the local servers); the brand's real discovery and parser run on what
comes over the wire, through the real Fetcher (robots.txt, per-host lock, retries). The facts must
equal those read from the same pages in recorded mode: `--live` differs only in where bytes come
from.
"""

from __future__ import annotations

import asyncio
from contextlib import ExitStack
from urllib.parse import urlsplit

import pytest

from kztariffs.paths import RECORDED_DIR
from kztariffs.pipeline import parse_snapshots
from schema.flat import FACT_COLUMNS, flatten
from schema.plan import OPERATORS
from scrapers.crawl import LiveSource, RecordedSource, crawl
from scrapers.fetch import Fetcher, FetchSettings
from scrapers.registry import get_brand
from scrapers.snapshot import Snapshot, SnapshotStore
from tests.httpserver import Reply, TestServer

FAST = FetchSettings(delay_floor_s=0, timeout_s=5, backoff_s=0.01, max_attempts=2)


def _facts(plans: list) -> list[tuple]:
    return sorted((p.name or "", *(str(flatten(p)[c]) for c in FACT_COLUMNS)) for p in plans)


@pytest.mark.parametrize("operator", OPERATORS)
def test_live_crawl_over_http_reads_the_same_facts(operator: str) -> None:
    brand = get_brand(operator)
    snaps = SnapshotStore(RECORDED_DIR).for_operator(operator)
    hosts = sorted({urlsplit(s.url).hostname for s in snaps} | set(brand.hosts))
    with ExitStack() as stack:
        servers = {h: stack.enter_context(TestServer()) for h in hosts}
        base = {h: servers[h].url("").rstrip("/") for h in hosts}

        def local(text: str) -> str:
            for h in sorted(hosts, key=len, reverse=True):
                text = text.replace(f"https://{h}", base[h]).replace(f"http://{h}", base[h])
            return text

        for snap in snaps:
            parts = urlsplit(snap.url)
            body = local(snap.text()).encode("utf-8") if snap.status == 200 else snap.body
            ctype = snap.content_type or "text/html"
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            servers[parts.hostname].route(  # type: ignore[index]
                path or "/", Reply(snap.status, body, {"Content-Type": f"{ctype}; charset=utf-8"})
            )

        class Local(type(brand)):  # type: ignore[misc]
            hosts = frozenset({"127.0.0.1"})
            start_urls = tuple(local(u) for u in brand.start_urls)

        async def run() -> list[Snapshot]:
            async with Fetcher(FAST) as fetcher:
                result = await crawl(Local(), LiveSource(fetcher, None))
            assert not result.errors, result.errors
            return result.snapshots

        live = asyncio.run(run())
        assert any(srv.hits("/robots.txt") for srv in servers.values())

    recorded = asyncio.run(crawl(brand, RecordedSource(SnapshotStore(RECORDED_DIR)))).snapshots
    assert len(live) == len(recorded)
    # Page by page: the local hosts are not the operators' own, so availability and merging
    # (which read the host) differ by design; the page facts must not.
    live_plans, live_rej = parse_snapshots(Local(), live, publishable=False)
    rec_plans, _ = parse_snapshots(brand, recorded, publishable=False)
    assert not live_rej
    assert live_plans and _facts(live_plans) == _facts(rec_plans)

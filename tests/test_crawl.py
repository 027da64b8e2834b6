"""crawl(): discovery, host limits, failures kept apart, and the same crawl on recorded pages."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from schema.draft import Draft
from scrapers.base import Brand
from scrapers.crawl import (
    LiveSource,
    NotRecorded,
    RecordedSource,
    crawl,
    crawl_many,
)
from scrapers.fetch import Fetcher, FetchSettings
from scrapers.snapshot import Snapshot, SnapshotStore
from tests.httpserver import Reply, TestServer

FAST = FetchSettings(delay_floor_s=0, timeout_s=2, backoff_s=0.01, max_attempts=2)


def make_brand(srv: TestServer, operator: str = "shop", start: str = "/tariffs") -> Brand:
    class Shop(Brand):
        hosts = frozenset({"127.0.0.1"})
        start_urls = (srv.url(start),)
        plan_link_selector = "a.plan"

        def parse(self, snap: Snapshot) -> list[Draft]:
            return []

    Shop.operator = operator
    return Shop()


def plan_site(srv: TestServer) -> None:
    offsite = srv.url("/plan/c", host="localhost")
    srv.route(
        "/tariffs",
        Reply.html(
            '<a class="plan" href="/plan/a">A</a> <a class="plan" href="/plan/a#price">A</a>'
            f'<a class="plan" href="plan/b">B</a> <a class="plan" href="{offsite}">C</a>'
            '<a class="plan" href="/plan/broken">X</a> <a href="/about">about</a>'
        ),
    )
    srv.route("/plan/a", Reply.html("<h1>A</h1>"))
    srv.route(
        "/plan/b",
        Reply.html('<a class="plan" href="/tariffs">up</a><a class="plan" href="/plan/d">D</a>'),
    )
    srv.route("/plan/d", Reply.html("<h1>D</h1>"))
    srv.route("/plan/broken", Reply(404))
    srv.route("/plan/c", Reply.html("<h1>offsite</h1>"))


@pytest.mark.anyio
async def test_crawl_discovers_plan_pages_breadth_first(srv: TestServer) -> None:
    plan_site(srv)
    messages: list[str] = []
    async with Fetcher(FAST) as f:
        result = await crawl(make_brand(srv), LiveSource(f), progress=messages.append)

    assert [s.url for s in result.snapshots] == [
        srv.url(p) for p in ("/plan/a", "/plan/b", "/plan/d", "/tariffs")
    ]
    # Each page once, in breadth-first order; /about is not a plan link.
    order = [r.path for r in srv.requests if r.path != "/robots.txt"]
    assert order == ["/tariffs", "/plan/a", "/plan/b", "/plan/broken", "/plan/d"]
    assert not [r for r in srv.requests if r.host == "localhost"]  # offsite link ignored
    assert result.statuses[srv.url("/plan/a")] == 200
    assert set(result.timings) == {srv.url(p) for p in order}
    assert result.duration_s > 0
    assert any("got" in m for m in messages)


@pytest.mark.anyio
async def test_a_failing_page_is_recorded_and_the_rest_succeed(srv: TestServer) -> None:
    plan_site(srv)
    async with Fetcher(FAST) as f:
        result = await crawl(make_brand(srv), LiveSource(f))
    broken = srv.url("/plan/broken")
    assert [u for u, _ in result.errors] == [broken]
    assert "HTTP 404" in result.errors[0][1]
    assert result.statuses[broken] == 404
    assert len(result.snapshots) == 4


@pytest.mark.anyio
async def test_max_pages_bounds_the_crawl(srv: TestServer) -> None:
    plan_site(srv)
    async with Fetcher(FAST) as f:
        result = await crawl(make_brand(srv), LiveSource(f), max_pages=2)
    assert [s.url for s in result.snapshots] == [srv.url("/plan/a"), srv.url("/tariffs")]
    assert result.skipped == [srv.url("/plan/b"), srv.url("/plan/broken")]
    assert srv.hits("/plan/b") == []


@pytest.mark.anyio
async def test_start_url_off_the_brand_hosts_is_an_error_not_a_request(srv: TestServer) -> None:
    brand = make_brand(srv)
    type(brand).start_urls = (srv.url("/tariffs", host="localhost"),)
    async with Fetcher(FAST) as f:
        result = await crawl(brand, LiveSource(f))
    assert result.snapshots == []
    assert "not on the brand's hosts" in result.errors[0][1]
    assert srv.requests == []


@pytest.mark.anyio
async def test_recorded_source_replays_a_live_crawl_without_network(
    srv: TestServer, tmp_path: Path
) -> None:
    plan_site(srv)
    store = SnapshotStore(tmp_path / "snaps")
    async with Fetcher(FAST) as f:
        live = await crawl(make_brand(srv), LiveSource(f, store))
    requests_after_live = len(srv.requests)

    replay = await crawl(make_brand(srv), RecordedSource(SnapshotStore(tmp_path / "snaps")))

    assert len(srv.requests) == requests_after_live
    assert [(s.url, s.sha256) for s in replay.snapshots] == [
        (s.url, s.sha256) for s in live.snapshots
    ]
    assert [s.body for s in replay.snapshots] == [s.body for s in live.snapshots]
    # The 404 was never stored, so the replay reports it as missing.
    assert replay.errors[0][0] == srv.url("/plan/broken")
    assert "not recorded" in replay.errors[0][1]


@pytest.mark.anyio
async def test_recorded_source_serves_the_newest_snapshot_and_refuses_unknown_urls(
    tmp_path: Path,
) -> None:
    store = SnapshotStore(tmp_path)
    for day, body in ((1, b"old"), (2, b"new")):
        store.put(
            Snapshot.from_response(
                operator="shop",
                url="https://shop.kz/t",
                body=body,
                fetched_at=datetime(2026, 11, day, tzinfo=UTC),
            )
        )
    source = RecordedSource(store)
    hosts = frozenset({"shop.kz"})
    assert (await source.get("https://shop.kz/t", operator="shop", allowed_hosts=hosts)).body == (
        b"new"
    )
    with pytest.raises(NotRecorded, match=r"https://shop.kz/other: not recorded"):
        await source.get("https://shop.kz/other", operator="shop", allowed_hosts=hosts)
    with pytest.raises(NotRecorded):  # recorded, but for another operator
        await source.get("https://shop.kz/t", operator="other", allowed_hosts=hosts)


class CountingSource:
    """In-memory pages; records how many gets overlap."""

    def __init__(self) -> None:
        self.active = 0
        self.peak = 0

    async def get(self, url: str, *, operator: str, allowed_hosts: frozenset[str]) -> Snapshot:
        self.active += 1
        self.peak = max(self.peak, self.active)
        await asyncio.sleep(0.05)
        self.active -= 1
        return Snapshot.from_response(
            operator=operator, url=url, body=b"<p>plan</p>", fetched_at=datetime.now(UTC)
        )


@pytest.mark.anyio
async def test_crawl_many_bounds_brands_in_parallel() -> None:
    brands = []
    for i in range(5):
        brand = type(
            f"B{i}",
            (Brand,),
            {
                "operator": f"op{i}",
                "hosts": frozenset({f"op{i}.kz"}),
                "start_urls": (f"https://op{i}.kz/",),
            },
        )()
        brands.append(brand)
    source = CountingSource()
    results = await crawl_many(brands, source, concurrency=2)
    assert sorted(results) == [f"op{i}" for i in range(5)]
    assert all(len(r.snapshots) == 1 for r in results.values())
    assert source.peak == 2


@pytest.mark.anyio
async def test_crawl_many_runs_every_brand_at_once_by_default() -> None:
    """Six operators on six hosts must not queue behind each other (politeness is per host)."""
    brands = [
        type(
            f"B{i}",
            (Brand,),
            {
                "operator": f"op{i}",
                "hosts": frozenset({f"op{i}.kz"}),
                "start_urls": (f"https://op{i}.kz/",),
            },
        )()
        for i in range(6)
    ]
    source = CountingSource()
    results = await crawl_many(brands, source)
    assert len(results) == 6 and source.peak == 6


@pytest.mark.anyio
async def test_crawl_many_keeps_one_request_per_host(srv: TestServer) -> None:
    srv.route("/one", Reply(body=b"1", delay_s=0.1))
    srv.route("/two", Reply(body=b"2", delay_s=0.1))
    brands = [make_brand(srv, "one", "/one"), make_brand(srv, "two", "/two")]
    async with Fetcher(FAST) as f:
        results = await crawl_many(brands, LiveSource(f), concurrency=2)
    assert {op: len(r.snapshots) for op, r in results.items()} == {"one": 1, "two": 1}
    assert srv.max_in_flight["127.0.0.1"] == 1

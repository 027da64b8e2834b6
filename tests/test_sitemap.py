"""Sitemap discovery when a listing's selectors find nothing, against a loopback site."""

from __future__ import annotations

import asyncio
import gzip

from kztariffs.pipeline import parse_snapshots
from schema.flat import flatten
from scrapers.base import Brand
from scrapers.crawl import CrawlResult, LiveSource, RecordedSource
from scrapers.fetch import Fetcher, FetchSettings
from scrapers.html_brand import HtmlBrand
from scrapers.sitemap import crawl_with_sitemaps
from scrapers.snapshot import SnapshotStore
from tests.httpserver import Reply, TestServer

FAST = FetchSettings(delay_floor_s=0, timeout_s=5, backoff_s=0.01, max_attempts=2)

# The redesigned listing: cards are buttons (a script navigates), no <a href> to a plan page.
LISTING = """<html><body><main><h1>Тарифы</h1><div class="grid-new">
<button data-id="start">Старт</button><button data-id="online">Онлайн</button>
</div></main></body></html>"""


def plan_page(name: str, price: int, gb: int) -> str:
    return (
        f"<html><body><main><h1>{name}</h1><p>Абонентская плата {price} ₸ в месяц</p>"
        f"<p>Интернет: {gb} ГБ</p></main></body></html>"
    )


def urlset(urls: list[str]) -> bytes:
    locs = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
    ).encode()


def site(srv: TestServer, *, robots_sitemap: bool) -> None:
    srv.route("/ru/tariffs", Reply.html(LISTING))
    srv.route("/ru/tariffs/start", Reply.html(plan_page("Старт", 2990, 25)))
    srv.route("/ru/tariffs/online", Reply.html(plan_page("Онлайн", 4490, 60)))
    pages = urlset(
        [
            srv.url("/ru/tariffs/start"),
            srv.url("/ru/tariffs/online"),
            srv.url("/ru/about"),  # not below the listing: filtered out
            srv.url("/ru/tariffs/start", host="localhost"),  # not a brand host
        ]
    )
    if robots_sitemap:
        index = (
            '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{srv.url('/maps/pages.xml.gz')}</loc></sitemap></sitemapindex>"
        ).encode()
        robots = f"User-agent: *\nDisallow: /private\nSitemap: {srv.url('/maps/index.xml')}\n"
        srv.route("/robots.txt", Reply(body=robots.encode()))
        srv.route("/maps/index.xml", Reply(body=index, headers={"Content-Type": "application/xml"}))
        srv.route("/maps/pages.xml.gz", Reply(body=gzip.compress(pages)))
    else:
        srv.route("/sitemap.xml", Reply(body=pages, headers={"Content-Type": "application/xml"}))


def brand_for(srv: TestServer) -> Brand:
    class Shop(HtmlBrand):
        operator = "beeline"
        hosts = frozenset({"127.0.0.1"})
        start_urls = (srv.url("/ru/tariffs"),)
        plan_link_selector = ".tariffs-catalog a.tariff-card__link"  # the old markup

    return Shop()


def run(brand: Brand, store: SnapshotStore | None = None) -> CrawlResult:
    async def go() -> CrawlResult:
        async with Fetcher(FAST) as fetcher:
            return await crawl_with_sitemaps(brand, LiveSource(fetcher, store))

    return asyncio.run(go())


def test_sitemap_from_robots_finds_the_plan_pages_when_the_listing_links_nothing(
    tmp_path,
) -> None:
    with TestServer() as srv:
        site(srv, robots_sitemap=True)
        brand = brand_for(srv)
        store = SnapshotStore(tmp_path / "store")
        result = run(brand, store)
        assert [s.url for s in result.snapshots] == [
            srv.url("/ru/tariffs"),
            srv.url("/ru/tariffs/online"),
            srv.url("/ru/tariffs/start"),
        ]
        assert not srv.hits("/ru/about") and not srv.hits("/sitemap.xml")
        assert len(srv.hits("/maps/pages.xml.gz")) == 1
        plans, _ = parse_snapshots(brand, result.snapshots)
        from_plan_pages = [p for p in plans if p.url != srv.url("/ru/tariffs")]
        assert sorted((p.name, flatten(p)["price_kzt"]) for p in from_plan_pages) == [
            ("Онлайн", 4490),
            ("Старт", 2990),
        ]
    # the sitemaps were stored with the pages: a replay finds the same plan pages, offline
    replay = asyncio.run(crawl_with_sitemaps(brand, RecordedSource(store)))
    assert [s.url for s in replay.snapshots] == [s.url for s in result.snapshots]


def test_sitemap_xml_is_the_fallback_without_robots_sitemap_lines() -> None:
    with TestServer() as srv:
        site(srv, robots_sitemap=False)
        result = run(brand_for(srv))
        assert sorted(s.url for s in result.snapshots) == [
            srv.url("/ru/tariffs"),
            srv.url("/ru/tariffs/online"),
            srv.url("/ru/tariffs/start"),
        ]


def test_sitemaps_are_not_read_when_the_listing_links_plan_pages() -> None:
    with TestServer() as srv:
        site(srv, robots_sitemap=True)
        listing = LISTING.replace(
            '<button data-id="start">Старт</button>', '<a href="/ru/tariffs/start">Старт</a>'
        )
        srv.route("/ru/tariffs", Reply.html(listing))
        result = run(brand_for(srv))
        assert [s.url for s in result.snapshots] == [
            srv.url("/ru/tariffs"),
            srv.url("/ru/tariffs/start"),
        ]
        assert not srv.hits("/maps/index.xml") and not srv.hits("/sitemap.xml")

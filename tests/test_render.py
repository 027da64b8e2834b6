"""Browser fetch for script-built pages, against a loopback JavaScript tariff app (tests/jsapp.py).

The app's HTML is an empty shell: its cards are built by a script from a JSON endpoint, with
hashed class names. A plain GET sees no plan; the rendered crawl sees them in the DOM and keeps
the JSON the page fetched, and both replay without a network (RecordedSource, `tariffs reparse`).
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kztariffs.cli import app
from kztariffs.live import crawl_operator
from kztariffs.paths import SNAPSHOTS
from kztariffs.pipeline import decide, keep_snapshots, parse_snapshots
from kztariffs.settings import Settings
from publish.release import publish_release
from schema.flat import flatten
from scrapers import registry
from scrapers.base import Brand
from scrapers.crawl import COMPANION_OF, CrawlResult, LiveSource, RecordedSource, crawl
from scrapers.fetch import Fetcher, FetchSettings, OffsiteRedirect
from scrapers.html_brand import HtmlBrand
from scrapers.render import RENDERED, REQUEST_HEADER, Renderer, chromium_path
from scrapers.snapshot import SnapshotStore
from scrapers.tele2 import Tele2
from tests.httpserver import Reply, TestServer
from tests.jsapp import (
    API_PATH,
    GRAPHQL_REPLIES,
    IMAGE_PATH,
    SHELL_PATH,
    TRACKER_PATH,
    serve_js_app,
)

FAST = FetchSettings(delay_floor_s=0, timeout_s=15, backoff_s=0.01, max_attempts=2)
NOW = "2026-11-30T00:00:00Z"


@pytest.fixture
def chromium() -> str:
    """Chromium's path; skip without it locally, but fail in CI (CI=true), which installs it."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing in CI: .ci/run must apt-get install chromium")
        pytest.skip("Chromium not installed: apt-get install -y chromium to run browser tests")
    return path


def dom_brand(srv: TestServer) -> Brand:
    """Reads the cards the script built; hashed class names, so only structure is selected."""

    class AppDom(HtmlBrand):
        operator = "altel"
        hosts = frozenset({"127.0.0.1"})
        start_urls = (srv.url(SHELL_PATH),)
        render = True
        render_wait_selector = "body[data-ready]"
        region_selectors = ("main",)
        card_selector = "main article"
        card_title_selector = "h3"

    return AppDom()


def api_brand(srv: TestServer) -> Brand:
    """Reads the API replies the page fetched (the Tele2 platform's JSON), not its DOM."""

    class AppApi(Tele2):
        hosts = frozenset({"127.0.0.1"})
        start_urls = (srv.url(SHELL_PATH),)
        render = True
        render_wait_selector = "body[data-ready]"

        def parse_html(self, tree: Any, snap: Any) -> list:
            return []

    return AppApi()


FACTS = ("name", "price_kzt", "price_period_days", "data_gb", "voice_onnet_min", "sms_count")


def facts(plans: list) -> list[tuple]:
    return sorted(tuple(flatten(p)[c] for c in FACTS) for p in plans)


EXPECTED = [
    ("Мой Онлайн", 4490, 30, 60, "unlimited", None),
    ("Мой Старт", 2990, 30, 25, "unlimited", 100),
]


@pytest.fixture
def app_server() -> Iterator[TestServer]:
    with TestServer() as srv:
        serve_js_app(srv)
        yield srv


def rendered_crawl(brand: Brand, tmp_path: Path, store: SnapshotStore | None = None) -> CrawlResult:
    """The live path a run takes (kztariffs/live.py), with a 0 s delay floor for loopback."""
    settings = Settings(delay_floor_s=0, cache_dir=tmp_path / "cache")
    live = crawl_operator(brand, source="live", settings=settings, store=store)
    return asyncio.run(live).result


def test_a_plain_get_of_the_app_shell_sees_no_plan(app_server: TestServer) -> None:
    brand = dom_brand(app_server)

    async def run() -> CrawlResult:
        async with Fetcher(FAST) as fetcher:
            return await crawl(brand, LiveSource(fetcher))

    result = asyncio.run(run())
    assert [s.url for s in result.snapshots] == [app_server.url(SHELL_PATH)]
    assert parse_snapshots(brand, result.snapshots) == ([], [])
    assert not app_server.hits(API_PATH)  # no script ran


@pytest.mark.browser
def test_rendered_crawl_reads_the_cards_and_keeps_the_json(
    chromium: str, app_server: TestServer, tmp_path: Path
) -> None:
    brand = dom_brand(app_server)
    result = rendered_crawl(brand, tmp_path)
    assert not result.errors, result.errors
    by_url = {s.url: s for s in result.snapshots}
    page, api = by_url[app_server.url(SHELL_PATH)], by_url[app_server.url(API_PATH)]
    assert page.headers[RENDERED] == "chromium"
    assert b"c-9f2e1b" in page.body  # the DOM as built by the script
    assert api.headers[COMPANION_OF] == page.url
    assert api.content_type == "application/json"
    # both GraphQL replies kept, told apart by the query POSTed, each with its request
    graphql = sorted(
        (s.body, s.headers[REQUEST_HEADER]) for s in result.snapshots if "/graphql#post-" in s.url
    )
    assert graphql == [
        (GRAPHQL_REPLIES[0], 'POST {"query":"{ balances }"}'),
        (GRAPHQL_REPLIES[1], 'POST {"query":"{ offers }"}'),
    ]
    plans, rejected = parse_snapshots(brand, result.snapshots)
    assert not rejected
    assert facts(plans) == EXPECTED
    # politeness: robots.txt read first, the disallowed tracker and the image never requested
    paths = [r.path for r in app_server.requests]
    assert paths[0] == "/robots.txt"
    assert TRACKER_PATH not in paths and IMAGE_PATH not in paths
    assert app_server.max_in_flight["127.0.0.1"] == 1


@pytest.mark.browser
def test_discovered_json_feeds_a_json_brand_and_replays_through_reparse(
    chromium: str, app_server: TestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    brand = api_brand(app_server)
    recorded = SnapshotStore(tmp_path / "recorded")
    live = rendered_crawl(brand, tmp_path, recorded)
    plans, _ = parse_snapshots(brand, live.snapshots)
    assert facts(plans) == EXPECTED  # from the captured API reply: the DOM is not read

    # replay from the store: the page brings its captured JSON back, no network
    app_server.stop()
    replay = asyncio.run(crawl(brand, RecordedSource(recorded)))
    assert [(s.url, s.sha256) for s in replay.snapshots] == [
        (s.url, s.sha256) for s in live.snapshots
    ]

    # publish as a run does, then `tariffs reparse --check` rebuilds it from the kept snapshots
    output = tmp_path / "output"
    keep_snapshots(live.snapshots, output, SNAPSHOTS)
    from datetime import datetime

    outcome = decide(
        brand.operator,
        plans=plans,
        previous=[],
        now=datetime.fromisoformat(NOW),
        fetch_errors=[],
        pages_fetched=len(live.snapshots),
        rejections=[],
        http_statuses=live.statuses,
        parser_version=brand.parser_version,
        duration_s=0.0,
        snapshots=[(s.url, s.sha256) for s in live.snapshots],
    )
    assert outcome.status == "fresh"
    publish_release(output, [outcome])
    monkeypatch.setitem(registry.BRANDS, brand.operator, brand)
    result = CliRunner().invoke(app, ["reparse", "--check", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "reproduces plans.json exactly" in result.output

    # and `tariffs probe` on the recording says which page was rendered and where offers came from
    report = tmp_path / "probe.json"
    args = ["probe", "-o", "tele2", "--recorded-dir", str(recorded.root), "--report", str(report)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    pages = {
        p["url"]: p for p in json.loads(report.read_text("utf-8"))["operators"]["tele2"]["pages"]
    }
    shell, api = pages[app_server.url(SHELL_PATH)], pages[app_server.url(API_PATH)]
    assert (shell["rendered"], shell["offers"]) == (True, 0)
    assert (api["rendered"], api["captured_by"], api["offers"]) == (False, shell["url"], 2)


@pytest.mark.browser
def test_a_redirect_off_the_brand_hosts_is_refused_before_the_browser_follows_it(
    chromium: str, srv: TestServer
) -> None:
    srv.route("/moved", Reply.redirect(srv.url("/elsewhere", host="localhost")))

    async def run() -> None:
        async with Fetcher(FAST) as fetcher, Renderer(fetcher) as renderer:
            await renderer.render(
                srv.url("/moved"), operator="tele2", allowed_hosts=frozenset({"127.0.0.1"})
            )

    with pytest.raises(OffsiteRedirect, match="redirects to http://localhost"):
        asyncio.run(run())
    assert [(r.host, r.path) for r in srv.requests] == [
        ("127.0.0.1", "/robots.txt"),
        ("127.0.0.1", "/moved"),
    ]

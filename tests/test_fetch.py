"""Fetcher against a real HTTP server on 127.0.0.1: politeness, retries, limits, redirects."""

from __future__ import annotations

import asyncio
import itertools
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from scrapers.fetch import (
    DEFAULT_USER_AGENT,
    ConnectFailed,
    Fetcher,
    FetchSettings,
    FetchTimeout,
    GiveUp,
    HTTPStatusFailed,
    OffsiteRedirect,
    RobotsDisallowed,
    RobotsUnreachable,
    TooLarge,
    TooManyRedirects,
    parse_retry_after,
)
from tests.httpserver import Reply, TestServer

FAST = FetchSettings(delay_floor_s=0, timeout_s=2, backoff_s=0.01, max_attempts=3)
RU = "Тарифы и цены: безлимитный интернет, звонки по Казахстану, абонентская плата в месяц. "


async def get(url: str, settings: FetchSettings = FAST, **kw: object):  # type: ignore[no-untyped-def]
    async with Fetcher(settings) as f:
        return await f.fetch(url, operator="test", **kw)  # type: ignore[arg-type]


# -- the happy path ------------------------------------------------------------------------


@pytest.mark.anyio
async def test_fetch_returns_raw_snapshot_with_metadata(srv: TestServer) -> None:
    srv.route("/p", Reply.html("<p>Тариф</p>"))
    before = datetime.now(UTC)
    snap = await get(srv.url("/p"))
    assert snap.body == "<p>Тариф</p>".encode()
    assert snap.status == 200
    assert snap.operator == "test"
    assert snap.final_url == snap.url == srv.url("/p")
    assert snap.headers["content-type"] == "text/html; charset=utf-8"
    assert snap.fetched_at.tzinfo is not None and snap.fetched_at >= before
    assert srv.hits("/p")[0].headers["User-Agent"] == DEFAULT_USER_AGENT


@pytest.mark.anyio
async def test_cp1251_declared_in_header_is_decoded(srv: TestServer) -> None:
    srv.route("/p", Reply.html(RU, charset="windows-1251"))
    snap = await get(srv.url("/p"))
    assert snap.body == RU.encode("cp1251")  # stored as it arrived
    assert snap.text() == RU


@pytest.mark.anyio
async def test_cp1251_undeclared_is_detected(srv: TestServer) -> None:
    body = f"<html><body><p>{RU * 3}</p></body></html>".encode("cp1251")
    srv.route("/p", Reply(body=body, headers={"Content-Type": "text/html"}))
    snap = await get(srv.url("/p"))
    assert snap.body == body
    assert RU in snap.text()


# -- robots.txt -----------------------------------------------------------------------------


@pytest.mark.anyio
async def test_robots_disallow_means_no_request_and_robots_read_once(srv: TestServer) -> None:
    srv.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private\n"))
    srv.route("/private", Reply(body=b"secret"))
    srv.route("/public", Reply(body=b"ok"))
    async with Fetcher(FAST) as f:
        with pytest.raises(RobotsDisallowed) as err:
            await f.fetch(srv.url("/private"), operator="test")
        assert (await f.fetch(srv.url("/public"), operator="test")).body == b"ok"
    assert srv.hits("/private") == []
    assert len(srv.hits("/robots.txt")) == 1
    assert srv.url("/private") in str(err.value) and "robots.txt" in str(err.value)


@pytest.mark.anyio
async def test_robots_rules_for_our_agent_apply(srv: TestServer) -> None:
    srv.route("/robots.txt", Reply(body=b"User-agent: kztariffs\nDisallow: /\n\nUser-agent: *\n"))
    srv.route("/p", Reply(body=b"ok"))
    with pytest.raises(RobotsDisallowed):
        await get(srv.url("/p"))
    assert srv.hits("/p") == []


@pytest.mark.anyio
async def test_robots_missing_allows_all(srv: TestServer) -> None:
    srv.route("/p", Reply(body=b"ok"))  # /robots.txt answers 404
    assert (await get(srv.url("/p"))).body == b"ok"
    assert len(srv.hits("/robots.txt")) == 1


@pytest.mark.anyio
async def test_robots_server_error_disallows_the_origin(srv: TestServer) -> None:
    srv.route("/robots.txt", Reply(503))
    srv.route("/p", Reply(body=b"ok"))
    with pytest.raises(RobotsUnreachable, match="unreachable"):
        await get(srv.url("/p"))
    assert srv.hits("/p") == []
    assert len(srv.hits("/robots.txt")) == FAST.max_attempts  # retried like any 5xx first


@pytest.mark.anyio
async def test_robots_ignored_when_told(srv: TestServer) -> None:
    srv.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /\n"))
    srv.route("/p", Reply(body=b"ok"))
    snap = await get(srv.url("/p"), FAST.model_copy(update={"obey_robots": False}))
    assert snap.body == b"ok"
    assert srv.hits("/robots.txt") == []


@pytest.mark.anyio
async def test_crawl_delay_raises_the_delay_floor(srv: TestServer) -> None:
    srv.route("/robots.txt", Reply(body=b"User-agent: *\nCrawl-delay: 0.3\n"))
    srv.route("/p", Reply(body=b"ok"))
    async with Fetcher(FAST) as f:
        for _ in range(3):
            await f.fetch(srv.url("/p"), operator="test")
    starts = [r.started for r in srv.hits("/p")]
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.29


# -- retries --------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_429_waits_for_retry_after_then_succeeds(srv: TestServer) -> None:
    srv.route("/p", Reply(429, headers={"Retry-After": "1"}), Reply(body=b"ok"))
    assert (await get(srv.url("/p"))).body == b"ok"
    first, second = srv.hits("/p")
    assert 0.95 <= second.started - first.started < 1.6


@pytest.mark.anyio
async def test_retry_after_longer_than_max_wait_gives_up_at_once(srv: TestServer) -> None:
    srv.route("/p", Reply(503, headers={"Retry-After": "3600"}), Reply(body=b"ok"))
    t0 = time.monotonic()
    with pytest.raises(GiveUp, match="3600"):
        await get(srv.url("/p"))
    assert time.monotonic() - t0 < 1
    assert len(srv.hits("/p")) == 1


def test_parse_retry_after_seconds_and_http_date() -> None:
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90
    assert parse_retry_after(format_datetime(now - timedelta(seconds=5), usegmt=True), now) == 0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


@pytest.mark.anyio
async def test_500_then_200_is_retried(srv: TestServer) -> None:
    srv.route("/p", Reply(500), Reply(body=b"ok"))
    assert (await get(srv.url("/p"))).body == b"ok"
    assert len(srv.hits("/p")) == 2


@pytest.mark.anyio
async def test_500_every_time_fails_after_max_attempts(srv: TestServer) -> None:
    srv.route("/p", Reply(500))
    with pytest.raises(HTTPStatusFailed) as err:
        await get(srv.url("/p"))
    assert err.value.status == 500
    assert err.value.attempts == FAST.max_attempts
    assert len(srv.hits("/p")) == FAST.max_attempts
    assert "gave up after 3 attempts" in str(err.value)


@pytest.mark.anyio
async def test_404_is_not_retried(srv: TestServer) -> None:
    srv.route("/p", Reply(404), Reply(body=b"ok"))
    with pytest.raises(HTTPStatusFailed) as err:
        await get(srv.url("/p"))
    assert err.value.status == 404
    assert len(srv.hits("/p")) == 1
    assert srv.url("/p") in str(err.value) and "404" in str(err.value)


@pytest.mark.anyio
async def test_timeout_then_success(srv: TestServer) -> None:
    srv.route("/p", Reply(body=b"slow", delay_s=0.6), Reply(body=b"ok"))
    snap = await get(srv.url("/p"), FAST.model_copy(update={"timeout_s": 0.2}))
    assert snap.body == b"ok"
    assert len(srv.hits("/p")) == 2


@pytest.mark.anyio
async def test_timeout_every_time_fails_after_max_attempts(srv: TestServer) -> None:
    srv.route("/p", Reply(body=b"slow", delay_s=0.6))
    with pytest.raises(FetchTimeout) as err:
        await get(srv.url("/p"), FAST.model_copy(update={"timeout_s": 0.15}))
    assert err.value.attempts == FAST.max_attempts
    assert len(srv.hits("/p")) == FAST.max_attempts


@pytest.mark.anyio
async def test_connection_refused_is_a_fetch_error() -> None:
    with TestServer() as gone:
        url = gone.url("/p")
    with pytest.raises(ConnectFailed, match="unreachable"):
        await get(url, FAST.model_copy(update={"obey_robots": False, "max_attempts": 2}))


# -- redirects ------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_redirect_on_allowed_host_is_followed(srv: TestServer) -> None:
    srv.route("/old", Reply.redirect("/new", 301))
    srv.route("/new", Reply(body=b"ok"))
    snap = await get(srv.url("/old"))
    assert snap.url == srv.url("/old")
    assert snap.final_url == srv.url("/new")
    assert snap.body == b"ok"


@pytest.mark.anyio
async def test_redirect_to_other_host_is_refused(srv: TestServer) -> None:
    offsite = srv.url("/elsewhere", host="localhost")
    srv.route("/go", Reply.redirect(offsite))
    srv.route("/elsewhere", Reply(body=b"never"))
    with pytest.raises(OffsiteRedirect) as err:
        await get(srv.url("/go"), allowed_hosts=frozenset({"127.0.0.1"}))
    assert srv.url("/go") in str(err.value) and offsite in str(err.value)
    assert srv.hits("/elsewhere") == []


@pytest.mark.anyio
async def test_redirect_loop_stops(srv: TestServer) -> None:
    srv.route("/a", Reply.redirect("/b"))
    srv.route("/b", Reply.redirect("/a"))
    with pytest.raises(TooManyRedirects):
        await get(srv.url("/a"))
    assert len(srv.hits("/a")) + len(srv.hits("/b")) == FAST.max_redirects + 1


@pytest.mark.anyio
async def test_redirect_into_a_robots_disallowed_path_is_refused(srv: TestServer) -> None:
    srv.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private\n"))
    srv.route("/go", Reply.redirect("/private/x"))
    with pytest.raises(RobotsDisallowed):
        await get(srv.url("/go"))
    assert srv.hits("/private/x") == []


# -- size cap -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_oversized_content_length_refused_up_front(srv: TestServer) -> None:
    srv.route("/big", Reply(body=b"x" * 1024, repeat=200))
    with pytest.raises(TooLarge, match="Content-Length 204800"):
        await get(srv.url("/big"), FAST.model_copy(update={"max_bytes": 100_000}))


@pytest.mark.anyio
async def test_oversized_streamed_body_is_cut_off(srv: TestServer) -> None:
    chunk, times = b"x" * 65536, 1024  # 64 MiB offered without a Content-Length
    srv.route("/big", Reply(body=chunk, repeat=times, send_length=False))
    with pytest.raises(TooLarge, match="stopped reading"):
        await get(srv.url("/big"), FAST.model_copy(update={"max_bytes": 100_000}))
    deadline = time.monotonic() + 2
    while srv.hits("/big")[0].finished is None and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    seen = srv.hits("/big")[0]
    assert seen.aborted and seen.bytes_sent < len(chunk) * times
    assert len(srv.hits("/big")) == 1  # not retried


@pytest.mark.anyio
async def test_body_at_the_cap_is_accepted(srv: TestServer) -> None:
    srv.route("/p", Reply(body=b"x" * 1000, send_length=False))
    snap = await get(srv.url("/p"), FAST.model_copy(update={"max_bytes": 1000}))
    assert len(snap.body) == 1000


# -- politeness -----------------------------------------------------------------------------


@pytest.mark.anyio
async def test_one_request_in_flight_per_host(srv: TestServer) -> None:
    srv.route("/a", Reply(body=b"a", delay_s=0.2))
    srv.route("/b", Reply(body=b"b", delay_s=0.2))
    async with Fetcher(FAST) as f:
        a, b = await asyncio.gather(
            f.fetch(srv.url("/a"), operator="test"), f.fetch(srv.url("/b"), operator="test")
        )
    assert (a.body, b.body) == (b"a", b"b")
    assert srv.max_in_flight["127.0.0.1"] == 1
    first, second = sorted([srv.hits("/a")[0], srv.hits("/b")[0]], key=lambda r: r.started)
    assert first.finished is not None and second.started >= first.finished


@pytest.mark.anyio
async def test_different_hosts_proceed_concurrently(srv: TestServer) -> None:
    srv.route("/a", Reply(body=b"a", delay_s=0.4))
    t0 = time.monotonic()
    async with Fetcher(FAST) as f:
        await asyncio.gather(
            f.fetch(srv.url("/a"), operator="test"),
            f.fetch(srv.url("/a", host="localhost"), operator="test"),
        )
    assert srv.max_in_flight_total == 2
    assert time.monotonic() - t0 < 0.75


@pytest.mark.anyio
async def test_delay_floor_between_requests_to_one_host(srv: TestServer) -> None:
    srv.route("/p", Reply(body=b"ok"))
    settings = FAST.model_copy(update={"delay_floor_s": 0.25})
    async with Fetcher(settings) as f:
        await asyncio.gather(*(f.fetch(srv.url("/p"), operator="test") for _ in range(3)))
    hits = srv.hits("/p")
    assert len(hits) == 3
    for prev, nxt in itertools.pairwise(hits):
        assert prev.finished is not None and nxt.started - prev.started >= 0.24


@pytest.mark.anyio
async def test_a_slow_answer_uses_up_the_delay_floor(srv: TestServer) -> None:
    """The floor spaces request starts (like Scrapy's DOWNLOAD_DELAY), it is not added on top."""
    srv.route("/p", Reply(body=b"slow", delay_s=0.4))
    settings = FAST.model_copy(update={"delay_floor_s": 0.25})
    async with Fetcher(settings) as f:
        await asyncio.gather(*(f.fetch(srv.url("/p"), operator="test") for _ in range(2)))
    first, second = srv.hits("/p")
    assert first.finished is not None and second.started >= first.finished
    assert second.started - first.finished < 0.2


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError):
        FetchSettings(max_attempts=0)
    with pytest.raises(ValueError):
        FetchSettings(delay_floor_s=-1)
    assert FetchSettings().user_agent == DEFAULT_USER_AGENT

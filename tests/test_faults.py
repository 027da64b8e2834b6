"""Hostile and broken responses, each against a real server on 127.0.0.1.

Every case asserts what a user would notice: the fetcher raises a FetchError that names the fault
(never a bare httpx or zlib error, never "robots.txt forbids" for a network failure), a broken
page is rejected with a reason instead of becoming a bogus plan, and a run that meets the fault
keeps the last good release: latest/ unchanged, `validate` clean, the fault named in report.json.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import time
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from kztariffs.pipeline import operator_outcome, parse_snapshots
from publish.release import load_release_plans, publish_release, read_json
from publish.validate import validate_path
from scrapers.crawl import LiveSource, crawl
from scrapers.fetch import (
    BadBody,
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
    _network_kind,
)
from scrapers.inflate import PIECE, BodyDecoder
from scrapers.kcell import Kcell
from scrapers.limits import MAX_LINE_CHARS, MAX_PAGE_BYTES, PageRejected
from scrapers.registry import BRANDS
from scrapers.snapshot import Snapshot, SnapshotStore
from scrapers.tele2 import Tele2
from tests.httpserver import Reply, TestServer

RECORDED = Path(__file__).parent / "fixtures" / "recorded"
FAST = FetchSettings(delay_floor_s=0, timeout_s=1.5, backoff_s=0.01, max_attempts=2)
T0 = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
RU = "Тарифы и цены: безлимитный интернет, звонки по Казахстану, абонентская плата в месяц. " * 4


async def get(url: str, settings: FetchSettings = FAST) -> Snapshot:
    async with Fetcher(settings) as f:
        return await f.fetch(url, operator="test")


def snap_of(
    body: bytes, ctype: str, operator: str = "kcell", url: str = "https://x.kz/p"
) -> Snapshot:
    return Snapshot.from_response(
        operator=operator, url=url, body=body, fetched_at=T0, headers={"content-type": ctype}
    )


def gzip_bomb(decoded_mib: int, layers: int) -> bytes:
    """`decoded_mib` MiB of zeros, gzip-compressed `layers` times, built without holding them."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    zero = bytes(1024 * 1024)
    body = b"".join(c.compress(zero) for _ in range(decoded_mib)) + c.flush()
    for _ in range(layers - 1):
        body = gzip.compress(body, 9)
    return body


# -- bodies: the cap counts decoded bytes ----------------------------------------------------


def test_decoder_stops_a_stacked_gzip_bomb_within_one_piece_of_the_cap() -> None:
    bomb = gzip_bomb(256, layers=2)
    assert len(bomb) < 2048  # 256 MiB behind about a kilobyte
    cap, produced = 1024 * 1024, 0
    for piece in BodyDecoder("gzip, gzip").feed(bomb):
        assert len(piece) <= PIECE
        produced += len(piece)
        if produced > cap:
            break
    assert cap < produced <= cap + PIECE


@pytest.mark.anyio
async def test_stacked_gzip_bomb_is_refused_as_too_large(srv: TestServer) -> None:
    bomb = gzip_bomb(256, layers=2)
    srv.route("/p", Reply(body=bomb, headers={"Content-Encoding": "gzip, gzip"}))
    with pytest.raises(TooLarge, match="decoded body exceeds max_bytes=1048576"):
        await get(srv.url("/p"), FAST.model_copy(update={"max_bytes": 1024 * 1024}))


@pytest.mark.anyio
async def test_single_gzip_over_the_cap_is_refused_and_under_it_decoded(srv: TestServer) -> None:
    srv.route("/big", Reply(body=gzip_bomb(8, 1), headers={"Content-Encoding": "gzip"}))
    srv.route("/ok", Reply(body=gzip.compress(RU.encode()), headers={"Content-Encoding": "gzip"}))
    settings = FAST.model_copy(update={"max_bytes": 5 * 1024 * 1024})
    with pytest.raises(TooLarge):
        await get(srv.url("/big"), settings)
    assert (await get(srv.url("/ok"), settings)).body == RU.encode()


@pytest.mark.anyio
async def test_corrupt_or_unknown_encoding_is_a_fetch_error(srv: TestServer) -> None:
    srv.route("/corrupt", Reply(body=b"\x1f\x8bnot gzip", headers={"Content-Encoding": "gzip"}))
    srv.route("/br", Reply(body=b"xx", headers={"Content-Encoding": "br"}))
    with pytest.raises(BadBody, match="corrupt gzip"):
        await get(srv.url("/corrupt"))
    with pytest.raises(BadBody, match="unsupported Content-Encoding br"):
        await get(srv.url("/br"))


@pytest.mark.anyio
async def test_oversized_plain_body_is_cut_off(srv: TestServer) -> None:
    srv.route("/p", Reply(body=b"x" * 4096, repeat=512, send_length=False))
    with pytest.raises(TooLarge):
        await get(srv.url("/p"), FAST.model_copy(update={"max_bytes": 100_000}))


# -- redirects ------------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(
    "target", ["data:text/html,<h1>x</h1>", "javascript:alert(1)", "http://[oops/"]
)
async def test_redirect_to_an_unusable_url_is_refused(srv: TestServer, target: str) -> None:
    srv.route("/p", Reply.redirect(target))
    with pytest.raises(OffsiteRedirect):
        await get(srv.url("/p"))


@pytest.mark.anyio
async def test_redirect_loop_and_offsite_redirect(srv: TestServer) -> None:
    srv.route("/a", Reply.redirect("/b"))
    srv.route("/b", Reply.redirect("/a"))
    srv.route("/off", Reply.redirect(srv.url("/x", host="localhost")))
    with pytest.raises(TooManyRedirects):
        await get(srv.url("/a"))
    with pytest.raises(OffsiteRedirect, match="localhost"):
        await get(srv.url("/off"))


# -- slow, silent, reset, throttled, failing -----------------------------------------------


@pytest.mark.anyio
async def test_no_answer_and_a_trickling_body_time_out(srv: TestServer) -> None:
    srv.route("/silent", Reply(body=b"late", delay_s=3))
    srv.route("/slow", Reply(body=b"x" * 10, repeat=30, chunk_delay_s=0.2))
    for path in ("/silent", "/slow"):
        with pytest.raises(FetchTimeout):
            await get(srv.url(path), FAST.model_copy(update={"max_attempts": 1}))


@pytest.mark.anyio
async def test_reset_mid_body_is_a_connection_failure(srv: TestServer) -> None:
    srv.route("/p", Reply(body=b"x" * 1000, repeat=10, reset_after=3))
    with pytest.raises(ConnectFailed) as info:
        await get(srv.url("/p"))
    assert info.value.kind == "connection reset"


@pytest.mark.anyio
async def test_429_with_a_huge_retry_after_gives_up_without_waiting(srv: TestServer) -> None:
    srv.route("/p", Reply(429, headers={"Retry-After": "86400"}))
    started = time.monotonic()
    with pytest.raises(GiveUp, match="Retry-After 86400"):
        await get(srv.url("/p"), FAST.model_copy(update={"max_retry_wait_s": 5}))
    assert time.monotonic() - started < 5  # bounded: it did not sit out the day
    assert len(srv.hits("/p")) == 1


@pytest.mark.anyio
async def test_5xx_storm_stops_after_max_attempts(srv: TestServer) -> None:
    srv.route("/p", Reply(502))
    with pytest.raises(HTTPStatusFailed) as info:
        await get(srv.url("/p"), FAST.model_copy(update={"max_attempts": 4}))
    assert info.value.kind == "HTTP 502" and info.value.attempts == 4
    assert len(srv.hits("/p")) == 4


# -- robots.txt: a refusal is not a failure, and a failure is not a refusal -------------------


@pytest.mark.anyio
async def test_robots_disallow_all_is_a_refusal(srv: TestServer) -> None:
    srv.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /\n"))
    with pytest.raises(RobotsDisallowed) as info:
        await get(srv.url("/p"))
    assert info.value.kind == "robots.txt disallows" and srv.hits("/p") == []


@pytest.mark.anyio
async def test_robots_500_is_unreachable_not_forbidden(srv: TestServer) -> None:
    srv.route("/robots.txt", Reply(500))
    with pytest.raises(RobotsUnreachable) as info:
        await get(srv.url("/p"))
    assert not isinstance(info.value, RobotsDisallowed)
    assert "forbids" not in str(info.value) and "HTTP 500" in str(info.value)
    assert srv.hits("/p") == []  # RFC 9309: an unreachable robots.txt means do not crawl


@pytest.mark.anyio
async def test_robots_timeout_is_reported_as_a_timeout(srv: TestServer) -> None:
    srv.route("/robots.txt", Reply(body=b"", delay_s=3))
    with pytest.raises(FetchTimeout, match=r"robots\.txt"):
        await get(srv.url("/p"), FAST.model_copy(update={"max_attempts": 1}))


@pytest.mark.anyio
async def test_robots_oversized_is_unreachable(srv: TestServer) -> None:
    srv.route("/robots.txt", Reply(body=b"# " + b"x" * 1000 + b"\n", repeat=200))
    with pytest.raises(RobotsUnreachable, match="max_bytes"):
        await get(srv.url("/p"), FAST.model_copy(update={"max_bytes": 50_000}))


@pytest.mark.anyio
async def test_no_server_at_all_is_a_connection_failure_not_a_robots_refusal() -> None:
    with TestServer() as gone:
        url = gone.url("/p")
    with pytest.raises(ConnectFailed, match=r"robots\.txt") as info:
        await get(url)
    assert info.value.kind == "connection refused"
    assert "forbids" not in str(info.value)


def test_network_failures_get_short_public_names() -> None:
    def chained(outer: Exception, inner: Exception) -> Exception:
        outer.__cause__ = inner
        return outer

    dns = chained(httpx.ConnectError("All connection attempts failed"),
                  OSError(-2, "Name or service not known"))  # fmt: skip
    refused = chained(httpx.ConnectError("All connection attempts failed"),
                      ConnectionRefusedError(111, "Connection refused"))  # fmt: skip
    assert _network_kind(dns) == "DNS lookup failed"
    assert _network_kind(refused) == "connection refused"
    assert _network_kind(httpx.ReadError("")) == "connection reset"


# -- pages that arrive whole but are wrong ----------------------------------------------------


def test_charset_declared_wrong_is_read_right_and_reported() -> None:
    html = f"<html><body><main><h1>Тариф Супер</h1><p>{RU}</p></main></body></html>"
    snap = snap_of(html.encode("cp1251"), "text/html; charset=koi8-r")
    assert "Тариф Супер" in snap.text()
    _plans, notes = parse_snapshots(Kcell(), [snap])
    assert any("declared charset koi8-r does not fit" in n and "cp1251" in n for n in notes)


def test_truncated_json_reply_is_rejected_not_read_as_text() -> None:
    api = next(s for s in SnapshotStore(RECORDED).for_operator("tele2") if "api" in s.url)
    assert parse_snapshots(Tele2(), [api])[0]  # whole, it gives plans
    cut = api.model_copy(update={"body": api.body[: len(api.body) // 2]})
    plans, notes = parse_snapshots(Tele2(), [cut])
    assert plans == []
    assert len(notes) == 1 and "page rejected: served as JSON" in notes[0]


@pytest.mark.parametrize("ctype", ["text/html", "application/octet-stream", ""])
def test_random_bytes_are_rejected_as_binary(ctype: str) -> None:
    noise = snap_of(os.urandom(3000), ctype)
    for brand in BRANDS.values():
        with pytest.raises(PageRejected, match="binary"):
            brand.parse(noise)
        assert brand.discover(noise) == []


def test_one_malformed_href_loses_only_itself() -> None:
    class Local(Kcell):
        hosts = frozenset({"x.kz"})
        plan_link_selector = "a.plan"

    page = (
        '<a class="plan" href="/t/a">A</a><a class="plan" href="http://[oops/">bad</a>'
        '<a class="plan" href="https://x.kz/t/b">B</a>'
    )
    assert Local().discover(snap_of(page.encode(), "text/html", url="https://x.kz/t")) == [
        "https://x.kz/t/a",
        "https://x.kz/t/b",
    ]


# -- limits: enforced before the normalizer is called ---------------------------------------


@pytest.fixture
def normalizer_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    import normalizer

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("the normalizer was called on a page past the limits")

    monkeypatch.setattr(normalizer, "extract_plans", boom)


@pytest.mark.usefixtures("normalizer_forbidden")
@pytest.mark.parametrize(
    ("body", "ctype", "message"),
    [
        (b"<div>" * 100_000 + b"x" + b"</div>" * 100_000, "text/html", "nested 100000 elements"),
        (b"<main>" + b"<table><tr><td>" * 150 + b"1 GB</main>", "text/html", "once parsed"),
        (b"[" * 5000 + b"]" * 5000, "application/json", "JSON nested 5000 levels"),
        (
            b"<script>window.__INITIAL_STATE__ = " + b"[" * 9000 + b"]" * 9000 + b"</script>",
            "text/html",
            "script's data nested 9000 levels",
        ),
        (b"<main>" + b"a" * (MAX_PAGE_BYTES + 1) + b"</main>", "text/html", "parse limit"),
        (b"<main><p>" + b"1 GB " * MAX_LINE_CHARS + b"</p></main>", "text/html", "characters"),
    ],
    ids=["deep-html", "deep-tables", "deep-json", "deep-script-state", "too-big", "long-line"],
)
def test_page_past_a_limit_is_rejected_before_the_normalizer(
    body: bytes, ctype: str, message: str
) -> None:
    started = time.monotonic()
    for brand in BRANDS.values():
        with pytest.raises(PageRejected, match=message):
            brand.parse(snap_of(body, ctype))
    assert time.monotonic() - started < 20  # lexbor alone needs ~50 s for the deep page


# -- a run that meets a fault keeps the last good release ------------------------------------


def _local_kcell(srv: TestServer) -> Kcell:
    class LocalKcell(Kcell):
        hosts = frozenset({"127.0.0.1"})
        start_urls = (srv.url("/product/conversations"),)

    return LocalKcell()


GOOD_PAGE = next(
    s for s in SnapshotStore(RECORDED).for_operator("kcell") if s.url.endswith("/conversations")
)
FAULTS: dict[str, tuple[dict[str, list[Reply]], str]] = {
    "no-answer": ({"/product/conversations": [Reply(body=b"x", delay_s=3)]}, "timeout"),
    "reset": ({"/product/conversations": [Reply(body=b"x" * 999, repeat=9, reset_after=2)]},
              "connection reset"),
    "5xx-storm": ({"/product/conversations": [Reply(503)]}, "HTTP 503"),
    "429-forever": ({"/product/conversations": [Reply(429, headers={"Retry-After": "99999"})]},
                    "asked to come back later"),
    "robots-500": ({"/robots.txt": [Reply(500)]}, "robots.txt unreachable"),
    "robots-disallow": ({"/robots.txt": [Reply(body=b"User-agent: *\nDisallow: /")]},
                        "robots.txt disallows"),
    "oversized": ({"/product/conversations": [Reply(body=b"<p>" * 4096, repeat=64)]},
                  "body too large"),
    "gzip-bomb": ({"/product/conversations": [Reply(body=gzip_bomb(64, 2),
                                                    headers={"Content-Encoding": "gzip, gzip"})]},
                  "body too large"),
    "redirect-loop": ({"/product/conversations": [Reply.redirect("/product/conversations")]},
                      "too many redirects"),
    "redirect-javascript": ({"/product/conversations": [Reply.redirect("javascript:void(0)")]},
                            "redirect refused"),
}  # fmt: skip


def _run(srv: TestServer, output: Path, now: datetime) -> str | None:
    brand = _local_kcell(srv)
    settings = FAST.model_copy(update={"max_bytes": 200_000, "max_retry_wait_s": 5})

    async def fetch() -> object:
        async with Fetcher(settings) as f:
            return await crawl(brand, LiveSource(f))

    crawled = asyncio.run(fetch())
    prev = sorted((output / "releases").glob("2*"))
    previous = [p for p in load_release_plans(prev[-1]) if p.operator == "kcell"] if prev else []
    outcome = operator_outcome(brand, crawled=crawled, previous=previous, now=now)  # type: ignore[arg-type]
    return publish_release(output, [outcome], now=now).release_id


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_run_meeting_a_fault_keeps_the_last_good_release(tmp_path: Path, fault: str) -> None:
    out = tmp_path / "out"
    with TestServer() as good:
        good.serve_snapshot(
            GOOD_PAGE.model_copy(update={"url": good.url("/product/conversations")})
        )
        first = _run(good, out, T0)
    good_plans = (out / "latest" / "plans.json").read_bytes()
    assert json.loads(good_plans)["plans"], "the good run must publish plans"

    routes, kind = FAULTS[fault]
    with TestServer() as bad:
        for path, replies in routes.items():
            bad.route(path, *replies)
        if "/product/conversations" not in routes:
            bad.serve_snapshot(
                GOOD_PAGE.model_copy(update={"url": bad.url("/product/conversations")})
            )
        second = _run(bad, out, T0 + timedelta(days=1))

    assert second != first  # a release saying the data is stale
    report = read_json(out / "latest" / "report.json")["operators"]["kcell"]
    assert report["status"] == "stale"
    assert report["stale_reason"] == f"fetch failed: {kind}"
    assert report["errors"]  # the full error, for the operator of the run
    before = {p["id"]: p["price"] for p in json.loads(good_plans)["plans"]}
    after = json.loads((out / "latest" / "plans.json").read_text())["plans"]
    assert {p["id"]: p["price"] for p in after} == before
    assert {p["stale_reason"] for p in after} == {f"fetch failed: {kind}"}
    assert all(problems == [] for problems in validate_path(out).values())
    assert (out / "releases" / str(first) / "plans.json").read_bytes() == good_plans

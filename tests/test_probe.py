"""`tariffs record` then `tariffs probe` on a loopback site, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kztariffs.cli import app
from scrapers import registry
from scrapers.snapshot import SnapshotStore
from tests.httpserver import TestServer
from tests.loopback_sites import beeline_site, local_brand

runner = CliRunner()


@pytest.fixture
def fast_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KZTARIFFS_DELAY_FLOOR_S", "0")
    monkeypatch.setenv("KZTARIFFS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KZTARIFFS_SETTINGS_FILE", str(tmp_path / "none.toml"))


def test_record_then_probe_the_recording(
    srv: TestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_settings: None
) -> None:
    beeline_site(srv)
    monkeypatch.setitem(
        registry.BRANDS, "beeline", local_brand("beeline", srv, "/ru/products/tariffs")
    )
    store = tmp_path / "rec"
    result = runner.invoke(app, ["record", "--live", "--operator", "beeline", "--to", str(store)])
    assert result.exit_code == 0, result.output
    assert f"replay with --recorded-dir {store}" in result.output
    assert sorted(s.url for s in SnapshotStore(store)) == [
        srv.url(p)
        for p in (
            "/ru/products/tariffs",
            "/ru/products/tariffs/max",
            "/ru/products/tariffs/online",
            "/ru/products/tariffs/start",
        )
    ]

    srv.stop()  # the probe reads the recording only
    report = tmp_path / "probe.json"
    args = ["probe", "--operator", "beeline", "--recorded-dir", str(store), "--report", str(report)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "/ru/products/tariffs/online" in result.output  # the table
    info = json.loads(report.read_text(encoding="utf-8"))["operators"]["beeline"]
    pages = {p["url"].rsplit("/", 1)[-1]: p for p in info["pages"]}
    assert pages["tariffs"]["links"] == 3 and pages["tariffs"]["offers"] == 0
    assert pages["tariffs"]["selectors_unmatched"] == [".tariff-detail"]
    for slug in ("start", "online", "max"):
        page = pages[slug]
        assert (page["status"], page["rendered"], page["offers"], page["links"]) == (
            200,
            False,
            1,
            0,
        )
        assert page["facts_per_offer"][0] >= 4  # price, period, data, on-net calls
        assert page["selectors_unmatched"] == [".tariffs-catalog a.tariff-card__link"]
    assert info["offers"] == 3 and info["errors"] == [] and info["selectors_matching_nowhere"] == []


def test_record_needs_live_and_probe_needs_a_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["record", "--operator", "beeline", "--to", str(tmp_path)])
    assert result.exit_code == 2 and "pass --live" in result.output
    result = runner.invoke(app, ["probe", "--recorded-dir", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "not a snapshot store" in result.output


def test_bad_settings_name_the_field(
    srv: TestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KZTARIFFS_SETTINGS_FILE", str(tmp_path / "none.toml"))
    monkeypatch.setenv("KZTARIFFS_USER_AGENT", "anonymous")
    for args in (
        ["record", "--live", "-o", "beeline", "--to", str(tmp_path / "r")],
        ["run", "--live", "-o", "beeline", "--output", str(tmp_path / "out")],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "bad settings" in result.output and "contact URL" in result.output
    assert not srv.requests and not (tmp_path / "out").exists()


def test_a_live_crawl_summarises_retries_failures_and_skipped_pages(
    srv: TestServer, tmp_path: Path, fast_settings: None
) -> None:
    import asyncio

    from kztariffs.live import crawl_operator
    from kztariffs.settings import Settings
    from tests.httpserver import Reply

    beeline_site(srv)
    srv.route("/ru/products/tariffs/online", Reply(503), Reply.html("<html>ok</html>"))
    srv.route("/ru/products/tariffs/max", Reply(404))
    brand = local_brand("beeline", srv, "/ru/products/tariffs")
    settings = Settings(max_pages=3)
    lines: list[str] = []
    crawled = asyncio.run(
        crawl_operator(brand, source="live", settings=settings, progress=lines.append)
    )
    assert crawled.summary() == (
        "beeline: 2 pages, 5 requests (0 not modified, 1 answered 429/5xx and retried, "
        f"{crawled.wire.body_bytes:,} body bytes), 1 failed (0 after retries), "
        "1 skipped over max_pages"
    )
    assert any("failed" in line and "/max" in line for line in lines)
    assert any("max_pages=3 reached" in line for line in lines)

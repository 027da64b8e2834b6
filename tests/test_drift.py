"""Drift alarms: a layout change on one loopback site holds that operator stale; others publish."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from publish.drift import EVENT as DRIFT_EVENT
from publish.drift import CrawlMetrics, compare
from publish.release import read_json
from scrapers import registry
from tests.httpserver import TestServer
from tests.loopback_sites import beeline_site, kcell_site, local_brand


def metrics(**changes: Any) -> CrawlMetrics:
    base = {"pages": 4, "offers": 3, "offers_per_page": 0.75, "selectors": {".a": 1, ".b": 3}}
    return CrawlMetrics(**{**base, **changes})


def test_compare_names_each_alarm_and_what_moved() -> None:
    assert compare(metrics(), None).alarms == []
    assert compare(metrics(), metrics()).alarms == []
    lost = compare(metrics(selectors={".a": 0, ".b": 3}), metrics())
    assert lost.alarms == ["selectors matched nothing: .a"]
    assert lost.moved == {"selectors..a": {"before": 1, "after": 0}}
    # a selector the brand no longer has (fixed for the new layout) is not an alarm
    assert compare(metrics(selectors={".b": 3, ".c": 2}), metrics()).alarms == []
    fewer = compare(metrics(pages=1, offers=1, offers_per_page=1.0), metrics())
    assert fewer.alarms == ["pages found fell from 4 to 1"]
    thin = compare(metrics(offers=1, offers_per_page=0.25), metrics())
    assert thin.alarms == ["offers per page fell from 0.75 to 0.25"]


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], list]]:
    """Drift events the run emitted, caught by Prefect's own asserting events client."""
    from prefect.events.clients import AssertingEventsClient
    from prefect.events.worker import EventsWorker

    monkeypatch.setattr(AssertingEventsClient, "all", [])  # before the worker makes its client
    worker = EventsWorker.instance(AssertingEventsClient)
    monkeypatch.setattr(EventsWorker, "instance", lambda *_: worker)

    def drift_events() -> list[tuple[str, str, list[str]]]:
        worker.wait_until_empty()
        return [
            (e.event, e.resource.id, e.payload["alarms"])
            for client in AssertingEventsClient.all
            for e in client.events
            if e.event == DRIFT_EVENT
        ]

    try:
        yield drift_events
    finally:
        worker.drain()


@pytest.mark.flow
def test_renamed_cards_hold_the_operator_stale_and_emit_an_event(
    prefect_harness: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    events: Callable[[], list[tuple[str, str, list[str]]]],
) -> None:
    from flows.scrape_and_publish import scrape_and_publish

    monkeypatch.setenv("KZTARIFFS_DELAY_FLOOR_S", "0")
    monkeypatch.setenv("KZTARIFFS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KZTARIFFS_SETTINGS_FILE", str(tmp_path / "none.toml"))
    out = tmp_path / "out"

    def run() -> dict:
        state = scrape_and_publish(
            operators=["beeline", "kcell"], source="live", output=str(out), return_state=True
        )
        assert state.is_completed(), state.message
        return {"state": state.name, **state.result()}

    with TestServer() as beeline, TestServer() as kcell:
        beeline_site(beeline)
        kcell_site(kcell)
        monkeypatch.setitem(
            registry.BRANDS, "beeline", local_brand("beeline", beeline, "/ru/products/tariffs")
        )
        monkeypatch.setitem(registry.BRANDS, "kcell", local_brand("kcell", kcell, "/ru/tariffs"))
        first = run()
        assert first["state"] == "Completed"
        report = read_json(out / "latest" / "report.json")["operators"]
        assert report["beeline"]["crawl"]["selectors"] == {
            ".tariff-detail": 3,
            ".tariffs-catalog a.tariff-card__link": 1,
        }
        assert events() == []

        beeline_site(beeline, card_class="tariff-tile__link")  # the redesign renames the cards
        second = run()

    assert second["state"] == "Stale"
    status = {r["operator"]: r for r in second["operators"]}
    assert status["kcell"]["status"] == "fresh"
    assert status["beeline"]["status"] == "stale"
    expected = "selectors matched nothing: .tariffs-catalog a.tariff-card__link"
    assert expected in status["beeline"]["reason"]
    report = read_json(out / "latest" / "report.json")["operators"]
    assert report["beeline"]["drift_alarms"] == [expected]
    assert expected in report["beeline"]["stale_reason"]
    # the baseline stays the last good crawl, so the next run alarms again until it is fixed
    assert (
        report["beeline"]["crawl_baseline"]["selectors"][".tariffs-catalog a.tariff-card__link"]
        == 1
    )
    assert report["beeline"]["crawl"]["selectors"][".tariffs-catalog a.tariff-card__link"] == 0
    assert report["kcell"]["status"] == "fresh" and report["kcell"]["drift_alarms"] == []
    assert events() == [(DRIFT_EVENT, "kztariffs.operator.beeline", [expected])]
    plans = read_json(out / "latest" / "plans.json")["plans"]
    assert {p["operator"] for p in plans if p["stale_since"]} == {"beeline"}

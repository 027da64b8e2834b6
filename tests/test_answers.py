"""answers.json: the seed questions per operator, by the documented rules, in three languages."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from publish.answers import answers_document
from publish.site import render_page
from publish.sqlite import build_db
from publish.view import split_allowance, view, views
from tests.readerplans import plan, sample_plans


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return answers_document("r1", "2026-11-30T00:00:00Z", "1-0-0", views(sample_plans()))


def _ids(entries: list[dict[str, Any]]) -> list[str]:
    return [e["id"] for e in entries]


def test_rollover_is_answered_per_plan_with_the_page_text(doc: dict[str, Any]) -> None:
    r = doc["operators"]["kcell"]["rollover"]
    assert _ids(r["yes"]) == ["kcell:month-10"]
    assert r["yes"][0]["evidence"] == "rollover yes on month-10"
    assert r["yes"][0]["url"] == "https://kcell.kz/month-10"
    assert _ids(r["no"]) == ["kcell:week-5"]
    # voice-roll: the page says minutes roll over, which says nothing about data
    assert r["not_stated"] == [
        "kcell:biz-20", "kcell:modem-50", "kcell:pack-2gb", "kcell:unlim", "kcell:voice-roll",
    ]  # fmt: skip


def test_data_only_plans_and_packs(doc: dict[str, Any]) -> None:
    d = doc["operators"]["kcell"]["data_only"]
    assert _ids(d["plans"]) == ["kcell:modem-50"] and d["plans"][0]["evidence"] == "modem SIM"
    assert _ids(d["packs"]) == ["kcell:pack-2gb"]
    assert d["not_stated"] == ["kcell:biz-20", "kcell:voice-roll"]


def _cheapest(doc: dict[str, Any], operator: str) -> dict[str, str | None]:
    return {t: (e and e["id"]) for t, e in doc["operators"][operator]["cheapest_30d"].items()}


def test_cheapest_per_30_days_normalises_periods_and_skips_packs_business_archived(
    doc: dict[str, Any],
) -> None:
    assert _cheapest(doc, "kcell") == {
        "5": "kcell:month-10",
        "10": "kcell:month-10",
        "20": "kcell:week-5",  # 990 ₸ a week = 4 242.86 ₸ and 21.4 GB per 30 days
        "50": "kcell:unlim",  # modem-50 is cheaper but archived; biz-20 is a business plan
        "unlimited": "kcell:unlim",
    }
    week = doc["operators"]["kcell"]["cheapest_30d"]["20"]
    assert (week["price_30d"], week["gb_30d"], week["price_kzt"]) == (4242.86, 21.429, 990.0)
    assert week["evidence"] == {"price": "990 ₸ … every P7D", "data": "5 GB"}
    # a daily plan with a per-day quota: 100 ₸ x 30, 1 GB x 30
    assert _cheapest(doc, "beeline") == {
        "5": "beeline:evil", "10": "beeline:evil", "20": "beeline:daily-1", "50": None,
        "unlimited": None,
    }  # fmt: skip
    daily = doc["operators"]["beeline"]["cheapest_30d"]["20"]
    assert (daily["price_30d"], daily["gb_30d"]) == (3000.0, 30.0)
    overall = {t: e and e["id"] for t, e in doc["cheapest_30d_all_operators"].items()}
    assert overall == {
        "5": "beeline:evil", "10": "beeline:evil", "20": "beeline:daily-1",
        "50": "kcell:unlim", "unlimited": "kcell:unlim",
    }  # fmt: skip


def test_sentences_come_from_templates_in_three_languages(doc: dict[str, Any]) -> None:
    s = doc["operators"]["kcell"]["sentences"]
    assert s["en"]["rollover"] == [
        "Kcell: unused data rolls over on 1 of 7 plans and packs, does not on 1, and is not "
        "stated for 5.",
        "Kcell: rolls over on Month 10.",
    ]
    assert s["en"]["cheapest_30d"][2] == (
        "Kcell: the cheapest current plan with at least 20 GB per 30 days is Week 5, "
        "4,242.86 ₸ per 30 days."
    )
    assert s["ru"]["cheapest_30d"][2] == (
        "Kcell: самый дешёвый действующий тариф с трафиком от 20 ГБ за 30 дней — Week 5, "
        "4\u00a0242,86 ₸ за 30 дней."
    )
    assert s["zh"]["cheapest_30d"][2] == (
        "Kcell：每 30 天至少 20 GB 流量的最便宜现行套餐是 Week 5，每 30 天 4,242.86 ₸。"
    )
    assert s["ru"]["data_only"] == (
        "Kcell: тарифы только для интернета (без звонков): Modem 50; интернет-пакеты: Pack 2Gb."
    )
    b = doc["operators"]["beeline"]["sentences"]
    assert b["en"]["cheapest_30d"][3] == (
        "Beeline: no current plan states a price and at least 50 GB per 30 days."
    )
    assert b["zh"]["cheapest_30d"][4] == "Beeline：没有标明价格的无限流量现行套餐。"


def test_view_reads_availability() -> None:
    assert view(plan("kcell", "a", price=1, gb=1)).availability == "unknown"
    archived = view(plan("kcell", "b", price=1, gb=1, availability="archived"))
    assert archived.availability == "archived" and not archived.current


def test_allowances_split_into_a_number_and_an_unlimited_flag() -> None:
    assert split_allowance(300) == (300, False)
    assert split_allowance("unlimited") == (None, True)
    assert split_allowance(None) == (None, None)
    v = view(plan("kcell", "a", price=1, gb=1, onnet="unlimited", sms=50))
    assert (v.voice_onnet_min, v.voice_onnet_unlimited, v.sms_count, v.sms_unlimited) == (
        None, True, 50, False,
    )  # fmt: skip
    assert (v.voice_offnet_min, v.voice_offnet_unlimited) == (None, None)


def test_schema_110_per_week_quota_and_conditions_reach_every_reader(tmp_path: Path) -> None:
    weekly = plan(
        "tele2", "weekly-data", price=1000, gb=2, unlimited=False, per="P7D",
        conditions=(("price.amount", "for the first 3 months <b>only</b>"),),
    )  # fmt: skip
    v = view(weekly)
    assert (v.data_per, v.gb_30d, v.price_per_gb) == ("P7D", 8.571, 116.67)
    assert v.conditions == {"price": ["for the first 3 months <b>only</b>"]}
    doc = answers_document("r1", "t", "1-0-0", [v])
    best = doc["operators"]["tele2"]["cheapest_30d"]["5"]
    assert best["id"] == "tele2:weekly-data"
    assert best["conditions"] == ["for the first 3 months <b>only</b>"]
    html = render_page([v], doc, "r1", "t")
    assert "⚠ for the first 3 months &lt;b&gt;only&lt;/b&gt;" in html
    build_db(tmp_path / "p.db", [v], {})
    con = sqlite3.connect(tmp_path / "p.db")
    assert con.execute("SELECT plan_id, fact, text FROM conditions").fetchall() == [
        ("tele2:weekly-data", "price", "for the first 3 months <b>only</b>")
    ]

"""Issue 9's checks on the recorded pages, as a release sees them (publishable parse), and the
documented jq query for "which current plans roll over"."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kztariffs.paths import RECORDED_DIR
from kztariffs.pipeline import parse_snapshots
from schema.document import PlansDocument
from schema.plan import OPERATORS, Plan
from scrapers.registry import get_brand
from scrapers.snapshot import SnapshotStore

STORE = SnapshotStore(RECORDED_DIR)
# The query DATA_FORMAT.md documents for "which current plans let unused allowance roll over?"
ROLLOVER_QUERY = '[.plans[] | select(.availability == "current" and .rollover.status == "yes")]'


@cache
def release() -> tuple[dict[str, Plan], tuple[str, ...]]:
    plans: dict[str, Plan] = {}
    rejected: list[str] = []
    for op in OPERATORS:
        found, rej = parse_snapshots(get_brand(op), STORE.for_operator(op))
        plans.update((p.id, p) for p in found)
        rejected += rej
    return plans, tuple(rejected)


def test_no_plan_of_a_closed_archived_or_discontinued_page_is_current() -> None:
    plans, _ = release()
    not_current = {i: (p.availability, p.availability_date) for i, p in plans.items()}
    not_current = {i: v for i, v in not_current.items() if v[0] != "current"}
    mobile = [10, 25, 45, 55, 65, 75, 100, 120, 140, 160, 180]
    want: dict[str, tuple[str, Any]] = {
        f"activ:mobile-internet-{mb}-mb": ("discontinued", datetime(2015, 4, 16).date())
        for mb in mobile
    }
    want |= {
        f"activ:internet-{mb}-mb-day": ("closed", datetime(2015, 11, 24).date())
        for mb in (45, 190, 350)
    }
    want |= {
        i: ("discontinued", datetime(2015, 10, 5).date())
        for i in ("activ:25-sms-25-mb", "activ:50-sms-50-mb", "activ:100-sms-100-mb-100-mms")
    }
    want |= {
        i: ("archived", None)
        for i in (
            "beeline:freestyle-arkhiv",
            "beeline:mozhno-vse-za-1880",
            "tele2:super-plius",
            "tele2:to-chto-nado",
        )
    }
    assert not_current == want
    for plan_id in want:
        assert plans[plan_id].evidence["availability"].text


def test_the_contract_plans_price_carries_its_12_month_condition() -> None:
    plans, _ = release()
    plan = plans["beeline:kelisimshart-boiynsha-telefon-25-gb"]
    assert plan.price is not None and plan.price.amount == 4990
    (cond,) = plan.conditions
    assert (cond.field, cond.kind, cond.duration) == ("price.amount", "after_period", "P12M")
    assert "12 ай өткеннен кейін" in cond.text
    (bonus,) = plan.bonuses
    assert (bonus.service, bonus.quantity, bonus.duration) == ("data", 20 * 1024, "P12M")
    assert plan.data.quota_mb == 25 * 1024  # the bonus is not added to the included data


def test_the_add_on_for_subscribers_of_five_tariffs_says_so() -> None:
    plans, _ = release()
    plan = plans["activ:additional-packs-2-gb"]
    assert plan.price is not None and plan.price.amount == 650
    assert [(c.field, c.kind) for c in plan.conditions] == [("price.amount", "subscribers")]
    assert "Jańa, Super Comfort, Let’s Talk, Kuanysh, Bilim" in plan.conditions[0].text
    with_conditions = {i for i, p in plans.items() if p.conditions}
    assert with_conditions == {  # every other plan's facts are plain ones
        "activ:additional-packs-2-gb",
        "beeline:kelisimshart-boiynsha-telefon-25-gb",
    }


def test_200_sms_a_day_is_a_per_day_quantity() -> None:
    plans, _ = release()
    plan = plans["altel:megacity"]
    assert (plan.sms.count, plan.sms.per) == (200, "P1D")
    assert "200 SMS / день" in plan.evidence["sms.per"].text


def test_per_day_data_is_per_day() -> None:
    plans, _ = release()
    daily = {i for i, p in plans.items() if p.data.per_day}
    assert {"activ:internet-190-mb-day", "activ:mobile-internet-10-mb"} <= daily
    assert "beeline:kelisimshart-boiynsha-telefon-25-gb" not in daily


def test_the_altel_plan_on_two_sources_is_one_record() -> None:
    plans, _ = release()
    smart = [p for p in plans.values() if p.name and "smart" in p.name.casefold()]
    assert [p.id for p in smart] == ["altel:super-smart-super-smart"]
    (plan,) = smart
    assert [s.url for s in plan.sources] == [
        "https://altel.kz/api/catalog/v1/tariffs?lang=kk",
        "https://altel.kz/ru/tariffs/super-smart",
    ]
    assert plan.price is not None and plan.price.amount == 1190 and plan.data.quota_mb == 7 * 1024


def test_beeline_fallback_daily_fees_are_not_products() -> None:
    plans, rejected = release()
    assert not [i for i, p in plans.items() if "day_pack" in (p.url or "")]
    fallbacks = {
        i: (p.fallback.amount, p.fallback.period, p.fallback.url)
        for i, p in plans.items()
        if p.fallback
    }
    day_pack = "https://beeline.kz/kk/products/services/day_pack/"
    assert fallbacks == {
        "beeline:freestyle-arkhiv": (390, "P1D", None),
        # its own page says 390 a day, its day-pack page 70: left null with a warning
        "beeline:mozhno-vse-za-1880": (None, "P1D", f"{day_pack}dnevnoi-paket-mozhno-vse-za-1880"),
        "beeline:bari-bar-840-tg": (90, "P1D", f"{day_pack}dnevnoi-paket-vse-za-490"),
    }
    assert [r for r in rejected if "fallback" in r] == [
        "https://beeline.kz/ru/products/services/day_pack/dnevnoi-paket-yarkiy-za-3990 "
        '[Дневной пакет "Яркий за 3990"] fallback: a daily fee charged when a plan\'s fee '
        "fails; no plan of this release matches it"
    ]


def test_router_and_modem_plans_are_data_only_unless_their_bundle_holds_calls() -> None:
    """A modem plan is data-only; Kcell's router-on-contract page says its service package
    holds voice minutes and SMS, so that one stays unknown, with the sentence as a warning
    (as the corpus label of the page has it)."""
    plans, _ = release()
    modem = plans["altel:altel-web-unlim-unlim-lte"]
    assert modem.data_only is True and modem.evidence["data_only"].text
    router = plans["kcell:router"]
    assert router.data_only is None
    (warning,) = [w for w in router.warnings if w.field == "data_only"]
    assert "voice minutes" in warning.spans[0]


def test_the_quality_floor_rejects_nameless_records() -> None:
    plans, rejected = release()
    assert all(p.name for p in plans.values())
    assert sorted(r for r in rejected if "quality floor" in r) == [
        "https://activ.kz/en/service/3877/2559 [activ:2559] quality floor: no name "
        "(no heading, card title or URL slug)",
        "https://www.kcell.kz/en/product/3411/569 [kcell:569] quality floor: no name "
        "(no heading, card title or URL slug)",
    ]


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq not installed (.ci/run installs it)")
def test_the_documented_jq_query_answers_the_rollover_question(tmp_path: Path) -> None:
    plans, _ = release()
    doc = PlansDocument(
        schema_version="1-1-0",
        release="r",
        generated_at=datetime(2026, 11, 1, tzinfo=UTC),
        plans=sorted(plans.values(), key=lambda p: p.id),
    )
    current = plans["kcell:premier-5-0"]
    rolls = current.model_copy(
        update={
            "id": "kcell:rolls-over",
            "rollover": current.rollover.model_copy(update={"status": "yes"}),
        }
    )
    doc.plans.append(rolls)
    path = tmp_path / "plans.json"
    path.write_text(doc.model_dump_json(), encoding="utf-8")

    def jq(query: str) -> list[dict[str, Any]]:
        out = subprocess.run(["jq", "-c", query, str(path)], capture_output=True, check=True)
        return json.loads(out.stdout)

    every_yes = jq('[.plans[] | select(.rollover.status == "yes")]')
    assert len(every_yes) == 12  # the eleven discontinued activ packs and the current one
    assert [p["id"] for p in jq(ROLLOVER_QUERY)] == ["kcell:rolls-over"]
    assert ROLLOVER_QUERY in Path(__file__).parents[1].joinpath("DATA_FORMAT.md").read_text()

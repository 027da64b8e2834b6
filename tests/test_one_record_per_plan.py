"""After parsing (schema 1-1-0): one record per plan, fallback packs attached to their plan, the
quality floor, and compatibility with 1-0-0 readers and releases. Generated pages, ru/kk/en."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kztariffs.pipeline import parse_snapshots
from schema.document import PlansDocument
from schema.flat import FLAT_COLUMNS, flatten
from schema.plan import Plan
from scrapers.registry import get_brand
from scrapers.snapshot import Snapshot

AT = datetime(2026, 11, 1, tzinfo=UTC)


def snap(url: str, text: str, operator: str = "beeline", ctype: str = "text/plain") -> Snapshot:
    return Snapshot.from_response(
        operator=operator,
        url=url,
        body=text.encode(),
        fetched_at=AT,
        headers={"content-type": f"{ctype}; charset=utf-8"},
    )


def run(*snaps: Snapshot, operator: str = "beeline") -> tuple[list[Plan], list[str]]:
    return parse_snapshots(get_brand(operator), list(snaps))


BASE = "https://beeline.kz"
FEE = {
    "ru": "Абонентская плата | 1000 тг в месяц |",
    "kk": "Абоненттік төлем | айына 1000 тг |",
    "en": "Monthly fee | 1000 ₸ per month |",
}
DATA = {"ru": "Интернет | 10 ГБ |", "kk": "Интернет | 10 ГБ |", "en": "Internet | 10 GB |"}

# ---------------------------------------------------------------- one record per plan


def test_the_same_plan_from_an_api_and_a_page_is_one_record() -> None:
    plans, rejected = run(
        snap(f"{BASE}/api/tariffs?lang=kk", f"СУПЕР SMART\n{FEE['kk']}\n{DATA['kk']}"),
        snap(f"{BASE}/ru/tariffs/super-smart", f"Супер SMART\n{DATA['ru']}"),
    )
    assert not rejected
    (plan,) = plans
    assert [s.url for s in plan.sources] == [
        f"{BASE}/api/tariffs?lang=kk",
        f"{BASE}/ru/tariffs/super-smart",
    ]
    assert plan.price is not None and plan.price.amount == 1000
    assert plan.data.quota_mb == 10 * 1024 and not plan.warnings


def test_ru_kk_en_versions_of_one_page_are_one_record() -> None:
    names = {"ru": "Тариф Простой", "kk": "Қарапайым тарифі", "en": "Simple plan"}
    plans, _ = run(
        *(
            snap(f"{BASE}/{lang}/tariffs/prostoi", f"{names[lang]}\n{FEE[lang]}\n{DATA[lang]}")
            for lang in ("ru", "kk", "en")
        )
    )
    (plan,) = plans
    assert len(plan.sources) == 3 and plan.price is not None and plan.price.amount == 1000


def test_sources_that_disagree_leave_the_fact_null_with_both_spans() -> None:
    plans, _ = run(
        snap(f"{BASE}/ru/tariffs/a", f"Тариф Х\n{FEE['ru']}\n{DATA['ru']}"),
        snap(f"{BASE}/ru/promo/a", "Тариф Х\nАбонентская плата | 1200 тг в месяц |"),
    )
    (plan,) = plans
    assert plan.price is not None and plan.price.amount is None and plan.price.period == "P1M"
    (warning,) = [w for w in plan.warnings if w.field == "price.amount"]
    assert "1000" in warning.message and "1200" in warning.message
    assert len(warning.spans) == 2 and "price.amount" not in plan.evidence


def test_two_plans_of_one_page_stay_two() -> None:
    """A catalogue listing one name at two prices holds two offers, not one disagreeing plan."""
    api = (
        '{"tariffs": [{"title": "Меняй всё", "price": {"amount": 1390}},'
        ' {"title": "Меняй всё", "price": {"amount": 1790}}]}'
    )
    plans, _ = run(
        snap("https://tele2.kz/api/catalog", api, "tele2", "application/json"),
        snap("https://tele2.kz/tariffs/meniai", "Меняй всё\nИнтернет | 10 ГБ |", "tele2"),
        operator="tele2",
    )
    assert sorted(p.price.amount for p in plans if p.price) == [1390, 1790]
    assert len(plans) == 3 and all(len(p.sources) == 1 for p in plans)


def test_a_plan_also_on_an_archive_page_is_not_current() -> None:
    plans, _ = run(
        snap(f"{BASE}/ru/tariffs/x", f"Тариф Х\n{FEE['ru']}"),
        snap(f"{BASE}/ru/products/archived/tariffs/x", f"Тариф Х\n{FEE['ru']}"),
    )
    (plan,) = plans
    assert plan.availability == "archived" and "archived" in plan.evidence["availability"].text


# ---------------------------------------------------------------- fallback packs

PACK = {
    "ru": "Дневной пакет «Всё за 990»\nКогда основная абонентская плата не списана, включается "
    "ежедневный пакет |\n265 тг в сутки |\nИнтернет | 1 ГБ |",
    "kk": "Күнделікті топтама Бәрі 990\nНегізгі абоненттік төлем алынбаған жағдайда күнделікті "
    "топтама іске қосылады |\n265 тг/тәулігіне |\nИнтернет | 1 ГБ |",
    "en": "Daily pack «All for 990»\nIf the monthly fee cannot be taken, the daily pack is "
    "switched on |\n265 ₸ per day |\nInternet | 1 GB |",
}


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_a_fallback_pack_is_attached_to_its_plan_not_published(lang: str) -> None:
    pack_url = f"{BASE}/{lang}/products/services/day_pack/dnevnoi-paket-vse-za-990"
    plans, rejected = run(
        snap(f"{BASE}/{lang}/products/tariffs/vse-za-990", f"Всё за 990\n{FEE[lang]}"),
        snap(pack_url, PACK[lang]),
    )
    assert not rejected
    (plan,) = plans
    assert plan.fallback is not None
    assert (plan.fallback.amount, plan.fallback.period, plan.fallback.url) == (
        265,
        "P1D",
        pack_url,
    )
    assert plan.price is not None and plan.price.amount == 1000
    assert flatten(plan)["fallback_price_kzt"] == 265


def test_a_fallback_pack_without_its_plan_is_left_out_with_the_reason() -> None:
    plans, rejected = run(snap(f"{BASE}/ru/day_pack/dnevnoi-paket-yarkii", PACK["ru"]))
    assert plans == []
    (reason,) = rejected
    assert "dnevnoi-paket-yarkii" in reason and "fallback" in reason


def test_page_and_pack_disagreeing_on_the_fallback_fee() -> None:
    own = "Если абонентская плата не списана, включается ежедневный пакет |\n390 тг в сутки |"
    plans, _ = run(
        snap(f"{BASE}/ru/tariffs/vse-za-990", f"Всё за 990\n{FEE['ru']}\n{own}"),
        snap(f"{BASE}/ru/day_pack/dnevnoi-paket-vse-za-990", PACK["ru"]),
    )
    (plan,) = plans
    assert plan.fallback is not None and plan.fallback.amount is None
    (warning,) = [w for w in plan.warnings if w.field == "fallback.amount"]
    assert "390" in warning.message and "265" in warning.message


# ---------------------------------------------------------------- quality floor


def test_a_record_without_a_name_is_rejected_with_the_reason() -> None:
    intro = "The tariff was designed specifically for hearing-impaired customers and families."
    plans, rejected = run(snap(f"{BASE}/en/product/3411/569", f"{intro}\n\nInternet | 10 GB |"))
    assert plans == [] and len(rejected) == 1
    assert "quality floor: no name" in rejected[0] and "3411/569" in rejected[0]


def test_the_url_slug_names_a_plan_without_heading() -> None:
    plans, rejected = run(snap(f"{BASE}/ru/tariffs/zhana-tarif", f"- | 10 ГБ |\n{FEE['ru']}"))
    assert not rejected and [p.name for p in plans] == ["zhana tarif"]


@pytest.mark.parametrize(
    "text",
    ["Тариф Пусто\nПодробности скоро.", "Бос тариф\nТолығырақ кейін.", "Empty plan\nMore soon."],
)
def test_a_record_without_any_fact_is_rejected(text: str) -> None:
    plans, rejected = run(snap(f"{BASE}/ru/tariffs/pusto", text))
    assert plans == []
    assert [r.split("quality floor: ")[1] for r in rejected] == [
        "no fact read (price, data, minutes, SMS, validity, rollover)"
    ]


# ---------------------------------------------------------------- compatibility


def test_a_1_0_0_release_still_validates() -> None:
    (plan,) = run(snap(f"{BASE}/ru/tariffs/x", f"Тариф Х\n{FEE['ru']}\n{DATA['ru']}"))[0]
    old = plan.model_dump(mode="json")
    for key in ("availability", "availability_date", "conditions", "bonuses", "fallback"):
        del old[key]
    del old["sources"], old["data"]["per"], old["voice"]["per"], old["sms"]["per"]
    del old["evidence"]["availability"]
    doc = {"schema_version": "1-0-0", "release": "r", "generated_at": AT.isoformat()}
    parsed = PlansDocument.model_validate({**doc, "plans": [old]})
    assert parsed.plans[0].availability == "unknown" and parsed.plans[0].sources == []


def test_new_flat_columns_come_after_the_1_0_0_ones() -> None:
    assert FLAT_COLUMNS[:19] == (
        "id", "operator", "name", "kind", "segment", "data_only", "price_kzt",
        "price_period_days", "validity_days", "data_gb", "data_unlimited", "data_per_day",
        "throttle_kbps", "voice_onnet_min", "voice_offnet_min", "voice_international_min",
        "sms_count", "rollover", "url",
    )  # fmt: skip
    assert FLAT_COLUMNS[19:22] == ("availability", "availability_date", "conditions")

"""Schema 1-1-0 on small generated pages, each case in ru, kk and en: availability, conditions
on prices, bonuses kept apart, per-day and per-week allowances, fallback fees, data-only devices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from normalizer import extract_plans
from normalizer.conditions import fact_conditions, is_lower_bound
from schema.draft import Draft

URL = "https://beeline.kz/ru/products/tariffs/x"


def one(text: str, url: str = URL) -> Draft:
    drafts = extract_plans(text, operator="beeline", url=url)
    assert len(drafts) == 1, [d.name for d in drafts]
    return drafts[0]


FEE = {
    "ru": "Абонентская плата | 1000 тг в месяц |",
    "kk": "Абоненттік төлем | айына 1000 тг |",
    "en": "Monthly fee | 1000 ₸ per month |",
}

# ---------------------------------------------------------------- availability

DISCONTINUED = {
    "ru": "Тариф Старый\nДействие тарифа прекращается с 01.02.2020.",
    "kk": "Ескі тариф\nТариф 01.02.2020 бастап тоқтатылады.",
    "en": "Old plan\nThe plan was discontinued on 01.02.2020.",
}
CLOSED = {
    "ru": "Тариф Старый\nТариф закрыт для подключения с 01.02.2020.",
    "kk": "Ескі тариф\nТариф жаңа абоненттер үшін жабық, 01.02.2020.",
    "en": "Old plan\nFrom 01.02.2020 the plan is closed to new subscribers.",
}
ARCHIVED_NAME = {"ru": "Свобода архив", "kk": "Архивтік Еркін тарифі", "en": "Freedom archived"}


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_discontinued_page_with_its_date(lang: str) -> None:
    d = one(f"{DISCONTINUED[lang]}\n{FEE[lang]}")
    assert (d.availability, d.availability_date) == ("discontinued", date(2020, 2, 1))
    assert "01.02.2020" in d.evidence["availability"]


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_closed_to_new_subscribers(lang: str) -> None:
    d = one(f"{CLOSED[lang]}\n{FEE[lang]}")
    assert (d.availability, d.availability_date) == ("closed", date(2020, 2, 1))


@pytest.mark.parametrize(("lang", "cell"), [("ru", "Закрыт"), ("kk", "Жабық"), ("en", "Closed")])
def test_closed_cell_in_the_plans_own_row(lang: str, cell: str) -> None:
    text = (
        "Internet+\n\n"
        "Data allowance, MB | Daily fee, ₸ | Per-MB rate | Activation |\n"
        f"10 | 29 | 4 ₸/MB | {cell} |\n"
        "25 | 34 | 4 ₸/MB | Open |\n"
    )
    drafts = extract_plans(text, operator="activ", url="https://activ.kz/en/service/x")
    status = {d.data_quota_mb: d.availability for d in drafts}
    assert status == {Decimal(10): "closed", Decimal(25): "current"}


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_archive_name_or_archive_url(lang: str) -> None:
    assert one(f"{ARCHIVED_NAME[lang]}\n{FEE[lang]}").availability == "archived"
    url = "https://beeline.kz/ru/products/archived/tariffs/x"
    by_url = one(f"Тариф Х\n{FEE[lang]}", url=url)
    assert (by_url.availability, by_url.evidence["availability"]) == ("archived", url)


@pytest.mark.parametrize(
    "sentence",
    [
        "Чтобы прекратить действие услуги, отправьте СТОП на 2002.",
        "Қызметті тоқтату үшін СТОП деп 2002 нөміріне жіберіңіз.",
        "To discontinue the service, send STOP to 2002.",
    ],
)
def test_how_to_unsubscribe_is_not_discontinued(sentence: str) -> None:
    assert one(f"Тариф Х\n{sentence}\n{FEE['ru']}").availability == "current"


def test_archive_word_in_the_body_is_about_another_tariff() -> None:
    d = one("Қосымша нөмір\nАрхивтік тарифіңізге нөмір қоса аласыз.\nИнтернет | 25 ГБ |")
    assert d.availability == "current"


def test_own_site_is_current_and_a_news_site_unknown() -> None:
    assert one(f"Тариф Х\n{FEE['ru']}").availability == "current"
    news = one(f"Тариф Х\n{FEE['ru']}", url="https://7kun.kz/news/x")
    assert news.availability == "unknown" and "availability" not in news.evidence


# ---------------------------------------------------------------- conditions on the price

AFTER = {
    "ru": "Тариф Простой\nПосле 12 месяцев абонентская плата | 4990 тг в месяц |",
    "kk": "Қарапайым тариф\nҚосылған күннен бастап 12 ай өткеннен кейін | 4990 тг/айына |",
    "en": "Simple plan\nMonthly fee after 12 months | 4990 ₸ per month |",
}
FROM = {
    "ru": "Тариф Простой\nАбонентская плата | от 2990 тг в месяц |",
    "kk": "Қарапайым тариф\nАбоненттік төлем | айына 2990 тг-ден бастап |",
    "en": "Simple plan\nMonthly fee | from 2990 ₸ per month |",
}
SUBSCRIBERS = {
    "ru": "Пакет Соцсети\nСтоимость для абонентов тарифов «А», «Б» | 500 тг в месяц |",
    "kk": "Әлеуметтік топтама\n«А», «Б» тарифтерінің абоненттері үшін төлем | айына 500 тг |",
    "en": "Social pack\nFee for subscribers of the tariffs «A» and «B» | 500 ₸ per month |",
}
PROMOTION = {
    "ru": "Тариф Летний\nАбонентская плата по акции | 1990 тг в месяц |",
    "kk": "Жазғы тариф\nАкциялық абоненттік төлем | айына 1990 тг |",
    "en": "Summer plan\nMonthly fee (special offer) | 1990 ₸ per month |",
}


def _kinds(d: Draft) -> list[tuple[str, str, str | None]]:
    return [(c["field"], c["kind"], c["duration"]) for c in d.conditions]


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_price_after_an_introductory_period(lang: str) -> None:
    d = one(AFTER[lang])
    assert d.price_amount == 4990
    assert _kinds(d) == [("price.amount", "after_period", "P12M")]


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_from_price_is_a_lower_bound(lang: str) -> None:
    d = one(FROM[lang])
    assert d.price_amount == 2990
    assert _kinds(d) == [("price.amount", "lower_bound", None)]


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_price_for_subscribers_of_named_tariffs(lang: str) -> None:
    assert _kinds(one(SUBSCRIBERS[lang])) == [("price.amount", "subscribers", None)]


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_promotional_price(lang: str) -> None:
    assert _kinds(one(PROMOTION[lang])) == [("price.amount", "promotion", None)]


@pytest.mark.parametrize(
    ("evidence", "kind"),
    [
        ("Абонентская плата в первые 3 месяца | 2990 тг в месяц |", "period"),
        ("Алғашқы 3 айда абоненттік төлем | айына 2990 тг |", "period"),
        ("Monthly fee for the first 3 months | 2990 ₸ |", "period"),
        ("Первые 3 месяца 0 тг, далее 2990 тг в месяц", "after_period"),
        ("Алғашқы 3 ай тегін, содан соң айына 2990 тг", "after_period"),
        ("First 3 months free, then 2990 ₸ per month", "after_period"),
    ],
)
def test_first_months_in_the_price_span(evidence: str, kind: str) -> None:
    (cond,) = fact_conditions({"price.amount": evidence})
    assert (cond.kind, cond.duration) == (kind, "P3M")


@pytest.mark.parametrize(
    "text", ["2990 теңгеден бастап", "1990 теңге айына бастап", "990 тг/ай бастап"]
)
def test_kazakh_from_after_the_amount_and_its_period(text: str) -> None:
    assert is_lower_bound(text)


def test_from_a_price_with_no_break_space_thousands() -> None:
    """The evidence is the page's own text: 'от 2\xa0490 тг' is 'от 2 490 тг'."""
    assert is_lower_bound("Абонплата\nот 2\xa0490 тг в мес.")
    assert is_lower_bound("Тариф «X» стоит от 2\u202f490 тг. в месяц.")


def test_a_plain_price_has_no_condition() -> None:
    assert one(f"Тариф Х\n{FEE['ru']}").conditions == []
    assert not is_lower_bound("Қосылған күннен бастап | 4990 тг/айына")


# ---------------------------------------------------------------- bonuses, per-period quantities

BONUS = {
    "ru": "+ Бонус интернет | 5 ГБ (первые 3 месяца) |",
    "kk": "+ Бонус 4G интернет | 5 ГБ (алғашқы 3 ай) |",
    "en": "+ Bonus internet | 5 GB (first 3 months) |",
}


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_bonus_allowance_is_kept_apart(lang: str) -> None:
    d = one(f"Тариф Х\n{FEE[lang]}\nИнтернет | 10 ГБ |\n{BONUS[lang]}")
    assert d.data_quota_mb == 10 * 1024
    assert [(b["service"], b["quantity"], b["duration"]) for b in d.bonuses] == [
        ("data", Decimal(5 * 1024), "P3M")
    ]


def test_a_bonus_that_is_not_given_is_no_bonus() -> None:
    d = one("Тариф Х\nИнтернет-топтама 175 МБ + Бонус 4G интернет Берілмейді\n" + FEE["kk"])
    assert d.bonuses == []


DAILY_SMS = {
    "ru": "SMS внутри сети | 200 SMS / день |",
    "kk": "Желі ішіндегі SMS | күніне 200 SMS |",
    "en": "Onnet SMS | 200 SMS a day |",
}
WEEKLY_DATA = {
    "ru": "Интернет | 2 ГБ в неделю |",
    "kk": "Интернет | аптасына 2 ГБ |",
    "en": "Internet | 2 GB per week |",
}
DAILY_MINUTES = {
    "ru": "Звонки на другие мобильные номера РК | 20 мин в сутки |",
    "kk": "ҚР-дағы басқа мобильді нөмірлерге | тәулігіне 20 мин |",
    "en": "Calls to other networks | 20 min a day |",
}


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_per_day_sms(lang: str) -> None:
    d = one(f"Тариф Х\n{DAILY_SMS[lang]}\n{FEE[lang]}")
    assert (d.sms_count, d.sms_per) == (200, "P1D")
    assert "200" in d.evidence["sms.per"]


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_per_week_data(lang: str) -> None:
    d = one(f"Тариф Х\n{WEEKLY_DATA[lang]}\n{FEE[lang]}")
    assert (d.data_quota_mb, d.data_per, d.data_per_day) == (2048, "P7D", False)


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_per_day_minutes(lang: str) -> None:
    d = one(f"Тариф Х\n{DAILY_MINUTES[lang]}\n{FEE[lang]}")
    assert (d.voice_offnet, d.voice_per) == (20, "P1D")


def test_daily_column_header_makes_each_row_per_day() -> None:
    text = "Internet+\n\nDaily data allowance, MB | Daily fee, ₸ |\n10 | 29 |\n25 | 34 |\n"
    drafts = extract_plans(text, operator="activ", url="https://activ.kz/en/service/x")
    assert [(d.data_quota_mb, d.data_per, d.data_per_day) for d in drafts] == [
        (10, "P1D", True),
        (25, "P1D", True),
    ]


def test_a_monthly_allowance_has_no_per() -> None:
    d = one(f"Тариф Х\nИнтернет | 10 ГБ |\nSMS | 100 SMS |\n{FEE['ru']}")
    assert (d.data_per, d.sms_per, d.data_per_day) == (None, None, False)


# ---------------------------------------------------------------- fallback fees, devices

FALLBACK_LINE = {
    "ru": "Если абонентская плата не списана, включается ежедневный пакет |\n390 тг в сутки |",
    "kk": "Негізгі абоненттік төлем алынбаған жағдайда күнделікті топтама іске қосылады |\n"
    "390 тг/тәулігіне |",
    "en": "If the monthly fee cannot be taken, a daily pack is switched on |\n390 ₸ per day |",
}
DAY_PACK = {
    "ru": "Дневной пакет «Всё за 990»",
    "kk": "Күнделікті топтама Бәрі 990",
    "en": "Daily pack «All for 990»",
}


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_fallback_fee_attaches_to_its_plan(lang: str) -> None:
    d = one(f"Тариф Х\n{FEE[lang]}\n{FALLBACK_LINE[lang]}")
    assert d.price_amount == 1000 and d.price_period == "P1M"
    assert d.fallback is not None
    assert (d.fallback["amount"], d.fallback["period"]) == (390, "P1D")
    assert not d.fallback_only


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_a_daily_pack_page_that_is_only_a_fallback(lang: str) -> None:
    d = one(f"{DAY_PACK[lang]}\n{FALLBACK_LINE[lang]}\nИнтернет | 1 ГБ |")
    assert d.fallback_only and d.fallback is None and d.price_amount == 390


DEVICE = {"ru": "Тариф для роутера", "kk": "Модемге арналған тариф", "en": "Tablet plan"}


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_router_modem_tablet_plans_are_data_only(lang: str) -> None:
    d = one(f"{DEVICE[lang]}\nИнтернет | 50 ГБ |\n{FEE[lang]}\nЗвонки | 5 тг/мин |")
    assert d.data_only is True and d.evidence["data_only"] == DEVICE[lang]
    assert not [w for w in d.warnings if w.field == "data_only"]


def test_a_phone_plan_stays_a_phone_plan() -> None:
    d = one(f"Тариф Х\nЗвонки на Beeline | 100 мин |\n{FEE['ru']}")
    assert d.data_only is False

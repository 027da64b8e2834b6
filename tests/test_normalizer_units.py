"""Normalizer units, periods, decoys and rollover, from the meanings in shared/corpus/phrases.jsonl.

Expectations are written from the stated meaning of each real phrase, not from the code's output.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from normalizer import extract_plans
from normalizer.money import find_money
from normalizer.numbers import clean_text, parse_number
from normalizer.periods import find_period, find_validity
from normalizer.quantities import find_quantities
from normalizer.rollover import detect_rollover
from normalizer.unlimited import find_unlimited


def one(text: str, operator: str = "beeline", url: str | None = None):
    drafts = extract_plans(text, operator=operator, url=url)
    assert len(drafts) == 1, drafts
    return drafts[0]


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("3 500", "3500"),
        ("3\u00a0500", "3500"),
        ("13 990", "13990"),
        ("20,16", "20.16"),
        ("0,75", "0.75"),
        ("1.5", "1.5"),
        ("1 000", "1000"),
    ],
)
def test_numbers_with_separators_and_decimal_commas(raw: str, value: str) -> None:
    assert parse_number(raw) == Decimal(value)


def test_number_that_is_not_one() -> None:
    assert parse_number("*900*97#") is None
    assert parse_number("") is None


def test_glued_words_are_split() -> None:
    assert clean_text("нөмірлерінеШексіз") == "нөмірлеріне Шексіз"


# --- quantities ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "mb"),
    [
        ("28 ГБ", 28 * 1024),
        ("17 ГБ", 17 * 1024),
        ("300 МБ", 300),
        ("20 GB", 20 * 1024),
        ("Additional pack 2GB for 650tg", 2048),
        ("Интернет-трафик  айына 15 ГБ", 15 * 1024),
        ("Premium 15Gb", 15 * 1024),
        ("7ГБ шегінен асырған кезде", 7 * 1024),
        ("30 ГБ бекітілген", 30 * 1024),
        ("Интернет-топтама 175 МБ", 175),
        ("1,5 ГБ", 1536),
        ("500 MB интернет-т", 500),
        ("12Гб", 12 * 1024),
    ],
)
def test_data_units_to_mb(phrase: str, mb: int) -> None:
    data = [q for q in find_quantities(phrase) if q.kind == "data"]
    assert [q.value for q in data] == [Decimal(mb)]


def test_per_day_allowances() -> None:
    (q,) = find_quantities("45 МБ/ day")
    assert (q.kind, q.value, q.per) == ("data", 45, "P1D")
    (sms,) = find_quantities("200 SMS / день")
    assert (sms.kind, sms.value, sms.per) == ("sms", 200, "P1D")
    (week,) = find_quantities("20 мин/апта")
    assert (week.kind, week.value, week.per) == ("minutes", 20, "P7D")


@pytest.mark.parametrize(
    ("phrase", "kind", "value"),
    [
        ("450 мин", "minutes", 450),
        ("120 мин", "minutes", 120),
        ("1 000 мин", "minutes", 1000),
        ("400 минут 0 т/мин", "minutes", 400),
        ("ҚР ұялы операторларына 200 минуттар", "minutes", 200),
        ("3000 СМС", "sms", 3000),
        ("30 SMS", "sms", 30),
    ],
)
def test_minutes_and_messages(phrase: str, kind: str, value: int) -> None:
    found = [q for q in find_quantities(phrase) if q.kind == kind]
    assert [q.value for q in found] == [value]


@pytest.mark.parametrize(
    "phrase",
    ["4 ₸/1 МБ", "c 401ой минуты 9 т/мин", "3 номера", "20 Мбит/с", "*888*4*1*2#", "1-го числа"],
)
def test_not_allowances(phrase: str) -> None:
    assert [q for q in find_quantities(phrase) if q.kind in ("data", "minutes", "sms")] == []


# --- money -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "amount", "rate"),
    [
        ("4990 тг в месяц", "4990", None),
        ("2990 ₸/мес.", "2990", None),
        ("3 500 тенге в месяц.", "3500", None),
        ("990 тг.", "990", None),
        ("Additional pack 2GB for 650tg", "650", None),
        ("20,16 тг/мб", "20.16", "data"),
        ("8 тг/мин", "8", "min"),
        ("7 тг/SMS", "7", "sms"),
        ("13,44 тг/шт с НДС", "13.44", "sms"),
        ("0 т/мин", "0", "min"),
        ("Data, per MB 0,5 tenge", "0.5", "data"),
        ("0,75 ₸/MB", "0.75", "data"),
        ("4 ₸/1 МБ", "4", "data"),
        ("3 теңге/ Mb", "3", "data"),
        ("1 GB – 490 tg", "490", None),  # a one-gigabyte pack, not a price per gigabyte
        ("1 МБ 5 тг", "5", "data"),
    ],
)
def test_money_and_rates(phrase: str, amount: str, rate: str | None) -> None:
    (m,) = find_money(phrase)
    assert (m.amount, m.rate) == (Decimal(amount), rate)


@pytest.mark.parametrize("phrase", ["13 990 Cost", "более $4", "Premier 5.0", "*900*97#"])
def test_not_money(phrase: str) -> None:
    assert find_money(phrase) == ()


# --- periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "period"),
    [
        ("4990 тг в месяц", "P1M"),
        ("2990 ₸/мес.", "P1M"),
        ("1000\nТГ/МЕСЯЦ", "P1M"),
        ("4990 тг/айына", "P1M"),
        ("2990 ₸/ай", "P1M"),
        ("8 990 теңге / ай.", "P1M"),
        ("Ежемесячная абонентская плата", "P1M"),
        ("Плата списывается 1-го числа каждого месяца.", "P1M"),
        ("Unlimits have monthly subscription fee.", "P1M"),
        ("30 күнге 1190 теңге", "P30D"),
        ("accrued every 30 calendar days", "P30D"),
        ("390 тг в сутки", "P1D"),
        ("90 тг/тәулігіне", "P1D"),
        ("39 ₸/ day", "P1D"),
        ("49 ₸ күніне", "P1D"),
        ("6 990 теңге 30 күн сайын", "P30D"),  # every 30 days, not daily
        ("The tariff fee is charged every day", "P1D"),
        ("840 ₸/апта", "P7D"),
        ("490 тг/аптасына", "P7D"),
        ("Аптасына бір рет ұсталады", "P7D"),
        ("Списывается один раз в неделю", "P7D"),
        ("990 тенге\n\nкаждые 4 недели", "P28D"),
        ("раз в 4 недели (28 дней)", "P28D"),
        ("Бағалар ҚҚС ескеріп көрсетілген", None),
    ],
)
def test_billing_periods_in_three_languages(phrase: str, period: str | None) -> None:
    assert find_period(phrase) == period


@pytest.mark.parametrize(
    ("phrase", "validity"),
    [
        ("Packs are valid for 30 days from activation", "P30D"),
        ("The package can be used for 7 days (168 hours) after activation", "P7D"),
        ("услуги предоставляются на протяжении 30 (тридцати) календарных дней", "P30D"),
        ("енді ол 30 күнге 1190 теңге болады", "P30D"),
        ("refreshed every 30 days (30-day allowance)", "P30D"),
        ("20 GB за 1 990 ₸, срок действия 1 день", "P1D"),
        ("1 Гб за 190 тг на 1 день", "P1D"),
        ("credited every 30 calendar days", None),
        ("до конца текущего месяца", None),
    ],
)
def test_validity(phrase: str, validity: str | None) -> None:
    assert find_validity(phrase) == validity


@pytest.mark.parametrize(
    ("label", "value", "validity"),
    [
        ("Срок действия", "7 дней", "P7D"),
        ("Validity", "30 days", "P30D"),
        ("Мерзімі", "1 сағат", "PT1H"),
        ("Интернет", "7 ГБ", None),  # a size, not a duration
    ],
)
def test_validity_in_a_label_above_its_value(label: str, value: str, validity: str | None) -> None:
    """A card that prints 'Срок действия' on one line and '7 дней' on the next."""
    text = f"Интернет-пакет\nЦена\n990 тг\n{label}\n{value}\n"
    (plan,) = extract_plans(text, operator="kcell")
    assert plan.validity == validity


# --- unlimited -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    ["Безлимит", "Безлимитно", "БЕЗЛИМИТ", "Шексіз", "Неограниченно", "қоңыраулар - UNLIM"],
)
def test_unlimited_words(phrase: str) -> None:
    assert find_unlimited(phrase)


def test_unlim_inside_a_plan_name_is_not_a_value() -> None:
    assert find_unlimited("ALTEL WEB UNLIM/Unlim LTE бойынша өзгеріс") == ()


# --- page-level rules (decoys, scopes) -------------------------------------------------------


def test_fallback_daily_fee_is_not_the_price() -> None:
    d = one(
        "Абонентская плата |\n4990 тг в месяц | |\n"
        "Когда основную абонентскую плату списать не удалось, включается ежедневный пакет |\n"
        "390 тг в сутки |"
    )
    assert (d.price_amount, d.price_period) == (Decimal(4990), "P1M")


def test_fee_charged_when_the_monthly_fee_cannot_be_is_not_the_price() -> None:
    d = one(
        "| | Start 500 |\n| Monthly fee, tg | 2 490 |\n| Data, GB | 12 |\n"
        "If the monthly fee cannot be charged, a daily fee of 390 ₸ per day applies."
    )
    assert (d.name, d.price_amount, d.price_period) == ("Start 500", Decimal(2490), "P1M")


def test_a_router_plan_whose_period_is_an_abbreviation_has_its_fee() -> None:
    """'в мес.' ends the sentence: its dot is the abbreviation's, so the fee has a period and is
    not a router's price."""
    d = one("Тариф «Роутер Оптимальный Plus» стоит 3 490 тг. в мес. В пакет входят: 12 GB.")
    assert (d.price_amount, d.price_period) == (Decimal(3490), "P1M")


@pytest.mark.parametrize(
    "text",
    [
        "Smart\nThe plan costs 990 tenge. It includes 10 GB of data.",
        "Смарт\nТариф стоит 990 тенге и включает 10 ГБ.",
    ],
)
def test_costs_words_a_price(text: str) -> None:
    assert one(text).price_amount == Decimal(990)


def test_kazakh_if_not_withheld_marks_a_fallback_fee() -> None:
    """'Ай сайынғы төлем ұсталмаса, тәулігіне 290 тг ұсталады.': charged only when the monthly
    fee is not, so not the plan's price."""
    d = one(
        "Тиімді\nАйына төлем: 1 290 теңге\nАй сайынғы төлем ұсталмаса, тәулігіне 290 тг ұсталады."
    )
    assert (d.price_amount, d.price_period) == (Decimal(1290), "P1M")


def test_day_pack_page_takes_its_own_daily_fee() -> None:
    d = one(
        "Күнделікті топтама Бәрі 490\nИнтернет-топтама\n300 МБ\n"
        "Негізгі абоненттік төлем алынбаған жағдайда күнделікті топтама іске қосылады |\n"
        "90 тг/тәулігіне |"
    )
    assert (d.price_amount, d.price_period, d.kind) == (Decimal(90), "P1D", "pack")
    assert d.data_quota_mb == 300


def test_two_weekly_prices_conflict() -> None:
    d = one("Төлемге\n840 ₸/апта\nАбоненттік төлем\nАптасына бір мәрте алынады\n490 тг/аптасына")
    assert d.price_amount is None
    (warning,) = [w for w in d.warnings if w.field == "price.amount"]
    assert len(warning.spans) == 2


def test_add_on_fee_and_name_number_are_not_prices() -> None:
    d = one(
        "Бәрі бар 840 тг\nТөлемге\n840 ₸/апта\n"
        "#БәріБолады7 қызметін қосып алыңыз - YouTube трафигі шектеусіз, "
        "ақысы аптасына 150 теңгеден"
    )
    assert (d.price_amount, d.price_period) == (Decimal(840), "P7D")
    assert d.data_unlimited is None


def test_name_with_price() -> None:
    d = one("«Меняй всё» за 1390", operator="tele2")
    assert (d.name, d.price_amount, d.price_period) == ("Меняй всё", Decimal(1390), None)


def test_split_price_card_and_four_weeks() -> None:
    assert one("Premium 15Gb\n1000\nТГ/МЕСЯЦ", operator="altel").price_period == "P1M"
    d = one("Абонентская плата:\n\n990 тенге\n\nкаждые 4 недели", operator="activ")
    assert (d.price_amount, d.price_period) == (Decimal(990), "P28D")


def test_an_amount_for_a_duration_in_the_first_line_is_a_price() -> None:
    """'Шексіз интернет - 390 ₸ (1 күн ішінде)' first in a list: an amount for a duration is the
    offer's price, not a number of its name ('Бәрі бар 840 тг')."""
    text = "Интернет-топтамалар:\nШексіз интернет - 390 ₸ (1 күн ішінде)\n40 Гб — 650 теңге\n"
    prices = {d.name: d.price_amount for d in extract_plans(text, operator="tele2")}
    assert prices == {"Шексіз интернет": 390, "40 Гб": 650}
    assert one("Бәрі бар 840 тг\nИнтернет\n5 ГБ").price_amount is None


def test_a_listed_offer_at_zero_tenge_is_free() -> None:
    """'12 ГБ за 0 тг' in a list of packs, or a pack card printing '0 ₸': price 0, one-off."""
    text = "Интернет-пакеты:\n• 12 ГБ за 0 тг\n• 3 ГБ за 990 тг\n"
    assert {d.name: d.price_amount for d in extract_plans(text, operator="kcell")} == {
        "12 ГБ": 0,
        "3 ГБ": 990,
    }
    assert one("Интернет-пакет 12 Гб\n0 ₸\nData: 12Gb").price_amount == 0
    text = "Пакеты:\n- Безлимитный интернет - 0 тг, срок действия 1 день\n• 450 мин — 290 тг.\n"
    assert {d.name: d.price_amount for d in extract_plans(text, operator="beeline")} == {
        "Безлимитный интернет": 0,
        "450 мин": 290,
    }


def test_an_unlimited_internet_line_beats_a_slowdown_sentence() -> None:
    """'Интернет: Безлимитно' and 'After the quota the speed drops to 256 kbit/s': unlimited;
    the slowdown alone still says there is a quota."""
    d = one("Go\nСтоимость: 4 990 тг. в мес.\nИнтернет: Безлимитно\n"
            "After the quota the speed drops to 256 kbit/s")  # fmt: skip
    assert (d.data_unlimited, d.throttle_kbps) == (True, 256)
    d = one("Go\nСтоимость: 4 990 тг. в мес.\nAfter the quota the speed drops to 256 kbit/s")
    assert d.data_unlimited is False


def test_a_pack_named_one_gigabyte_is_no_rate() -> None:
    """'Data pack 1GB' over '1290 ₸': a one-gigabyte pack's price; '1 MB' over '5 tg' is a rate."""
    assert one("Data pack 1GB\n1290 ₸\nData: 1GB").price_amount == 1290
    assert one("Smart\n1 MB\n5 tg").price_amount is None


def test_cost_labels_a_price() -> None:
    """'Cost' over '490 tg' prices the offer; only a device word makes it a device's price."""
    assert one("Data pack\nCost\n490 tg\nInternet\n5 GB").price_amount == 490
    assert one("Router tariff\nRouter cost\n13 990 tg\nInternet\n5 GB").price_amount is None


def test_device_price_usd_and_rates_are_not_prices() -> None:
    router = extract_plans("13 990 Cost\n\n4G E5573s-320 White\nRouter tariff", operator="kcell")
    assert [d.price_amount for d in router] == [None]
    d = one("Тариф\nплата составляет 1290 тенге (более $4) раз в месяц.", operator="tele2")
    assert d.price_amount == 1290
    rates = one("Onnet calls, per minute 1 tenge\nData, per MB 0,5 tenge", operator="kcell")
    assert (rates.price_amount, rates.voice_onnet, rates.data_quota_mb) == (None, None, None)


def test_texts_are_sms() -> None:
    """'Texts | unlimited' in a table: English pages call SMS texts."""
    d = one("| Plan | Fee | Texts |\n| Smart | 490 ₸ per week | unlimited |\n", operator="tele2")
    assert d.sms_count == "unlimited"


def test_networks() -> None:
    d = one(
        "на номера Beeline\nБезлимит\nна другие мобильные номера по РК\n550 мин\n"
        "на международные направления\n30 мин"
    )
    assert (d.voice_onnet, d.voice_offnet, d.voice_international) == ("unlimited", 550, 30)
    k = one("безлимит звонки внутри сети activ/Kcell\nбезлимит на KAZNET", operator="kcell")
    assert (k.voice_onnet, k.data_unlimited) == ("unlimited", None)


def test_free_on_net_calls_in_a_column_table() -> None:
    drafts = extract_plans(
        "| Услуга | План A | План B |\n"
        "| Ежемесячная абонентская плата* | 2 000 | 3 500 |\n"
        "| Звонки внутри сети activ/Kcell | 0 т/мин | 0 т/мин |\n"
        "| Звонки на других операторов по РК | 400 минут 0 т/мин | 500 минут 0 т/мин |\n"
        "| SMS на всех операторов | 400 SMS 0 т/SMS | Неограниченно |\n"
        "| Мобильный интернет | 20 GB | 25 GB |",
        operator="kcell",
    )
    assert [d.name for d in drafts] == ["План A", "План B"]
    a, b = drafts
    assert (a.price_amount, a.price_period, a.voice_onnet, a.voice_offnet) == (
        2000,
        "P1M",
        "unlimited",
        400,
    )
    assert (b.sms_count, b.data_quota_mb) == ("unlimited", 25 * 1024)


def test_numeric_table_with_units_in_the_header() -> None:
    drafts = extract_plans(
        "Mobile Internet+\n"
        "Daily data bonus allowance, MB Daily fee, ₸ Standard per-MB rate Activation\n"
        "10 29 4 ₸/MB Closed\n120 64 0,75 ₸/MB Closed",
        operator="activ",
    )
    assert [(d.name, d.data_quota_mb, d.price_amount, d.price_period) for d in drafts] == [
        ("Mobile Internet+ 10 MB", 10, 29, "P1D"),
        ("Mobile Internet+ 120 MB", 120, 64, "P1D"),
    ]
    assert all(d.data_only for d in drafts)


def test_package_rows_with_validity_and_one_off_fee() -> None:
    drafts = extract_plans(
        "Service packages\n"
        "Package Package validity period Package activation fee (in tenge)* USSD activation code\n"
        "25 SMS + 25 MB 30 days 250 *888*4*1*2#\n50 SMS + 50 MB 30 days 450 *888*4*2*2#",
        operator="activ",
    )
    first = drafts[0]
    assert (first.name, first.sms_count, first.data_quota_mb) == ("25 SMS + 25 MB", 25, 25)
    assert (first.price_amount, first.price_period, first.validity) == (250, None, "P30D")


def test_bonus_for_first_months_and_truncated_tail_are_not_the_allowance() -> None:
    d = one(
        "тариф жоспары бойынша бонуспен\n25 ГБ\n"
        "+ Бонус тариф жоспары бойынша 4G желісінде (алғашқы 12 ай)\n20 ГБ"
    )
    assert d.data_quota_mb == 25 * 1024
    p = one("Premier 2.0\n7990 ₸/мес.\n60 ГБ интернет-трафика\n500 MB интернет-т", operator="kcell")
    assert p.data_quota_mb == 60 * 1024


def test_a_page_about_nothing_gives_no_plan() -> None:
    assert extract_plans("Контакты\nО компании", operator="kcell") == []
    assert extract_plans("", operator="kcell") == []
    (terms,) = extract_plans("Услуги предоставляются по тарифам оператора.", operator="altel")
    assert terms.price_amount is None and not terms.evidence


def test_throttle_and_segment() -> None:
    d = one(
        "Абонентская плата | 3500 тг |\nПлата списывается 1-го числа каждого месяца.\n"
        "Когда интернет-пакеты израсходованы, скорость падает до 64 Кбит/сек.",
        url="https://beeline.kz/b2b/ru/products/tariffs/x",
    )
    assert (d.throttle_kbps, d.segment, d.price_period) == (64, "business", "P1M")


@pytest.mark.parametrize(
    ("text", "kbps"),
    [
        ("Интернет 20 ГБ\nСкорость до 100 Мбит/с", None),  # the network's top speed
        ("20 GB, speeds up to 150 Mbps", None),
        ("20 ГБ\nПосле исчерпания пакета скорость снижается до 1 Мбит/с", 1000),
        ("20 GB; once used up, the speed is limited to 2 Mbit/s", 2000),
        ("20 ГБ\nТрафик біткен соң жылдамдық 128 кбит/с дейін төмендейді", 128),
    ],
)
def test_a_speed_after_the_quota_is_a_throttle_a_top_speed_is_not(
    text: str, kbps: int | None
) -> None:
    assert one(text).throttle_kbps == kbps


# --- rollover --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Минуты и интернет-трафик, не израсходованные за месяц, сгорают в последний день.", "no"),
        (
            "Ресурсы тарифного плана, которые не были использованы, "
            "на следующий период не переходят.",
            "no",
        ),
        ("Не израсходованные за день SMS обнуляются и на следующий день не переходят.", "no"),
        ("Any allowance left unused is not carried over to the following 30-day period.", "no"),
        ("Пайдаланылмаған трафик келесі айға ауыспайды.", "no"),
        ("Остатки минут и гигабайт переносятся на следующий месяц.", "yes"),
        (
            "Each data allowance can be used through the last day of the calendar month that "
            "follows the month it was credited in.",
            "yes",
        ),
        ("Unused gigabytes do not burn.", "yes"),
        ("При переходе на другой тарифный план все оставшиеся ресурсы аннулируются.", "unknown"),
        ("If you deactivate the service, any unused traffic is reset to zero.", "unknown"),
        (
            "Whatever allowance is left unused is forfeited when the subscriber changes to "
            "another tariff.",
            "unknown",
        ),
        ("The data allowance that expires soonest is used first.", "unknown"),
        ("Логин 6 ай бойы пайдаланылмаса, ол жойылады.", "unknown"),
    ],
)
def test_rollover_statements(text: str, status: str) -> None:
    assert detect_rollover([text]).status == status


def test_rollover_terms() -> None:
    r = detect_rollover(
        [
            "Each data allowance can be used through the last day of the calendar month that "
            "follows the month it was credited in. Should the daily fee go unpaid, whatever data "
            "allowance remains is forfeited."
        ]
    )
    assert (r.status, r.lasts, r.conditions, r.applies_to) == (
        "yes",
        "end_of_next_month",
        ["fee paid"],
        ["data"],
    )
    listed = detect_rollover(
        [
            "Data allowance of the pack that was credited but not used is cancelled:",
            "• once the pack validity has expired;",
            "• once the contract for telecom services is terminated.",
        ]
    )
    assert listed.status == "no"
    assert "validity has expired" in (listed.evidence or "")


def test_data_without_a_unit_is_null_with_a_warning() -> None:
    for text in ("Тариф Х\nАбонентская плата | 2990 тг в месяц |\nИнтернет | 20 |",
                 "Тариф Y\nИнтернет-пакет\n15\nАбонентская плата 1990 тг в месяц"):  # fmt: skip
        d = one(text)
        assert d.data_quota_mb is None
        assert [w.field for w in d.warnings] == ["data.quota_mb"]
        assert "unit" in d.warnings[0].message and d.warnings[0].spans


def test_data_with_a_unit_gives_no_unit_warning() -> None:
    d = one("Тариф Z\nИнтернет | 20 ГБ |\nАбонентская плата | 2990 тг в месяц |")
    assert d.data_quota_mb == 20480 and d.warnings == []


def test_minutes_that_name_no_network_stay_unknown() -> None:
    d = one("Тариф Х\n180 минут\nАбонентская плата 2990 тг в месяц")
    assert d.voice_offnet is None and d.voice_onnet is None


def test_a_device_named_plan_priced_per_week_under_a_monthly_label_keeps_its_price() -> None:
    """'Router Go' / 'Monthly fee' / '990 tenge per week': billing periods are worded (two,
    which disagree), so this is the router plan's fee, not a device's price; the value's own
    period is the fee's."""
    from normalizer import extract_plans

    text = "Router Go\n-\nMonthly fee\n990 tenge per week\n-\nInternet\n300 Mb\n"
    (plan,) = extract_plans(text, operator="tele2")
    assert (plan.price_amount, plan.price_period) == (990, "P7D")


def test_a_fee_cell_wording_its_own_period_beats_the_row_label() -> None:
    """'Monthly fee' | 'Аптасына 840 ₸': the cell says weekly; the row label's 'Monthly' is the
    table's wording for any subscription fee."""
    from normalizer import extract_plans

    text = (
        "| | Мой город | Еркін 5.0 |\n"
        "| Monthly fee | from 4 500 ₸ per month | Аптасына 840 ₸ |\n"
        "| Мобильный интернет | 3 Гб | 7 Gb |\n"
    )
    plans = extract_plans(text, operator="tele2")
    assert [(d.name, d.price_amount, d.price_period) for d in plans] == [
        ("Мой город", 4500, "P1M"),
        ("Еркін 5.0", 840, "P7D"),
    ]


def test_a_free_pack_with_a_rate_beyond_it_is_free() -> None:
    """'«…» топтамасы: Тегін. … Топтама біткен соң 4 тг/мин.': the rate after the pack is used
    up prices nothing, so the pack's 'Тегін' (free) is still its price."""
    from normalizer import extract_plans

    text = (
        "Тарифтік жоспарлар\n«Интернет-топтама 500 МБ» топтамасы: Тегін. Топтамаға кіреді: 500МБ "
        "интернет. Жарамдылық мерзімі: 24 сағат. Топтама біткен соң 4 тг/мин.\n\n"
        "«Интернет-топтама 2 ГБ» топтамасы: 1 290 теңге. Топтамаға кіреді: 2 ГБ интернет. "
        "Мерзімі: 3 күн.\n"
    )
    plans = extract_plans(text, operator="kcell")
    assert [(d.name, d.price_amount) for d in plans] == [
        ("Интернет-топтама 500 МБ", 0),
        ("Интернет-топтама 2 ГБ", 1290),
    ]


def test_a_cards_free_line_of_its_own_is_its_price() -> None:
    """A card that prints 'Free' on a line of its own under its title costs nothing."""
    from normalizer import extract_plans
    from normalizer.lines import OFFER_END, OFFER_MARK

    def card(*lines: str) -> str:
        return "\n".join([OFFER_MARK, *lines, OFFER_END])

    text = "\n".join(
        [
            card("Data pack 15 ГБ", "", "Free", "15 ГБ of data", "Validity: 1 hour"),
            card("Data pack 50Gb", "1 990 ₸", "50 GB of data", "Validity: 7 days"),
        ]
    )
    plans = extract_plans(text, operator="beeline")
    assert [(d.name, d.price_amount) for d in plans] == [
        ("Data pack 15 ГБ", 0),
        ("Data pack 50Gb", 1990),
    ]


def test_a_page_of_naming_sentences_names_and_prices_each_offer() -> None:
    """'The Data pack 10 Gb pack costs 1 290 ₸. It includes …': two sentences ('₸.' ends the
    first), no heading, so the amount is the pack's price, not part of a name; and a page of
    that one paragraph takes its name from the sentence."""
    from normalizer import extract_plans

    text = (
        "Tariffs\nThe Talk Pro plan costs 490 tenge/week. It includes 10 ГБ of data.\n\n"
        "The Data pack 10 Gb pack costs 1 290 ₸. It includes 10 ГБ of data.\n"
    )
    plans = extract_plans(text, operator="izi")
    assert [(d.name, d.price_amount) for d in plans] == [
        ("Talk Pro", 490),
        ("Data pack 10 Gb", 1290),
    ]
    (pack,) = extract_plans(text.split("\n\n")[1], operator="izi")
    assert (pack.name, pack.kind, pack.price_amount) == ("Data pack 10 Gb", "pack", 1290)


def test_a_per_minute_rate_on_a_routers_page_is_no_call_allowance() -> None:
    """A router plan stays data-only beside an overage rate per minute; a router page whose
    package holds voice minutes does not."""
    from normalizer import extract_plans

    router = "Роутер Тиімді 500\nАбонплата: 4 990 тг/мес\nИнтернет: 50 ГБ\n"
    (plan,) = extract_plans(router + "Топтама біткен соң 9 тг/мин\n", operator="kcell")
    assert plan.data_only is True
    bundle = "Each package contains voice minutes, SMS messages and Internet traffic.\n"
    (plan,) = extract_plans(router + bundle, operator="kcell")
    assert plan.data_only is None
    assert [w.field for w in plan.warnings] == ["data_only"]


def test_a_single_offer_under_the_pages_own_heading_is_named_by_its_quote() -> None:
    """'Тарифные планы' heads the page; the one paragraph under it names its pack in quotes, so
    that is the name, the offer is a pack and its bare amount is the price."""
    from normalizer import extract_plans

    text = (
        "Тарифные планы\n«Интернет-топтама 50 ГБ» топтамасы: 1 990 тг. Топтамаға кіреді: 50 ГБ "
        "интернет. Мерзімі: 24 сағат.\n"
    )
    (pack,) = extract_plans(text, operator="kcell")
    assert (pack.name, pack.kind, pack.price_amount) == ("Интернет-топтама 50 ГБ", "pack", 1990)


def test_a_pack_that_costs_free_beside_a_top_up_is_free() -> None:
    """'The Data pack 12 GB pack costs Free. … Top up 5 000 tenge to activate.': the top-up
    amount prices nothing, so the listed pack's 'Free' is its price."""
    from normalizer import extract_plans

    text = (
        "The Data pack 40Gb pack costs 990 ₸. It includes 40 GB of data.\n\n"
        "The Data pack 12 GB pack costs Free. It includes 12 ГБ of data. Top up 5 000 tenge to "
        "activate.\n"
    )
    plans = extract_plans(text, operator="beeline")
    assert [(d.name, d.price_amount) for d in plans] == [
        ("Data pack 40Gb", 990),
        ("Data pack 12 GB", 0),
    ]


def test_a_call_rate_beyond_a_data_pack_leaves_it_data_only() -> None:
    """'Звонки сверх пакета 4 ₸/мин' on a data pack's page is what calls cost outside it: the
    pack still holds data only."""
    from normalizer import extract_plans

    text = (
        "Интернет-пакет 25 GB\n2 990 ₸\n25 ГБ интернета\nДействует: 30 дней\n\n"
        "Звонки сверх пакета 4 ₸/мин\n"
    )
    (pack,) = extract_plans(text, operator="tele2")
    assert (pack.kind, pack.data_only) == ("pack", True)

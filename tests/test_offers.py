"""Rows of a table flattened to text: spaces separate values and also group thousands."""

from __future__ import annotations

import pytest

from normalizer.names import NAMED
from normalizer.offers import _split_values


@pytest.mark.parametrize(
    ("tail", "n", "values"),
    [
        ("5 15 30", 3, ["5", "15", "30"]),
        ("100 200 400", 3, ["100", "200", "400"]),  # not one number 100 200 400
        ("1 490 2 490 3 990", 3, ["1490", "2490", "3990"]),
        ("60 1 000 100 100 450 60", 6, ["60", "1000", "100", "100", "450", "60"]),
        ("5 990 3 490 2 990 990 12 990 5 990", 6, ["5990", "3490", "2990", "990", "12990", "5990"]),
        ("Безлимит 15 — 30", 4, ["Безлимит", "15", "—", "30"]),
        ("2 000 No limit Unlimited", 3, ["2000", "No limit", "Unlimited"]),
        ("без ограничений 100 200", 3, ["без ограничений", "100", "200"]),
        ("50 150 1 000 2 000 500 500", 6, ["50", "150", "1000", "2000", "500", "500"]),
        ("1 000 1 000", 3, None),  # no reading gives three values
    ],
)
def test_values_of_a_flattened_row(tail: str, n: int, values: list[str] | None) -> None:
    assert _split_values(tail, n) == values


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("The Premier plan costs 1 990 tg a month.", "Premier"),
        ("The Premier plan. It includes 1.5 GB of data.", "Premier"),
        ("Тариф Смарт стоит 2 990 тг в месяц.", "Смарт"),
        (
            "The Router Business Pro 2.0 plan costs from 1 990 tenge per month.",
            "Router Business Pro 2.0",
        ),
    ],
)
def test_a_paragraph_names_its_offer_without_quotes(sentence: str, name: str) -> None:
    m = NAMED.search(sentence)
    assert m is not None and (m.group("name") or m.group("name2")) == name


def test_a_kazakh_monthly_fee_line_is_a_value_not_a_title() -> None:
    """'Ай сайын 990 тг' (990 tg every month) is the value under its label, so the line above
    the label ('Сөйлес') names the offer and takes none of the offer above it."""
    from normalizer import extract_plans
    from normalizer.lines import is_value_like

    assert is_value_like("Ай сайын 990 тг")
    text = (
        "Роутер Сөйлес\n-\nҚұны\n4500 теңге/ай\n-\nИнтернет-трафик\n50 ГБ\n"
        "Пайдаланылмаған трафик келесі айға ауыстырылмайды.\n\n"
        "Сөйлес\n-\nАбоненттік төлем\nАй сайын 990 тг\n-\nИнтернет-трафик\n5 GB\n"
    )
    plans = {d.name: d for d in extract_plans(text, operator="activ")}
    assert set(plans) == {"Роутер Сөйлес", "Сөйлес"}
    assert plans["Сөйлес"].price_amount == 990
    assert plans["Сөйлес"].rollover_status == "unknown"
    assert plans["Роутер Сөйлес"].rollover_status == "no"


def test_a_named_paragraph_with_one_allowance_is_one_more_offer_of_a_listing() -> None:
    from normalizer import extract_plans

    text = (
        "The Talk Pro plan costs 1 990 ₸ every 30 days. It includes 2 GB of data and 200 texts.\n"
        "\n"
        "The Talk plan. It includes 20 GB of data and 60 minutes to other networks.\n"
        "\n"
        "The Router Premier Plus plan. It includes unlimited data. Dial *515# to activate.\n"
    )
    plans = {d.name: d for d in extract_plans(text, operator="izi")}
    assert set(plans) == {"Talk Pro", "Talk", "Router Premier Plus"}
    router = plans["Router Premier Plus"]
    assert router.data_unlimited is True
    assert router.price_amount is None and router.sms_count is None


def test_a_kazakh_top_up_after_the_amount_is_not_a_price() -> None:
    """'балансты 5 000 теңгеге толтырыңыз' (top up your balance with 5,000 tenge), even on a
    page listing offers, where any amount of an offer's own paragraph could be its price."""
    from normalizer import extract_plans

    text = (
        "«Жастар 840» тарифі. Топтамаға кіреді: шексіз интернет. "
        "Қосу үшін балансты 5 000 теңгеге толтырыңыз.\n\n"
        "«Жастар» тарифі: 8 990 теңге/ай. Топтамаға кіреді: 500 минут және шексіз интернет.\n\n"
        "«Lite» тарифі: 990 теңге/ай. Топтамаға кіреді: 5 ГБ интернет және 100 минут.\n"
    )
    plans = {d.name: d for d in extract_plans(text, operator="altel")}
    assert set(plans) == {"Жастар 840", "Жастар", "Lite"}
    assert plans["Жастар"].price_amount == 8990
    assert plans["Жастар 840"].price_amount is None


def test_a_marked_paragraph_is_named_by_the_name_it_quotes() -> None:
    """Repeated <p> offers: each is named by its «quoted» name, not by its words before a price."""
    from datetime import UTC, datetime

    from kztariffs.extract import extract_page

    paragraphs = [
        "«Бәрі бар 300» тарифі: Ай сайын 990 тг. Топтамаға кіреді: 150 Мб интернет және "
        "басқа операторларға 1 000 минут.",
        "«Жастар» тарифі: 8 990 теңге/ай. Топтамаға кіреді: Altel және Tele2 нөмірлеріне "
        "шексіз қоңыраулар және басқа операторларға 500 минут.",
        "«Жастар Lite» тарифі: 70 тг күніне. Топтамаға кіреді: 300Мб интернет және басқа "
        "операторларға 450 мин.",
    ]
    html = "<html><body><main>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</main></body>"
    plans, _ = extract_page(
        html.encode(),
        operator="altel",
        url="https://altel.kz/tariffs",
        content_type="text/html; charset=utf-8",
        fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
    )
    assert sorted(p.name for p in plans) == ["Бәрі бар 300", "Жастар", "Жастар Lite"]


def test_a_sentence_labels_only_the_line_right_below_it() -> None:
    """The data section's rollover sentence does not label the minute pack under the next
    heading: the pack gets no monthly period from it."""
    from normalizer import extract_plans

    text = (
        "Тарифы\nData packs:\n• 1,5 Гб за 290 ₸\n"
        "Неиспользованный трафик переносится на следующий месяц.\n"
        "Пакеты минут для звонков на номера других операторов РК\n- 200 мин. за 190 ₸\n"
        "Неиспользованные минуты переносятся на следующий месяц.\n"
    )
    plans = {d.name: d for d in extract_plans(text, operator="beeline")}
    assert plans["200 мин."].price_amount == 190
    assert plans["200 мин."].price_period is None


def test_a_fee_period_said_in_another_block_stays_there() -> None:
    """'Monthly fee' labels one card's fee: a card that states no fee gets no period from it."""
    from normalizer import extract_plans

    text = (
        "Talk Plus\n-\nSubscription fee\n2 490 KZT/month\n-\nInternet\nUnlimited\n"
        "Business Pro 2.0\n-\nInternet\n15 GB\n-\nTexts\n500 texts\n"
        "Family 1880\n-\nMonthly fee\n29 KZT/day\n-\nMobile data\n30 ГБ\n"
    )
    plans = {d.name: d for d in extract_plans(text, operator="tele2")}
    assert plans["Business Pro 2.0"].price_period is None
    assert plans["Talk Plus"].price_period == "P1M"


def test_a_flattened_row_with_a_two_word_unlimited_value_is_read() -> None:
    """'No limit' is one value of the row: the minutes and SMS rows below it are read too."""
    from normalizer import extract_plans

    text = (
        "Tariffs\nName Max Тиімді Smart\nMonthly fee, tg 12 990 1 990 4 500\n"
        "Internet, GB 25 15 5\nCalls to izi, Kcell and activ, min 2 000 No limit Unlimited\n"
        "Calls to other networks, min 450 30 60\nSMS, pcs 100 1000 50\n"
    )
    plans = {d.name: d for d in extract_plans(text, operator="izi")}
    assert set(plans) == {"Max", "Тиімді", "Smart"}
    assert plans["Тиімді"].voice_onnet == "unlimited"
    assert (plans["Тиімді"].voice_offnet, plans["Тиімді"].sms_count) == (30, 1000)
    assert (plans["Max"].voice_onnet, plans["Max"].price_amount) == (2000, 12990)


def test_unlimited_calls_after_a_data_clause_are_calls() -> None:
    """'100 Гб интернета, безлимитные звонки на номера Tele2 и Altel': the comma ends the data
    clause; the unlimited word belongs to the calls."""
    from normalizer import extract_plans

    text = (
        "Тариф «Общайся 500» стоит 1 690 тг / 30 дней. В пакет входят: 100 Гб интернета, "
        "безлимитные звонки на номера Tele2 и Altel и 100 минут на другие сети."
    )
    (plan,) = extract_plans(text, operator="tele2")
    assert plan.voice_onnet == "unlimited" and plan.voice_offnet == 100
    assert plan.data_unlimited is not True and plan.data_quota_mb == 100 * 1024


def test_packs_listed_under_an_add_on_heading_keep_their_prices() -> None:
    """'Add-on data packs' heads the packs themselves: their amounts are their prices."""
    from normalizer import extract_plans

    text = (
        "Plans\nAdd-on data packs\n• 100 Mb for 190 KZT, valid 720 hours\n• 10 Gb – 2490 KZT\n"
        "• 175 МБ — 190 tenge\n"
    )
    prices = {d.name: d.price_amount for d in extract_plans(text, operator="kcell")}
    assert prices == {"100 Mb": 190, "10 Gb": 2490, "175 МБ": 190}


def test_a_shared_throttle_sentence_is_about_offers_with_a_quota() -> None:
    """'After the quota the speed drops to 64 kbit/s' under a list of packs: the data pack slows
    down; a minute pack has no quota, so it gets no speed and no 'data not unlimited', and an
    unlimited pack stays unlimited."""
    from normalizer import extract_plans

    text = (
        "Packs\n300 min — 490 tenge\n1000 minutes — 2 490 KZT, valid 7 days\n"
        "10 GB — 1 990 tenge\nUnlimited internet — 490 tenge for 30 days\n"
        "After the quota the speed drops to 64 kbit/s\n"
    )
    plans = {d.name: d for d in extract_plans(text, operator="tele2")}
    assert plans["10 GB"].throttle_kbps == 64 and plans["10 GB"].data_unlimited is False
    unlimited = plans["Unlimited internet"]
    assert unlimited.data_unlimited is True and unlimited.throttle_kbps is None
    for name in ("300 min", "1000 minutes"):
        assert plans[name].throttle_kbps is None and plans[name].data_unlimited is None


def test_a_pack_page_takes_its_bare_amount_as_the_price() -> None:
    """One pack card: 'Интернет-пакет 500 МБ' / '290 тг' / 'Интернет: 500 MB'. A pack's amount
    needs no fee word (a plan's bare amount still does: it may be anything)."""
    from normalizer import extract_plans

    (pack,) = extract_plans("Интернет-пакет 500 МБ\n290 тг\nИнтернет: 500 MB\n", operator="kcell")
    assert (pack.kind, pack.price_amount, pack.data_quota_mb) == ("pack", 290, 500)
    (plan,) = extract_plans("Тариф Смарт\n290 тг\nИнтернет: 500 MB\n", operator="kcell")
    assert plan.price_amount is None


def test_a_table_of_one_plan_row_reads_each_cell_under_its_header() -> None:
    """'| Name | Subscription fee | Data | On-net calls | Off-net calls | SMS |' over one row:
    one plan, named by its first cell, each value read with its column's header."""
    from normalizer import extract_plans

    text = (
        "| Name | Subscription fee | Data | On-net calls (activ) | Off-net calls | SMS |\n"
        "| Smart Plus | 990 tg per month | 15 GB | unlimited | 450 mins | unlimited |\n"
        "Top up 1000 tenge to activate.\n"
    )
    (plan,) = extract_plans(text, operator="activ")
    assert (plan.name, plan.price_amount, plan.price_period) == ("Smart Plus", 990, "P1M")
    assert (plan.voice_onnet, plan.voice_offnet, plan.sms_count) == ("unlimited", 450, "unlimited")


def test_a_table_of_one_plan_column_applies_its_row_units() -> None:
    """'| | Premier Max |' over '| Data, GB | 20 |': a card printed as a table of one plan
    column; the units in the row labels apply to the bare numbers."""
    from normalizer import extract_plans

    text = (
        "| | Premier Max |\n| Monthly fee, KZT | 1 690 |\n| Data, GB | 20 |\n"
        "| Calls to other networks, min | 30 |\n| SMS, pcs | 300 |\n"
    )
    (plan,) = extract_plans(text, operator="tele2")
    assert (plan.name, plan.price_amount, plan.data_quota_mb) == ("Premier Max", 1690, 20 * 1024)
    assert (plan.voice_offnet, plan.sms_count) == (30, 300)


def test_an_unlimited_word_takes_the_service_of_its_own_clause_to_the_right() -> None:
    """'шексіз интернет, activ және Kcell нөмірлеріне 450 мин': unlimited internet; the calls
    after the comma are 450 minutes, not unlimited."""
    from normalizer import extract_plans

    text = (
        "«Сөйлес» тарифі: 12 990 ₸/ай. Топтамаға кіреді: шексіз интернет, activ және Kcell "
        "нөмірлеріне 450 мин және басқа операторларға 1 000 минут."
    )
    (plan,) = extract_plans(text, operator="activ")
    assert (plan.data_unlimited, plan.voice_onnet, plan.voice_offnet) == (True, 450, 1000)


def test_the_first_offers_name_does_not_make_every_offer_a_pack() -> None:
    """Cards whose first one is «Интернет-топтама 1 GB»: the page's first line is that card's
    name, not a heading for the tariff cards after it."""
    from normalizer import extract_plans
    from normalizer.lines import OFFER_END, OFFER_MARK

    cards = [
        "«Интернет-топтама 1 GB» топтамасы: 490 теңге. Топтамаға кіреді: 1 Гб интернет.",
        "«Сөйлес» тарифі: 2 990 ₸/ай. Топтамаға кіреді: 10 ГБ интернет және 100 минут.",
    ]
    text = "".join(f"{OFFER_MARK}\n{card}\n{OFFER_END}\n" for card in cards)
    kinds = {d.name: d.kind for d in extract_plans(text, operator="activ")}
    assert kinds == {"Интернет-топтама 1 GB": "pack", "Сөйлес": "plan"}


def test_a_top_up_line_does_not_price_a_block_of_its_own() -> None:
    """'Top up 2000 tenge to activate.' under a plan's lines is no offer's price: a line with a
    size in it ('100 мин. на другие …') does not head a second plan."""
    from normalizer import extract_plans

    text = (
        "Мой город 5.0\n\nИнтернет: Шексіз\nЗвонки внутри сети Altel и Tele2: 500 мин.\n"
        "100 мин. на другие мобильные номера по РК\nSMS: шектеусіз\n\n"
        "Top up 2000 tenge to activate.\n"
    )
    (plan,) = extract_plans(text, operator="altel")
    assert (plan.name, plan.voice_onnet, plan.voice_offnet) == ("Мой город 5.0", 500, 100)


def test_a_list_of_packs_holding_one_pack_is_that_pack() -> None:
    """'Data packs:' over one bullet: the pack is named by its line, and its day count is how
    long it lasts, not a weekly fee."""
    from normalizer import extract_plans

    text = "Тарифные планы\nData packs:\n• 15 Gb – 390 тг на 7 дней\nТоптама біткен соң 8 тг/мин\n"
    (pack,) = extract_plans(text, operator="beeline")
    assert (pack.name, pack.kind, pack.price_amount) == ("15 Gb", "pack", 390)
    assert (pack.price_period, pack.validity) == (None, "P7D")


def test_each_unlimited_word_takes_the_network_of_its_own_clause() -> None:
    """'unlimited calls to izi, Kcell and activ numbers, unlimited calls to other networks':
    the second is off-net, not the network named in the clause before it."""
    from normalizer import extract_plans

    text = (
        "The Talk 2.0 plan costs 49 tenge a day. It includes 100 Gb of data, unlimited calls to "
        "izi, Kcell and activ numbers, unlimited calls to other networks and unlimited SMS."
    )
    (plan,) = extract_plans(text, operator="izi")
    assert (plan.voice_onnet, plan.voice_offnet, plan.sms_count) == ("unlimited",) * 3


def test_a_rule_under_a_section_heading_inside_a_list_speaks_for_that_section() -> None:
    """'Дополнительные интернет-пакеты' heads the data packs in the middle of the list: the
    rule printed under them is theirs, not the minute packs' above (no rollover claim there)."""
    from normalizer import extract_plans

    text = (
        "Тарифы\nПакеты минут на другие сети:\n• 120 мин - 650 тг.\n• 1 000 мин. за 1290 ₸\n"
        "Дополнительные интернет-пакеты\n12 GB за 1 990 тенге\n10 Гб за 290 тг\n"
        "Остаток сохраняется, если пакет продлён вовремя.\n"
    )
    rollover = {d.name: d.rollover_status for d in extract_plans(text, operator="beeline")}
    assert rollover == {
        "120 мин": "unknown",
        "1 000 мин.": "unknown",
        "12 GB": "yes",
        "10 Гб": "yes",
    }


def test_a_statement_between_listed_offers_is_about_the_offers_above_it() -> None:
    """'Пайдаланылмаған минуттар келесі айға ауыстырылады.' between the minute packs and the
    data packs: the minute packs carry over, and the sentence labels no pack; a longer one
    ('Неизрасходованный интернет-трафик … не переносится.') does not stop the split."""
    from normalizer import extract_plans

    text = (
        "Тарифтік жоспарлар\nБасқа операторларға минут топтамалары:\n150 минут — 650 ₸\n"
        "30 мин - 190 ₸\nПайдаланылмаған минуттар келесі айға ауыстырылады.\n"
        "Интернет-топтамалар:\n1,5 ГБ — 1990 ₸\n"
    )
    rollover = {d.name: d.rollover_status for d in extract_plans(text, operator="altel")}
    assert rollover == {"150 минут": "yes", "30 мин": "yes", "1,5 ГБ": "unknown"}
    text = (
        "Тарифы\nДополнительные интернет-пакеты\n• 500 MB за 2 990 тг.\n"
        "Неизрасходованный интернет-трафик на следующий месяц не переносится.\n"
        "Пакеты минут для звонков на номера других операторов РК\n"
        "- 200 мин. за 490 ₸ за 72 часа\n- 30 минут – 1 990 ₸\n"
    )
    plans = {d.name: d for d in extract_plans(text, operator="beeline")}
    assert set(plans) == {"500 MB", "200 мин.", "30 минут"}
    assert plans["500 MB"].rollover_status == "no" and plans["30 минут"].voice_offnet == 30


def test_a_card_titled_after_a_value_line_priced_per_month_is_its_own_plan() -> None:
    """'from 4 500 tg per month' is a value line ('per month' is a period), so the card title
    'Общайся 5.0' above its 'Subscription fee' label names the second plan."""
    from normalizer import extract_plans
    from normalizer.lines import is_value_like

    assert is_value_like("from 4 500 tg per month") and is_value_like("6 990 тг/ай бастап")
    assert is_value_like("от 990 тг в мес.")
    text = (
        "Премьер Plus\nMonthly fee\n3 490 ₸/month\nИнтернет\n15GB\n"
        "Unused data does not carry over to the next period.\n"
        "Общайся 5.0\nSubscription fee\nfrom 4 500 tg per month\nИнтернет-трафик\n1 ГБ\n"
        "Family+\nАбоненттік төлем\nТәулігіне 29 ₸\nMobile data\n100 ГБ\n"
    )
    names = [d.name for d in extract_plans(text, operator="tele2")]
    assert names == ["Премьер Plus", "Общайся 5.0", "Family+"]


def test_an_allowance_line_leading_with_its_value_is_no_title() -> None:
    """'450 мин. на номера Beeline' over 'Звонки на другие сети: 450 мин.' is one of the plan's
    allowances, not the title of a second offer ('Интернет-пакет 25 GB' leads with its name)."""
    from normalizer import extract_plans

    text = (
        "Семейный Pro\n\nАбонплата: 4 500 тенге/мес\n12 Гб интернет-трафика\n"
        "450 мин. на номера Beeline\nЗвонки на другие сети: 450 мин.\n500 sms\n\n"
        "Сверх пакета: 11 тг за 1 МБ\n\nСкорость до 50 Мбит/с\n"
    )
    (plan,) = extract_plans(text, operator="beeline")
    assert (plan.name, plan.voice_onnet, plan.voice_offnet, plan.sms_count) == (
        "Семейный Pro",
        450,
        450,
        500,
    )


def test_plans_of_a_table_without_call_rows_are_not_called_data_only() -> None:
    """A table of tariffs that lists fee and internet and no calls: a summary may leave calls
    out, so whether the plans are data-only stays unknown (a list of packs is another matter)."""
    from normalizer import extract_plans

    flattened = (
        "Тарифтік жоспарлар\nТариф Еркін Комфорт Flex\nАйына төлем, теңге 990 3 990 1990\n"
        "Интернет, ГБ 1,5 20 30\n"
    )
    columns = (
        "| | Еркін | Комфорт |\n| Айына төлем, теңге | 990 | 3 990 |\n| Интернет, ГБ | 1,5 | 20 |\n"
    )
    for text in (flattened, columns):
        plans = extract_plans(text, operator="altel")
        assert len(plans) >= 2 and all(p.data_only is None for p in plans), text


def test_the_sentences_under_a_table_of_one_plan_are_about_it() -> None:
    """A one-row table and 'Остаток сохраняется, если пакет продлён вовремя.' below it: the
    plan's data carries over."""
    from normalizer import extract_plans

    text = (
        "| Название | Стоимость | Интернет | SMS |\n"
        "| Премьер 1880 | 2 990 тг./мес. | 150 Мб | 50 sms |\n"
        "Остаток сохраняется, если пакет продлён вовремя.\n"
    )
    (plan,) = extract_plans(text, operator="altel")
    assert (plan.name, plan.rollover_status) == ("Премьер 1880", "yes")


def test_a_page_heading_above_the_first_named_paragraph_is_not_its_name() -> None:
    """'Tariffs' right above 'The Data pack 2 GB pack costs 190 tg. It includes …': the pack is
    'Data pack 2 GB' at 190 tg (the sentences are no heading whose amount would be a name's)."""
    from normalizer import extract_plans

    text = (
        "Tariffs\nThe Data pack 2 GB pack costs 190 tg. It includes 2 ГБ of data.\n\n"
        "The Start 5.0 plan. It includes unlimited data, 120 minutes to Kcell/activ numbers.\n\n"
        "The Business Pro plan costs from 990 ₸ per month. It includes unlimited data.\n"
    )
    plans = {d.name: d.price_amount for d in extract_plans(text, operator="kcell")}
    assert set(plans) == {"Data pack 2 GB", "Start 5.0", "Business Pro"}
    assert plans["Data pack 2 GB"] == 190


def test_a_named_paragraph_of_unlimited_allowances_is_an_offer_of_its_own() -> None:
    """'The Комфорт 300 plan. It includes unlimited data and unlimited calls …' before a priced
    paragraph: two plans, the second's price and minutes are not the first's."""
    from normalizer import extract_plans

    text = (
        "The Комфорт 300 plan. It includes unlimited data and unlimited calls to Kcell/activ "
        "numbers.\n\nТариф «Премьер 2.0» стоит 3990 тг каждые 30 дней. В пакет входят: "
        "безлимитный интернет, 1500 мин. на номера Kcell/activ и 50 SMS.\n"
    )
    plans = {d.name: d for d in extract_plans(text, operator="kcell")}
    assert set(plans) == {"Комфорт 300", "Премьер 2.0"}
    assert plans["Комфорт 300"].price_amount is None and plans["Комфорт 300"].sms_count is None


def test_a_free_unlimited_pack_is_an_offer_line() -> None:
    """'Безлимитный интернет – Free, valid 1 day' among listed packs is a pack of its own: named
    by its words before 'Free', free, unlimited; its neighbours keep their own facts."""
    from normalizer import extract_plans

    text = (
        "Tariffs\nДополнительные интернет-пакеты\n- 3 GB - 2 990 тг\n"
        "- Безлимитный интернет – Free, valid 1 day\nБасқа операторларға минут топтамалары:\n"
        "• 150 минут за 390 ₸ за 30 дней\nUnused minutes expire at the end of the month.\n"
    )
    plans = {d.name: d for d in extract_plans(text, operator="altel")}
    assert set(plans) == {"3 GB", "Безлимитный интернет", "150 минут"}
    free = plans["Безлимитный интернет"]
    assert (free.price_amount, free.data_unlimited, free.validity) == (0, True, "P1D")
    assert plans["3 GB"].data_quota_mb == 3 * 1024 and plans["150 минут"].rollover_status == "no"


def test_the_next_pack_of_a_list_lends_no_period() -> None:
    """'12Gb - 1 990 KZT' above '5 Gb – free for 168 hours': the hours are the next pack's,
    not how long '12Gb' lasts."""
    from normalizer import extract_plans

    text = "Plans\nAdd-on data packs\n- 40 Gb — 650 ₸ for 3 hours\n- 12Gb - 1 990 KZT\n"
    text += "- 5 Gb – free for 168 hours\n"
    plans = {d.name: d for d in extract_plans(text, operator="tele2")}
    assert (plans["12Gb"].validity, plans["12Gb"].price_period) == (None, None)
    assert plans["5 Gb"].validity == "P7D"


def test_one_pack_under_a_heading_without_a_colon_is_that_pack() -> None:
    from normalizer import extract_plans

    text = "Тарифтер\nҚосымша интернет-топтамалар\n- 1 Гб – 390 KZT, valid 168 hours\n"
    (pack,) = extract_plans(text, operator="altel")
    assert (pack.name, pack.kind, pack.price_amount, pack.validity) == ("1 Гб", "pack", 390, "P7D")


def test_a_card_opening_with_a_naming_sentence_is_named_by_it() -> None:
    """A marked card 'The Router Smart+ plan. It includes unlimited data.' is 'Router Smart+',
    not the whole sentence (which would match another card's label by a shared word)."""
    from normalizer import extract_plans
    from normalizer.lines import OFFER_END, OFFER_MARK

    cards = [
        "The Router Smart+ plan. It includes unlimited data.",
        "The Router Bonus plan costs 1690 tenge a month. It includes 3 GB of data.",
    ]
    text = "".join(f"{OFFER_MARK}\n{card}\n{OFFER_END}\n" for card in cards)
    names = [d.name for d in extract_plans(text, operator="kcell")]
    assert names == ["Router Smart+", "Router Bonus"]


def test_one_marked_element_holding_two_packs_gives_two_packs() -> None:
    """One list element that holds '7 ГБ – Бесплатно за 24 часа' and '100 ГБ за 990 тенге':
    two packs, the hours belonging to the free one only."""
    from normalizer import extract_plans
    from normalizer.lines import OFFER_END, OFFER_MARK

    text = (
        f"Дополнительные интернет-пакеты\n{OFFER_MARK}\n7 ГБ – Бесплатно за 24 часа\n"
        f"100 ГБ за 990 тенге\n{OFFER_END}\nПакеты минут\n{OFFER_MARK}\n"
        f"1 500 мин за 490 ₸ за 1 день\n{OFFER_END}\n"
    )
    plans = {d.name: d for d in extract_plans(text, operator="beeline")}
    assert set(plans) == {"7 ГБ", "100 ГБ", "1 500 мин"}
    assert (plans["100 ГБ"].price_amount, plans["100 ГБ"].validity) == (990, None)
    assert (plans["7 ГБ"].price_amount, plans["7 ГБ"].validity) == (0, "P1D")


def test_a_flattened_table_of_one_plan_reads_its_row_units() -> None:
    """'Name Max' over 'Monthly fee, tg 1 290' and 'Internet, GB 40': one plan's column,
    flattened; the units in the row labels apply to the numbers."""
    from normalizer import extract_plans

    text = "Plans\nName Max\nMonthly fee, tg 1 290\nInternet, GB 40\nSMS, pcs Unlimited\n"
    (plan,) = extract_plans(text, operator="tele2")
    assert (plan.name, plan.price_amount, plan.data_quota_mb) == ("Max", 1290, 40 * 1024)
    assert plan.sms_count == "unlimited"


def test_a_line_ending_with_its_unlimited_value_is_no_title() -> None:
    """'activ және Kcell нөмірлеріне шектеусіз' over 'Басқа операторларға: 30 мин' is one of the
    plan's facts, not the title of a second offer."""
    from normalizer import extract_plans

    text = (
        "Отбасы 2.0\nАбоненттік төлем: Айына 3490 тг\n3GB интернет\n"
        "activ және Kcell нөмірлеріне шектеусіз\nБасқа операторларға: 30 мин\n\n"
        "Пайдаланылмаған трафик келесі айға ауыстырылмайды.\nИнтернетті тарату: 20 ГБ дейін\n"
        "Жылдамдығы 100 Мбит/с дейін\n"
    )
    (plan,) = extract_plans(text, operator="activ")
    assert (plan.voice_onnet, plan.voice_offnet, plan.rollover_status) == ("unlimited", 30, "no")


def test_a_card_priced_free_under_a_price_label_is_an_offer_of_its_own() -> None:
    """'Cost' over 'Free' prices a card as 'Cost: free' does: the title above it ('Data pack
    100 Gb', a name with a size) heads its own offer and is no allowance of the card above."""
    from normalizer import extract_plans

    text = (
        "Easy Max\n-\nSubscription fee\n1990 KZT/month\n-\nInternet\n20 ГБ\n-\nSMS\n300 texts\n"
        "Data pack 100 Gb\n-\nCost\nFree\n-\nMobile data\n100 GB\n"
    )
    plans = extract_plans(text, operator="izi")
    assert [(d.name, d.price_amount, d.data_quota_mb) for d in plans] == [
        ("Easy Max", 1990, 20480),
        ("Data pack 100 Gb", 0, 102400),
    ]


@pytest.mark.parametrize("order", ["priced first", "priced last"])
@pytest.mark.parametrize("data", ["Internet: 10 Gb", "Mobile data\nUnlimited"])
def test_a_titled_card_stating_a_second_data_quota_is_another_offer(order: str, data: str) -> None:
    """An offer states its data allowance once: a titled card with no price whose one allowance
    is data (sized or unlimited), beside a priced card that states data too, is an offer of its
    own (its price unknown), not a part of the priced one. 'Top up …' prices neither."""
    from normalizer import extract_plans

    priced = "Data pack 30 GB\nCost: 290 KZT\nData: 30 Gb\nValid for: 72 hours\n"
    unpriced = f"Modem Go Plus\n{data}\nTop up 2 000 tenge to activate.\n"
    text = priced + unpriced if order == "priced first" else unpriced + priced
    plans = {
        d.name: (d.price_amount, d.data_quota_mb or d.data_unlimited)
        for d in extract_plans(text, operator="altel")
    }
    modem = 10240 if "10 Gb" in data else True
    assert plans == {"Data pack 30 GB": (290, 30720), "Modem Go Plus": (None, modem)}


@pytest.mark.parametrize("section", ["Бонус за подключение", "Welcome bonus", "Также в тарифе"])
def test_a_section_stating_one_more_allowance_stays_in_its_plan(section: str) -> None:
    """A heading that reads as a section, not a name, over one more allowance is part of the
    plan above it: no second offer."""
    from normalizer import extract_plans

    text = (
        "Тариф Супер\nАбонплата: 2990 тг/мес\nИнтернет: 10 ГБ\nЗвонки на другие сети: 200 мин\n"
        f"{section}\nИнтернет: 5 ГБ\n"
    )
    assert [d.name for d in extract_plans(text, operator="tele2")] == ["Тариф Супер"]


def test_a_table_row_read_two_ways_stays_unknown_and_the_rows_below_are_read() -> None:
    """'300 20 100 90 60 300 150' under six plans has '20 100' or '60 300' as one number: the
    row stays unknown for every plan and the SMS row below it is still read."""
    from normalizer import extract_plans

    text = (
        "Тариф Старт Премьер Флекс Комфорт Макс Лайт\n"
        "Абонплата в месяц, ₸ 4500 990 1990 3 490 5 990 4500\n"
        "Трафик, ГБ 3 1,5 40 5 30 5\n"
        "Звонки на другие сети, мин 300 20 100 90 60 300 150\n"
        "SMS, шт 100 100 50 1 000 200 500\n"
    )
    plans = extract_plans(text, operator="izi")
    assert [(d.name, d.voice_offnet, d.sms_count) for d in plans] == [
        ("Старт", None, 100),
        ("Премьер", None, 100),
        ("Флекс", None, 50),
        ("Комфорт", None, 1000),
        ("Макс", None, 200),
        ("Лайт", None, 500),
    ]


@pytest.mark.parametrize(
    ("tail", "n", "values"),
    [
        ("60 120 1 500 450 300", 5, ["60", "120", "1500", "450", "300"]),
        ("300 200 100 1 500 60 300", 6, ["300", "200", "100", "1500", "60", "300"]),
    ],
)
def test_a_lone_digit_before_three_digits_is_a_thousand(tail: str, n: int, values: list) -> None:
    """'1 500' is read as 1500, not as 1 and 500 with '60 120' read as 60120."""
    assert _split_values(tail, n) == values


@pytest.mark.parametrize(
    "calls", ["Unlimited calls to Tele2 and Altel numbers", "Безлимитные звонки на номера Tele2"]
)
def test_a_line_leading_with_unlimited_calls_is_no_title(calls: str) -> None:
    """'Unlimited calls to …' above 'Calls to other networks: 50 minutes' is one of the plan's
    allowances, not the title of a second offer."""
    from normalizer import extract_plans

    text = (
        f"Family\nSubscription fee: 120 KZT/day\nData: 12 GB\n{calls}\n"
        "Calls to other networks: 50 minutes\n\nData, per MB 0,5 tenge\n"
        "Beyond the pack: 3 tg per 1 MB\n"
    )
    (plan,) = extract_plans(text, operator="tele2")
    assert (plan.name, plan.voice_onnet, plan.voice_offnet) == ("Family", "unlimited", 50)


def test_named_paragraphs_full_of_allowances_are_offers_without_prices() -> None:
    """Two paragraphs that each name a tariff and list its allowances are two offers, even on a
    page that prices neither; each keeps its own sentences."""
    from normalizer import extract_plans

    text = (
        "Тариф «Семейный Plus». В пакет входят: 7 Гб интернета, безлимитные звонки на номера "
        "izi, Kcell и activ, 300 минут на другие сети и 25 sms.\n\n"
        "Тариф «Стартовый 2.0». В пакет входят: безлимитный интернет, 50 мин. на номера izi, "
        "Kcell и activ и 2 000 мин. на другие сети. Остаток минут сохраняется при продлении "
        "пакета.\n"
    )
    plans = {d.name: d for d in extract_plans(text, operator="izi")}
    assert {n: (d.voice_onnet, d.voice_offnet) for n, d in plans.items()} == {
        "Семейный Plus": ("unlimited", 300),
        "Стартовый 2.0": (50, 2000),
    }
    assert plans["Семейный Plus"].rollover_status == "unknown"

"""Rows of a table flattened to text: spaces separate values and also group thousands."""

from __future__ import annotations

import pytest

from normalizer.offers import _NAMED, _split_values


@pytest.mark.parametrize(
    ("tail", "n", "values"),
    [
        ("5 15 30", 3, ["5", "15", "30"]),
        ("100 200 400", 3, ["100", "200", "400"]),  # not one number 100 200 400
        ("1 490 2 490 3 990", 3, ["1490", "2490", "3990"]),
        ("60 1 000 100 100 450 60", 6, ["60", "1000", "100", "100", "450", "60"]),
        ("5 990 3 490 2 990 990 12 990 5 990", 6, ["5990", "3490", "2990", "990", "12990", "5990"]),
        ("Безлимит 15 — 30", 4, ["Безлимит", "15", "—", "30"]),
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
    ],
)
def test_a_paragraph_names_its_offer_without_quotes(sentence: str, name: str) -> None:
    m = _NAMED.search(sentence)
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

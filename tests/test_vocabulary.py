"""The vocabulary tables drive the matchers: every spelling in a table is read, in context.

Adding a spelling to `normalizer/vocabulary.py` is one line there; the parametrised tests below
pick it up, so a spelling the matchers do not read (a typo, a regex-special character) fails here.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from normalizer.money import find_money
from normalizer.quantities import find_quantities
from normalizer.unlimited import UNLIMITED
from normalizer.vocabulary import (
    CURRENCIES,
    DATA_UNITS,
    DAY_UNITS,
    HOUR_UNITS,
    MINUTE_UNITS,
    SMS_UNITS,
    UNLIMITED_WORDS,
    label_value,
)


def _spelled(entry: str) -> str:
    """A table entry as a page writes it: '*' stands for any ending, so give it one."""
    return entry.replace("*", "а" if any("а" <= c <= "я" for c in entry) else "s")


@pytest.mark.parametrize(("unit", "factor"), DATA_UNITS.items())
def test_every_data_unit_is_read_in_mb(unit: str, factor: Decimal) -> None:
    (q,) = find_quantities(f"Интернет 3 {_spelled(unit)} в месяц")
    assert (q.kind, q.value) == ("data", 3 * factor)


@pytest.mark.parametrize(
    ("units", "kind"),
    [(MINUTE_UNITS, "minutes"), (SMS_UNITS, "sms"), (DAY_UNITS, "days"), (HOUR_UNITS, "hours")],
)
def test_every_count_unit_is_read(units: tuple[str, ...], kind: str) -> None:
    for unit in units:
        found = [q for q in find_quantities(f"— 300 {_spelled(unit)} —") if q.kind == kind]
        assert [q.value for q in found] == [300], unit


@pytest.mark.parametrize("currency", CURRENCIES)
def test_every_currency_spelling_is_tenge(currency: str) -> None:
    (m,) = find_money(f"Абонентская плата 1 990 {_spelled(currency)} в месяц")
    assert (m.amount, m.rate) == (Decimal(1990), None)


@pytest.mark.parametrize("word", UNLIMITED_WORDS)
def test_every_unlimited_word_is_read(word: str) -> None:
    assert UNLIMITED.search(f"Звонки на Beeline: {_spelled(word)}")


@pytest.mark.parametrize(
    ("label", "value", "text"),
    [
        ("Data, GB", "8", "Data: 8 GB"),
        ("Интернет (ГБ)", "15", "Интернет: 15 ГБ"),
        ("Monthly fee, tg", "1 990", "Monthly fee: 1 990 тг"),
        ("Абонентская плата, KZT", "2490", "Абонентская плата: 2490 тг"),
        ("SMS, шт", "25", "SMS: 25 SMS"),
        ("Срок, дней", "30", "Срок: 30 дней"),
        ("Интернет", "Безлимит", "Интернет: Безлимит"),
        ("Интернет", "20", "Интернет: 20"),  # no unit anywhere: stays unitless (unknown)
        ("SMS, pcs", "unlimited", "SMS: unlimited"),  # a word value: the unit is dropped
        ("Calls to other networks, min", "No limit", "Calls to other networks: No limit"),
    ],
)
def test_a_table_label_gives_its_unit_to_a_bare_number(label: str, value: str, text: str) -> None:
    assert label_value(label, value) == text


_DAILY = ["daily", "per day", "a day", "every day", "в день", "в сутки", "ежедневно", "тәулігіне"]
_DAILY += ["күніне", "күн сайын", "күнделікті"]
_WEEKLY = ["weekly", "per week", "a week", "every week", "в неделю", "еженедельно", "аптасына"]
_WEEKLY += ["апта сайын"]


@pytest.mark.parametrize(
    ("word", "period"), [(w, "P1D") for w in _DAILY] + [(w, "P7D") for w in _WEEKLY]
)
def test_a_fee_an_allowance_and_a_column_read_the_same_daily_and_weekly_words(
    word: str, period: str
) -> None:
    """One vocabulary says 'each day' / 'each week' for a fee's period, an allowance granted
    that often and a table column's header: a word read in one place is read in all three."""
    from normalizer.conditions import allowance_period
    from normalizer.lines import page_lines
    from normalizer.periods import find_period

    assert find_period(f"90 тг {word}") == period
    assert allowance_period("sms.count", f"200 SMS {word}", []) == period
    table = page_lines(f"| Тариф | SMS {word} |\n| Max | 200 |")
    assert allowance_period("sms.count", table[1].span, table) == period


def test_every_thirty_days_is_not_daily() -> None:
    from normalizer.conditions import allowance_period
    from normalizer.periods import find_period

    assert find_period("990 тг 30 күн сайын") == "P30D"
    assert allowance_period("sms.count", "200 SMS 30 күн сайын", []) is None

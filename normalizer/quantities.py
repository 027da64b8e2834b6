"""Allowance quantities: data (to MB), minutes, messages, and durations in days or hours.

A quantity is a number followed by its unit ("25 ГБ", "2GB", "120 минут", "200 SMS / день",
"7 days"). A number *after* a slash or "per" is a rate's denominator ("4 ₸/1 МБ"), and a number
glued to an ordinal suffix ("401ой минуты") is not a count; both are left out here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from normalizer import memo, patterns
from normalizer.numbers import number_re, parse_number
from normalizer.vocabulary import (
    DATA_UNITS,
    DAY_UNITS,
    HOUR_UNITS,
    MINUTE_UNITS,
    SMS_UNITS,
    alternation,
    data_factor,
)

Kind = Literal["data", "minutes", "sms", "days", "hours"]

_LETTER = r"a-zA-Zа-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ"
_END = rf"(?![{_LETTER}])"

_DATA = rf"(?P<data>{alternation(list(DATA_UNITS))})"
_MINUTES = rf"(?P<minutes>{alternation(MINUTE_UNITS)})"
_SMS = rf"(?P<sms>{alternation(SMS_UNITS)})"
_DAYS = rf"(?P<days>{alternation(DAY_UNITS)})"
_HOURS = rf"(?P<hours>{alternation(HOUR_UNITS)})"
# "/ day", "/ день", " в сутки", " per day" right after a quantity: how often it is granted.
_PER = (
    r"(?P<per>\s*/\s*(?:day|день|сут\w*|тәул\w*|апта\w*|week|нед\w*|мес\w*|month|ай\w*)"
    r"|\s+(?:в|per|a)\s+(?:day|день|сутки|week|неделю|месяц|month))?"
)
QUANTITY = patterns.compile(
    rf"(?P<num>{number_re('/')})(?P<sp>\s?-?\s*)(?:{_DATA}|{_MINUTES}|{_SMS}|{_DAYS}|{_HOURS}){_END}{_PER}",
    re.IGNORECASE,
)
_RATE_BEFORE = patterns.compile(r"(?:/\s*|\bper\s+|\bза\s+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    kind: Kind
    value: Decimal  # MB for data, count for minutes/sms, days/hours for durations
    start: int
    end: int
    per: str | None  # "P1D", "P7D", "P1M" when the text says how often it is granted
    text: str


def _per(raw: str | None) -> str | None:
    if not raw:
        return None
    word = re.sub(r"^[\s/]*(?:(?:в|per|a)\s+)?", "", raw.lower())
    if word.startswith(("ай", "мес", "month")):
        return "P1M"
    if word.startswith(("апта", "week", "нед")):
        return "P7D"
    return "P1D"


@memo.cached()
def quantity_matches(text: str) -> tuple[re.Match[str], ...]:
    """Every number-and-unit match of `text`, rates and ordinals included (see find_quantities)."""
    return tuple(QUANTITY.finditer(text))


@memo.cached()
def find_quantities(text: str) -> tuple[Quantity, ...]:
    """All quantities in `text`, left to right."""
    out: list[Quantity] = []
    for m in quantity_matches(text):
        if _RATE_BEFORE.search(text[max(0, m.start() - 8) : m.start()]):
            continue
        value = parse_number(m.group("num"))
        if value is None:
            continue
        if m.group("data"):
            kind: Kind = "data"
            value = value * (data_factor(m.group("data")) or Decimal(1))
        elif m.group("minutes"):
            kind = "minutes"
        elif m.group("sms"):
            kind = "sms"
        elif m.group("days"):
            kind = "days"
        else:
            kind = "hours"
        if "-" in m.group("sp") and kind not in ("days", "hours"):
            continue  # "1-го" style ordinals never carry a unit; "30-day" does
        out.append(Quantity(kind, value, m.start(), m.end(), _per(m.group("per")), m.group(0)))
    return tuple(out)


def data_mb(text: str) -> Decimal | None:
    """The single data amount in `text`, in MB (1 GB = 1024 MB), or None."""
    found = [q for q in find_quantities(text) if q.kind == "data"]
    return found[0].value if len(found) == 1 else None

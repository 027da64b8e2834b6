"""Amounts of tenge: "3 500 тенге", "2990 ₸/мес.", "650tg", "0 т/мин", "990 тг.", "1000\\nТГ/МЕСЯЦ".

A money mention followed by "/мин", "/MB", "/SMS", "/шт", "per minute" is a *rate* (what one unit
costs beyond the bundle), never the plan's price; `Money.rate` says which unit. Dollar glosses
("более $4") carry no tenge sign and are not found at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from normalizer import memo, patterns
from normalizer.numbers import number_re, parse_number
from normalizer.vocabulary import CURRENCIES, alternation

_LETTER = r"a-zA-Zа-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ"
# Tenge as written on KZ pages. A lone "т" counts only before a slash ("0 т/мин").
CURRENCY = rf"(?:(?:{alternation(CURRENCIES)})(?![{_LETTER}])|т(?=\s*/))"
_RATE_UNIT = (
    r"\s*/\s*(?:1\s*)?(?P<unit>мин\w*|min\w*|mb|мб|mб|gb|гб|кб|kb|sms|смс|шт\w*|сообщ\w*|"
    r"text|message|ммс|mms|сек\w*|sec\w*)"
)
CURRENCY_WORD = patterns.compile(CURRENCY, re.IGNORECASE)  # a tenge sign or word, anywhere
MONEY = patterns.compile(
    rf"(?P<num>{number_re(_LETTER + '/')})\s*(?P<cur>{CURRENCY})(?:{_RATE_UNIT})?",
    re.IGNORECASE,
)
# Rate wording left of an amount: "per minute 1 tenge", "за 1 мин", "(мин) 18 тг", "1 SMS 8 теңге".
_UNIT_WORD = r"(?:minute|min|мин|mb|мб|text|message|sms|смс|kb|gb|сообщение|шт)"
_RATE_LEFT = patterns.compile(
    rf"\bper\s+{_UNIT_WORD}(?![{_LETTER}])"
    rf"|\bза\s+(?:1\s+)?{_UNIT_WORD}"
    rf"|\((?:1\s+)?{_UNIT_WORD}\)"
    rf"|\b1[ \t]*{_UNIT_WORD}(?![{_LETTER}])[ \t]*[:\-–—=]?[ \t]*\Z",
    re.IGNORECASE,
)


# "1 GB – 490 tg" is a pack of one gigabyte; no page prices data per gigabyte that high, while
# "1 MB 5 tg", "1 мин 8 теңге" and "1 SMS 8 теңге" are rates.
_GB_PACK = patterns.compile(r"1[ \t]*(?:gb|гб)", re.IGNORECASE)
_MAX_GB_RATE = Decimal(50)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    start: int
    end: int
    rate: str | None  # "min", "mb", "sms", ... when the amount is a per-unit price
    text: str


def _unit(raw: str) -> str:
    raw = raw.lower()
    if raw.startswith(("мин", "min")):
        return "min"
    if raw.startswith(("mb", "мб", "mб", "gb", "гб", "кб", "kb")):
        return "data"
    if raw.startswith(("сек", "sec")):
        return "sec"
    return "sms"


@memo.cached()
def find_money(text: str) -> tuple[Money, ...]:
    """Tenge amounts in `text`, each flagged when it is a per-unit rate."""
    out: list[Money] = []
    for m in MONEY.finditer(text):
        amount = parse_number(m.group("num"))
        if amount is None:
            continue
        rate = _unit(m.group("unit")) if m.group("unit") else None
        if rate is None:
            hit = _rate_wording(text[max(0, m.start() - 40) : m.start()], amount)
            if hit:
                rate = _unit(re.sub(r"^(?:per|за|1|\(|\s)+", "", hit.group(0).lower()))
        out.append(Money(amount, m.start(), m.end(), rate, m.group(0)))
    return tuple(out)


def _rate_wording(text: str, amount: Decimal | None) -> re.Match[str] | None:
    """The per-unit wording in `text` that makes `amount` a rate, or None ('1 GB' before an
    amount no gigabyte costs names a pack)."""
    hit = _RATE_LEFT.search(text)
    if hit and amount is not None and amount > _MAX_GB_RATE and _GB_PACK.match(hit.group(0)):
        return None
    return hit


def rate_in(text: str, amount: Decimal | None = None) -> bool:
    """True when `text` words a per-unit price ("per MB", "(мин)", "1 SMS") for `amount`
    ('Data pack 1GB' over '1290 ₸' names a pack: no gigabyte costs that much)."""
    return _rate_wording(text, amount) is not None

"""The words of tariff pages in Russian, Kazakh and English, as tables; matchers compile from them.

Adding a spelling is one entry in one table (and one row in tests/test_vocabulary.py). Spellings
are matched case-insensitively; a `*` at the end of an entry allows any word ending after it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from normalizer import patterns

_L = "a-zA-Zа-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ"

# Data units and their size in MB (1 GB = 1024 MB).
DATA_UNITS: dict[str, Decimal] = {
    "tb": Decimal(1024 * 1024),
    "тб": Decimal(1024 * 1024),
    "gb": Decimal(1024),
    "гб": Decimal(1024),
    "гбайт*": Decimal(1024),
    "гигабайт*": Decimal(1024),
    "gigabyte*": Decimal(1024),
    "mb": Decimal(1),
    "мб": Decimal(1),
    "мбайт*": Decimal(1),
    "мегабайт*": Decimal(1),
    "megabyte*": Decimal(1),
}
MINUTE_UNITS = ("минут*", "мин.", "мин", "minutes", "minute", "mins", "min")
SMS_UNITS = ("sms-сообщени*", "sms", "смс", "сообщени*", "хабарлама*", "texts", "text messages")
DAY_UNITS = (
    "календарн* дн*",
    "дней",
    "дня",
    "день",
    "сут*",
    "days",
    "day",
    "calendar days",
    "calendar day",
    "күн*",
)
HOUR_UNITS = ("час*", "hours", "hour", "сағат*")
# Tenge as written on KZ pages ("т" alone only before a slash: "0 т/мин", see money.CURRENCY).
CURRENCIES = ("₸", "тг.", "тг", "тенге*", "теңге*", "tenge", "tg", "kzt")

# "No limit" in three languages ("UNLIM" alone is handled in normalizer.unlimited: inside a plan
# name such as "ALTEL WEB UNLIM" it means nothing).
UNLIMITED_WORDS = (
    "безлимит*", "шексіз*", "шектеусіз*", "неограниченн*", "unlimited", "без ограничений",
    "без лимита", "no limit", "no limits", "limitless",
)  # fmt: skip

# Words that describe a table column or row (what a value is), not a plan's name.
DESCRIPTOR_WORDS = (
    "интернет*", "internet", "data", "трафик*", "traffic", "гб", "gb", "мб", "mb",
    "звонк*", "calls", "call", "minutes", "минут*", "мин", "min", "қоңырау*", "sms", "смс",
    "плата", "fee", "price", "cost", "цена", "стоимост*", "төлем*", "бағасы", "құны",
    "тенге", "теңге", "₸", "тг", "tg", "kzt", "срок*", "validity", "valid", "жарамды*", "дней",
    "days", "күн*", "объ[её]м*", "volume", "сеть", "сети", "network*", "операторлар*",
    "оператор*", "operators", "абонентск*", "monthly", "ежемесячн*", "айына", "period", "период*",
    "абонплат*", "топтама*", "сверх*", "beyond", "overage",
)  # fmt: skip


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """The regex alternation of one table (no group, no word boundaries): longest first; `*`
    is any word ending, a space any run of spaces."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        pattern = re.escape(word).replace(r"\*", rf"[{_L}]*").replace(r"\ ", r"\s+")
        parts.append(pattern)
    return "|".join(parts)


def words_re(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of table entries, whole words only."""
    return rf"(?<![{_L}])(?:{alternation(words)})(?![{_L}])"


DATA_UNIT_RE = alternation(list(DATA_UNITS))
CURRENCY_RE = alternation(list(CURRENCIES))
DESCRIPTOR = patterns.compile(words_re(DESCRIPTOR_WORDS), re.IGNORECASE)
# A unit named in a table label: "Data, GB", "Интернет (ГБ)", "Monthly fee, tg", "Срок, дней".
UNIT_SLOT = patterns.compile(
    r"(?:,\s*|\(\s*(?:in\s+|в\s+)?)(?P<unit>"
    + "|".join(
        (
            DATA_UNIT_RE,
            CURRENCY_RE,
            alternation(MINUTE_UNITS),
            alternation(SMS_UNITS),
            alternation(DAY_UNITS),
            alternation(HOUR_UNITS),
        )
    )
    + rf")(?![{_L}])\)?\*?",
    re.IGNORECASE,
)


def data_factor(unit: str) -> Decimal | None:
    """MB per unit ('ГБ' -> 1024), None when `unit` is not a data unit."""
    low = unit.lower()
    for key, factor in DATA_UNITS.items():
        if low == key or (key.endswith("*") and low.startswith(key[:-1])):
            return factor
    return None


_CURRENCY_UNIT = patterns.compile(CURRENCY_RE, re.IGNORECASE)


def unit_word(unit: str) -> str:
    """The unit as the value matchers read it after a number ('tg' -> 'тг', 'дней' -> 'дней')."""
    if _CURRENCY_UNIT.fullmatch(unit):
        return "тг"
    return unit


_PIECES = patterns.compile(r"(?:,\s*|\(\s*)(?:шт\w*|pcs|pieces|дана)\)?$", re.IGNORECASE)
_SMS_LABEL = patterns.compile(words_re((*SMS_UNITS, "messages")), re.IGNORECASE)


def label_value(label: str, value: str) -> str:
    """A table value with its row or column label: the unit the label names goes on the number
    ('Data, GB' + '8' -> 'Data: 8 GB'; 'SMS, шт' + '25' -> 'SMS: 25 SMS')."""
    label = " ".join(label.split()).strip(" :*|")
    number = re.fullmatch(r"\d+(?:[.,]\d+)?", value.replace(" ", ""))
    slot = UNIT_SLOT.search(label)
    if slot:  # a word value ('unlimited') takes the label without its unit: 'SMS: unlimited'
        bare = (label[: slot.start()] + label[slot.end() :]).strip(" ,:")
        return f"{bare}: {value} {unit_word(slot.group('unit'))}" if number else f"{bare}: {value}"
    pieces = _PIECES.search(label)
    if pieces and _SMS_LABEL.search(label):
        return f"{label[: pieces.start()]}: {value}" + (" SMS" if number else "")
    return f"{label}: {value}"

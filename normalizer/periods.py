"""Billing periods and validity, in Russian, Kazakh and English, as ISO 8601 durations.

`find_period` reads how often a fee is charged ("в месяц", "айына", "ТГ/МЕСЯЦ" -> P1M; "30 дней",
"30 күнге" -> P30D; "в сутки", "тәулігіне", "күніне", "per day" -> P1D; "в неделю", "аптасына"
-> P7D; "каждые 4 недели", "28 дней" -> P28D). `find_validity` reads how long a pack or allowance
lasts when stated in days or hours ("valid for 30 days", "7 days (168 hours)", "на протяжении 30
календарных дней"); "until the end of the month" is not a duration and gives None.
"""

from __future__ import annotations

import re

from normalizer import memo, patterns

_L = r"a-zA-Zа-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ"

# "Each day" and "each week" as pages word a fee, an allowance or a table column granted that
# often: one vocabulary for all of them ('30 күн сайын' is every 30 days, not daily).
PER_DAY = (
    r"\bdaily\b|ежедневн\w*|посуточн\w*|per\s+day|a\s+day|each\s+day|every\s+day|в\s+день"
    rf"|в\s+сутки|тәулігіне|тәуліктік|(?<![{_L}])күніне|(?<!\d )(?<!\d)күн\s+сайын\w*|күндік"
    r"|күнделікті"
)
PER_WEEK = (
    r"\bweekly\b|еженедельн\w*|в\s+неделю|раз\s+в\s+недел\w*|per\s+week|a\s+week|every\s+week"
    rf"|(?<![{_L}])аптасына|апта\s+сайын|апталық"
)

# Order matters: the 4-week and 30-day forms are tested before "week" and "month".
_PERIODS: list[tuple[str, patterns.Folded | re.Pattern[str]]] = [
    (
        "P28D",
        patterns.compile(
            r"(?:кажды[ейх]|раз\s+в|every|once\s+every|per|/|за|в|на)\s*4\s*(?:-?х\s+)?"
            r"(?:недел\w*|weeks?)|\b4\s+weeks"
            r"|\b28\s*(?:дн\w*|days?|күн\w*|календарн\w*)|4\s+апта\w*",
            re.IGNORECASE,
        ),
    ),
    (
        "P30D",
        patterns.compile(
            r"\b30\s*(?:\(\w+\)\s*)?(?:календарн\w*\s+)?(?:дн\w*|days?|күн\w*)"
            r"|\b30\s+calendar\s+days|\b720\s*(?:час\w*|hours?|сағат\w*)",
            re.IGNORECASE,
        ),
    ),
    (
        "P7D",
        patterns.compile(
            rf"{PER_WEEK}|/\s*нед\w*|(?<![{_L}])апта\w*|/\s*week|\b7\s*(?:дн\w*|days?|күн\w*)"
            rf"|\b168\s*(?:час\w*|hours?|сағат\w*)",
            re.IGNORECASE,
        ),
    ),
    (
        "P1M",
        patterns.compile(
            rf"в\s+месяц|/\s*мес\w*|(?<![{_L}])мес\.|(?<![{_L}])месяц(?![{_L}])|ежемесячн\w*"
            rf"|(?<![{_L}])айына|ай\s+сайын\w*|айлық|(?<![{_L}])ай\s+бойы|/\s*ай(?![{_L}])"
            rf"|каждого\s+месяца|раз\s+в\s+месяц|числа\s+каждого|\bmonthly\b|per\s+month"
            rf"|a\s+month|/\s*month|every\s+month|each\s+month|әр\s+айдың",
            re.IGNORECASE,
        ),
    ),
    (
        "P1D",
        patterns.compile(
            rf"{PER_DAY}|/\s*сут\w*|/\s*день|/\s*дн\b|/\s*тәул\w*|/\s*day",
            re.IGNORECASE,
        ),
    ),
]

# Whether a sentence is about charging a fee at all (so its period is the fee's period).
FEE_WORDS = patterns.compile(
    r"абонентск\w*\s+плат\w*|абон\.\s*плат\w*|абоненттік\s+төлем\w*|ай\s+сайынғы\s+төлем\w*"
    r"|\bплат[аыу]\b|плата\s|\bтөлем\w*|\bfee\b|\bfees\b|subscription|списыва\w*|снима\w*"
    r"|оплачива\w*|ұстал\w*|алынады|\bcharged\b|\bdebited\b",
    re.IGNORECASE,
)

_VALIDITY_DAYS = patterns.compile(
    r"(?:valid(?:ity)?(?:\s+(?:for|period))?|can\s+be\s+used\s+for|lasts?(?:\s+for)?"
    r"|действ\w*(?:\s+в\s+течение)?|на\s+протяжении|в\s+течение|срок\w*\s+действия"
    r"|равен|равна|жарамды\w*(?:\s+мерзімі)?|мерзімі|бойы|срок\w*)[\s:|—–-]*"
    r"(?P<n>\d+)\s*(?:\(\w+\)\s*|\w+\s+)?(?:календарн\w*\s+|calendar\s+)?"
    r"(?P<u>дн\w*|день|days?|күн\w*|час\w*|hours?|сағат\w*)"
    r"|(?P<n2>\d+)-day\s+(?:allowance|pack|package|period|validity)"
    r"|(?P<n3>\d+)\s*(?P<u3>күнге|күн\s+бойы|days?\s+validity|сағатқа|сағат\s+бойы)"
    r"|(?<![\w/])(?:на|за|for)\s+(?P<n4>\d+)\s*(?:календарн\w*\s+|calendar\s+)?"
    r"(?P<u4>час(?:а|ов)?|hours?|дн(?:я|ей)|день|days?|сут\w*)(?![\w/])"
    r"|(?:within\s+)?(?P<n5>\d+)\s*(?P<u5>сағат|күн|hours?|days?)\w*\s+(?:ішінде|бойы)",
    re.IGNORECASE,
)
_VALIDITY_DECOY = patterns.compile(
    r"credited\s+every|accrued\s+every|начисля\w*\s+кажд", re.IGNORECASE
)
_VALID_WORD = patterns.compile(r"valid|действ", re.IGNORECASE)


@memo.cached()
def find_periods(text: str) -> tuple[str, ...]:
    """Every billing period worded in `text` (deduplicated, in the order tested)."""
    if not _ANY_PERIOD.may_occur_in(text):
        return ()
    return tuple(code for code, pattern in _PERIODS if pattern.search(text))


_ANY_PERIOD = patterns.AnyOf(*(pattern for _code, pattern in _PERIODS))


@memo.cached()
def find_period(text: str) -> str | None:
    """The one billing period worded in `text`; None when none or contradictory ones are."""
    found = find_periods(text)
    if not found:
        return None
    if set(found) <= {"P1M", "P30D"}:
        return "P30D" if "P30D" in found else "P1M"
    if "P28D" in found:
        found = tuple(p for p in found if p != "P7D")
    return found[0] if len(found) == 1 else None


def same_period(a: str | None, b: str | None) -> bool:
    """P1M and P30D are the same 30-day bucket for comparing pages with each other."""
    bucket = {"P1M": "P30D"}
    return bucket.get(a or "", a) == bucket.get(b or "", b)


def find_validity(text: str) -> str | None:
    """How long a pack or allowance lasts, as 'P<n>D' or 'PT<n>H', when `text` says so."""
    hit = find_validity_at(text)
    return hit[0] if hit else None


@memo.cached()
def find_validity_at(text: str) -> tuple[str, int, int] | None:
    """`find_validity` with the span of the first wording found."""
    if _VALIDITY_DECOY.search(text) and not _VALID_WORD.search(text):
        return None
    found: set[str] = set()
    where: tuple[int, int] | None = None
    for m in _VALIDITY_DAYS.finditer(text):
        where = where or (m.start(), m.end())
        n = m.group("n") or m.group("n2") or m.group("n3") or m.group("n4") or m.group("n5")
        unit = (m.group("u") or m.group("u3") or m.group("u4") or m.group("u5") or "day").lower()
        if unit.startswith(("час", "hour", "сағат")):
            hours = int(n)
            found.add(f"P{hours // 24}D" if hours % 24 == 0 else f"PT{hours}H")
        else:
            found.add(f"P{int(n)}D")
    if len(found) == 1 and where is not None:
        return found.pop(), where[0], where[1]
    return None

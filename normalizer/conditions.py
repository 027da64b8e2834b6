"""Facts that hold only under a condition, bonuses kept apart, and allowances granted per day.

A price for "the first 12 months", "after 12 months", "for subscribers of the tariffs …", in a
promotion or "from 2990 тг" is not the plan's plain price; `200 SMS / день` is not 200 a month.
These functions read the text a fact was taken from (its evidence) and the page lines around it,
and return what qualifies the fact, each with the text it rests on. They decide nothing about
the fact's value: the resolver has done that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from normalizer import patterns
from normalizer.lines import Line
from normalizer.money import find_money
from normalizer.numbers import clean_text
from normalizer.periods import PER_DAY, PER_WEEK
from normalizer.quantities import find_quantities

_I = re.IGNORECASE
_MONTHS = r"(?:months?|месяц\w*|мес\.?|ай(?:ға|да|дың)?)"
_DAYS = r"(?:days?|дн(?:ей|я)|день|күн\w*)"
_FIRST = patterns.compile(
    rf"(?:first|первы[ехй]|первые|алғашқы|в\s+течение\s+первых)\s+(?P<n>\d+)\s*(?P<u>{_MONTHS}|{_DAYS})"
    rf"|(?P<one>first\s+month|первый\s+месяц|алғашқы\s+ай(?!\w))",
    _I,
)
_AFTER = patterns.compile(
    rf"(?:after|после|через)\s+(?:the\s+first\s+|первых\s+)?(?P<n>\d+)\s*(?P<u>{_MONTHS}|{_DAYS})"
    rf"|(?P<n2>\d+)\s*(?P<u2>{_MONTHS}|{_DAYS})\s+(?:өткеннен|өткен\s+соң|кейін)"
    rf"|from\s+the\s+(?P<n3>\d+)(?:st|nd|rd|th)\s+month|с\s+(?P<n4>\d+)-?(?:го)?\s+месяца",
    _I,
)
_THEN = patterns.compile(
    r"\b(?:далее|затем|потом|then|thereafter|after\s+that|кейін|содан\s+соң)\b", _I
)
_SUBSCRIBERS = patterns.compile(
    r"(?:только\s+)?для\s+(?:абонент\w+|клиент\w+)\s+(?:тариф\w*|тп)"
    r"|абонент(?:ы|ов|ам)\s+(?:тариф\w*|тп)"
    r"|\b(?:subscribers|customers|users)\s+(?:of|on)\s+(?:the\s+)?(?:[^.]{0,120}?\s)?"
    r"(?:tariffs?|plans?)\b"
    r"|тариф\w*\s+абоненттер\w*"
    r"|абоненттер\w*\s+ғана",
    _I,
)
_PROMOTION = patterns.compile(
    r"(?<!\w)(?:акци\w*|promo\w*|promotion\w*|special\s+offer|спецпредложени\w*|акциялық"
    r"|науқан\w*|по\s+акции)",
    _I,
)
_FROM_MONEY = patterns.compile(r"(?:^|[\s(|:])(?:от|from|starting\s+at|бастап\s+)\s*$", _I)
# "2990 теңгеден бастап", and with the fee's period between: "1990 теңге айына бастап"
_MONEY_FROM_KK = patterns.compile(
    r"\s*-?\s*(?:ден|дан|тен|тан|нен|нан)?(?:\s*(?:/\s*ай|айына|ай\s+сайын|аптасына|тәулігіне))?"
    r"\s*бастап",
    _I,
)

_BONUS_MARK = patterns.compile(r"(?:^|\s)\+\s*(?:бонус|bonus)\b|^(?:бонус|bonus)\b", _I)
_NOT_GIVEN = patterns.compile(
    r"берілмейді|не\s+предоставля\w*|не\s+начисля\w*|not\s+(?:given|included)", _I
)
_DAILY = rf"(?:{PER_DAY})"
_WEEKLY = rf"(?:{PER_WEEK})"
_DAYS_RE = patterns.compile(_DAYS, _I)
_MONTHS_RE = patterns.compile(_MONTHS, _I)
_DAILY_RE = patterns.compile(_DAILY, _I)
_WEEKLY_RE = patterns.compile(_WEEKLY, _I)
_DAILY_BEFORE = patterns.compile(rf"{_DAILY}\s*[:|-]?\s*$", _I)
_DAILY_AFTER = patterns.compile(rf"\s*(?:/\s*)?{_DAILY}", _I)
_WEEKLY_BEFORE = patterns.compile(rf"{_WEEKLY}\s*[:|-]?\s*$", _I)
_WEEKLY_AFTER = patterns.compile(rf"\s*(?:/\s*)?{_WEEKLY}", _I)

ALLOWANCE_PATHS = {
    "data.quota_mb": "data",
    "voice.onnet": "minutes",
    "voice.offnet": "minutes",
    "voice.international": "minutes",
    "sms.count": "sms",
}


@dataclass(frozen=True)
class Condition:
    field: str
    kind: str  # period | after_period | subscribers | promotion | lower_bound
    text: str
    duration: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "field": self.field,
            "kind": self.kind,
            "duration": self.duration,
            "text": self.text,
        }


@dataclass(frozen=True)
class Bonus:
    service: str  # data | voice | sms
    quantity: Decimal | None
    unlimited: bool
    duration: str | None
    text: str

    def as_dict(self) -> dict[str, object]:
        return {
            "service": self.service,
            "quantity": self.quantity,
            "unlimited": self.unlimited,
            "duration": self.duration,
            "text": self.text,
        }


def _duration(n: str | None, unit: str | None) -> str | None:
    if not n:
        return None
    u = (unit or "").lower()
    return f"P{int(n)}D" if _DAYS_RE.match(u) and not _MONTHS_RE.match(u) else f"P{int(n)}M"


def fact_conditions(evidence: dict[str, str]) -> list[Condition]:
    """Conditions stated in the evidence of each fact (price, allowances), sorted by field."""
    out: list[Condition] = []
    for path in sorted(evidence):
        if not (path.startswith("price.amount") or path in ALLOWANCE_PATHS):
            continue
        text = evidence[path]
        after = _AFTER.search(text)
        first = _FIRST.search(text)
        if after:
            if after.group("n3") or after.group("n4"):
                n = str(int(after.group("n3") or after.group("n4")) - 1)
                duration: str | None = f"P{n}M"
            else:
                duration = _duration(
                    after.group("n") or after.group("n2"), after.group("u") or after.group("u2")
                )
            out.append(Condition(path, "after_period", text, duration))
        elif first:
            duration = (
                "P1M" if first.group("one") else _duration(first.group("n"), first.group("u"))
            )
            # "2990 первые 3 месяца, далее 4990": the fact read is the price that follows
            kind = "after_period" if _THEN.search(text[first.end() :]) else "period"
            out.append(Condition(path, kind, text, duration))
        if _SUBSCRIBERS.search(text):
            out.append(Condition(path, "subscribers", text))
        if _PROMOTION.search(text):
            out.append(Condition(path, "promotion", text))
        if path == "price.amount" and is_lower_bound(text):
            out.append(Condition(path, "lower_bound", text))
    return out


def is_lower_bound(text: str) -> bool:
    """'от 2990 тг', 'from 2,990 ₸', '2990 теңгеден бастап': the amount is a minimum (read
    from the page's own text: 'от 2\xa0490 тг' groups its thousands with a no-break space)."""
    text = clean_text(text)
    return any(
        _FROM_MONEY.search(text[: m.start]) or _MONEY_FROM_KK.match(text[m.end :])
        for m in find_money(text)
    )


def bonuses(lines: list[Line], taken: set[str]) -> list[Bonus]:
    """Allowances marked as a bonus ('+ Бонус 4G интернет | 20 ГБ (алғашқы 12 ай)'), except those
    already read as the plan's own facts (`taken`: their evidence texts). One per distinct bonus."""
    found: dict[tuple[str, Decimal | None, str | None], Bonus] = {}
    for ln in lines:
        label = ln.label_text
        mark = _BONUS_MARK.search(ln.text)
        in_label = bool(_BONUS_MARK.search(label))
        if not (mark or in_label) or ln.evidence in taken or _NOT_GIVEN.search(ln.text):
            continue
        start = 0 if in_label else mark.start() if mark else 0
        context = f"{label} {ln.text}"
        first = _FIRST.search(context)
        duration = (
            None
            if not first
            else "P1M"
            if first.group("one")
            else _duration(first.group("n"), first.group("u"))
        )
        for q in find_quantities(ln.text[start:]):
            service = {"data": "data", "minutes": "voice", "sms": "sms"}.get(q.kind)
            if service is None:
                continue
            key = (service, q.value, duration)
            found.setdefault(key, Bonus(service, q.value, False, duration, ln.evidence[:400]))
    return list(found.values())


def allowance_period(path: str, evidence: str, lines: list[Line]) -> str | None:
    """'P1D' / 'P7D' when the allowance read from `evidence` is granted per day / per week:
    said right after the quantity ('200 SMS / день', '190 МБ/ day') or in its table column's
    header ('Daily data bonus allowance, MB')."""
    kind = ALLOWANCE_PATHS.get(path)
    if kind is None:
        return None
    for q in find_quantities(evidence):
        if q.kind != kind:
            continue
        if q.per in ("P1D", "P7D"):
            return q.per
        before, after = evidence[max(0, q.start - 16) : q.start], evidence[q.end : q.end + 16]
        if _DAILY_BEFORE.search(before) or _DAILY_AFTER.match(after):
            return "P1D"
        if _WEEKLY_BEFORE.search(before) or _WEEKLY_AFTER.match(after):
            return "P7D"
    label, bar, _value = evidence.partition("|")
    if bar:  # a table cell with its row or column label: 'Daily data bonus allowance, MB | 10'
        if _DAILY_RE.search(label):
            return "P1D"
        if _WEEKLY_RE.search(label):
            return "P7D"
    return _column_period(evidence, lines)


def _column_period(evidence: str, lines: list[Line]) -> str | None:
    """A table row 'cell | … |': the period in the header of the column of its first number."""
    if "|" not in evidence:
        return None
    cells = [c.strip() for c in evidence.strip().strip("|").split("|")]
    column = next((i for i, c in enumerate(cells) if re.fullmatch(r"\d+(?:[.,]\d+)?", c)), None)
    if column is None:
        return None
    row = next((pos for pos, ln in enumerate(lines) if ln.span.strip() == evidence.strip()), None)
    if row is None:
        return None
    for ln in reversed(lines[:row]):
        head = [c.strip() for c in ln.span.strip().strip("|").split("|")]
        if len(head) != len(cells) or any(re.search(r"\d", c) for c in head[column : column + 1]):
            continue
        if _DAILY_RE.search(head[column]):
            return "P1D"
        if _WEEKLY_RE.search(head[column]):
            return "P7D"
        return None
    return None

"""The fee charged when the regular one fails, and pages that describe only such a fee.

Beeline pages end with "Когда основную абонентскую плату списать не удалось, включается
ежедневный пакет … 390 тг в сутки": a daily fee that bills only when the monthly fee cannot be
taken. It belongs to the plan as its fallback; a page that is nothing but such a daily pack
("Күнделікті топтама Бәрі 490") is the fallback of another plan, not a product of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from normalizer import decoys, patterns
from normalizer.lines import Line
from normalizer.money import find_money
from normalizer.names import is_day_pack
from normalizer.periods import find_period


@dataclass(frozen=True)
class FallbackFee:
    amount: Decimal
    period: str
    text: str


def fallback_fee(lines: list[Line]) -> FallbackFee | None:
    """The first fee with a period whose line or labels say it applies when the fee fails."""
    for ln in lines:
        if not decoys.is_fallback(" ".join([*ln.labels, ln.text])):
            continue
        money = [m for m in find_money(ln.text) if m.rate is None and m.amount > 0]
        if len(money) != 1:
            continue
        period = find_period(ln.text[money[0].end : money[0].end + 25])
        if period is not None:
            return FallbackFee(money[0].amount, period, ln.evidence[:400])
    return None


def is_fallback_pack(name: str | None, price: Decimal | None, fee: FallbackFee | None) -> bool:
    """A daily pack whose own price is the page's fallback fee: a fallback, not a product."""
    return bool(fee and price is not None and price == fee.amount and is_day_pack(name))


_DEVICE = patterns.compile(
    r"router|modem|роутер\w*|модем\w*|планшет\w*|tablet|data[-\s]?sim|(?<![\w])web(?![\w])",
    re.IGNORECASE,
)


def device_evidence(name: str | None, url: str | None) -> str | None:
    """The plan's name or URL when it says router, modem, tablet, data SIM or WEB (a data plan)."""
    for text in (name, url):
        if text and _DEVICE.search(text):
            return text[:400]
    return None

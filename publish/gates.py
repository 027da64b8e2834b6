"""Quality gates an operator's fresh plans must pass before they replace its last good plans.

Thresholds live here and only here. A failed gate keeps the operator's previous plans in the
release, marked stale with the gate's reason (All the Places keeps a silent spider's last data;
spidermon compares counts and coverage with earlier runs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from publish.release import field_coverage
from schema.plan import Plan

MIN_PLANS = 1
MAX_COUNT_DROP = 0.5  # fail when the plan count falls by more than half
MAX_COVERAGE_DROP = 0.4  # fail when a field's coverage falls by more than 40 points
MIN_COVERAGE_BASE = 0.5  # ...among fields that were at least this well covered before
PRICE_RANGE_KZT = (Decimal(1), Decimal(500_000))


@dataclass(frozen=True)
class GateFailure:
    gate: str
    reason: str

    def __str__(self) -> str:
        return f"{self.gate}: {self.reason}"


def _zero_plans(new: list[Plan], _old: list[Plan]) -> str | None:
    return "no plans parsed" if len(new) < MIN_PLANS else None


def _count_drop(new: list[Plan], old: list[Plan]) -> str | None:
    if old and len(new) < len(old) * (1 - MAX_COUNT_DROP):
        return f"plan count fell from {len(old)} to {len(new)}"
    return None


def _coverage_drop(new: list[Plan], old: list[Plan]) -> str | None:
    if not old or not new:
        return None
    before, after = field_coverage(old), field_coverage(new)
    fallen = [
        f"{f} {before[f]:.0%}→{after[f]:.0%}"
        for f in sorted(before)
        if before[f] >= MIN_COVERAGE_BASE and before[f] - after[f] > MAX_COVERAGE_DROP
    ]
    return "field coverage fell: " + ", ".join(fallen) if fallen else None


def _price_range(new: list[Plan], _old: list[Plan]) -> str | None:
    low, high = PRICE_RANGE_KZT
    bad = [
        f"{p.id} {p.price.amount}"
        for p in new
        if p.price is not None and p.price.amount is not None and not low <= p.price.amount <= high
    ]
    return f"prices outside {low}–{high} KZT: " + ", ".join(bad) if bad else None


GATES: dict[str, Callable[[list[Plan], list[Plan]], str | None]] = {
    "zero_plans": _zero_plans,
    "count_drop": _count_drop,
    "coverage_drop": _coverage_drop,
    "price_range": _price_range,
}


def check_gates(new: list[Plan], last_good: list[Plan]) -> list[GateFailure]:
    failures = []
    for name, gate in GATES.items():
        reason = gate(new, last_good)
        if reason:
            failures.append(GateFailure(name, reason))
    return failures

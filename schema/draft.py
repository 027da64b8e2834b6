"""What a parser hands over before validation: loose, plain values plus the text they came from.

A brand parser (scrapers/) and the shared normalizer (normalizer/) fill a `Draft`; `schema.build`
turns it into a `Plan` or reports why it cannot.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

Count = int | Literal["unlimited"] | None


@dataclass
class Warning_:
    """A fact left null on purpose (conflict, no unit, unknown period), with the spans involved."""

    field: str
    message: str
    spans: list[str] = dataclasses.field(default_factory=list)  # `field` is a member here


@dataclass
class Draft:
    operator: str
    url: str | None = None
    name: str | None = None
    slug_hint: str | None = None  # used for the id when the page gives no name
    segment: Literal["consumer", "business"] = "consumer"
    kind: Literal["plan", "pack"] = "plan"
    data_only: bool | None = None
    price_amount: Decimal | None = None
    price_period: str | None = None  # "P1D", "P7D", "P28D", "P30D", "P1M" or None (one-off)
    validity: str | None = None  # "P30D", "PT168H", ...
    data_quota_mb: Decimal | None = None
    data_unlimited: bool | None = None
    data_per_day: bool = False
    throttle_kbps: int | None = None
    zero_rated: list[str] = field(default_factory=list)
    voice_onnet: Count = None
    voice_offnet: Count = None
    voice_international: Count = None
    sms_count: Count = None
    rollover_status: Literal["yes", "no", "unknown"] = "unknown"
    rollover_applies_to: list[str] = field(default_factory=list)
    rollover_lasts: str | None = None
    rollover_conditions: list[str] = field(default_factory=list)
    rollover_terms: str | None = None
    # field path (as in schema.plan.fact_paths) -> the exact page text it was read from
    evidence: dict[str, str] = field(default_factory=dict)
    warnings: list[Warning_] = field(default_factory=list)
    # 1-1-0 (see schema.plan): availability, conditions, bonuses, per-period allowances, fallback
    availability: Literal["current", "archived", "closed", "discontinued", "unknown"] = "unknown"
    availability_date: date | None = None
    data_per: str | None = None  # "P1D" / "P7D": the quota is granted per day / per week
    voice_per: str | None = None
    sms_per: str | None = None
    conditions: list[dict[str, Any]] = field(default_factory=list)  # schema.plan.Condition
    bonuses: list[dict[str, Any]] = field(default_factory=list)  # schema.plan.Bonus
    fallback: dict[str, Any] | None = None  # schema.plan.Fallback
    fallback_only: bool = False  # the page is itself a fallback pack of another plan

    def set(self, attr: str, value: Any, evidence: str, path: str) -> None:
        """Set a fact together with its evidence, so that one never exists without the other."""
        setattr(self, attr, value)
        self.evidence[path] = evidence.strip()[:400]

    def warn(self, field_: str, message: str, *spans: str) -> None:
        self.warnings.append(Warning_(field_, message, [s.strip()[:400] for s in spans]))

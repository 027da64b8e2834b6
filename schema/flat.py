"""The flat projection: one row per plan, the columns of plans.csv and `tariffs extract --flat`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from schema.plan import PERIOD_DAYS, Plan

FLAT_COLUMNS = (
    "id", "operator", "name", "kind", "segment", "data_only", "price_kzt", "price_period_days",
    "validity_days", "data_gb", "data_unlimited", "data_per_day", "throttle_kbps",
    "voice_onnet_min", "voice_offnet_min", "voice_international_min", "sms_count", "rollover",
    "url",
    # 1-1-0 (appended so that readers of the earlier columns keep working)
    "availability", "availability_date", "conditions", "data_per_days", "voice_per_days",
    "sms_per_days", "fallback_price_kzt", "fallback_period_days", "sources",
)  # fmt: skip


# The facts a labelled page states (the corpus labels and `tariffs eval` score these).
FACT_COLUMNS = (
    "price_kzt", "price_period_days", "data_gb", "data_unlimited", "voice_onnet_min",
    "voice_offnet_min", "sms_count", "validity_days", "rollover", "data_only",
)  # fmt: skip


def _number(d: Decimal | None) -> int | float | None:
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def duration_days(duration: str | None) -> int | float | None:
    """'P30D' -> 30, 'PT168H' -> 7, 'PT12H' -> 0.5; None stays None."""
    if not duration:
        return None
    if duration.startswith("PT") and duration.endswith("H"):
        hours = int(duration[2:-1])
        return hours // 24 if hours % 24 == 0 else hours / 24
    if duration.startswith("P") and duration.endswith("D"):
        return int(duration[1:-1])
    return None


def flatten(plan: Plan) -> dict[str, Any]:
    """One row; a price stated only as a lower bound ('от 2990') is no exact price here (the
    full record keeps the amount with its `lower_bound` condition)."""
    price = plan.price
    quota = plan.data.quota_mb
    bound = any(c.field == "price.amount" and c.kind == "lower_bound" for c in plan.conditions)
    return {
        "id": plan.id,
        "operator": plan.operator,
        "name": plan.name,
        "kind": plan.kind,
        "segment": plan.segment,
        "data_only": plan.data_only,
        "price_kzt": _number(price.amount) if price and not bound else None,
        "price_period_days": PERIOD_DAYS[price.period] if price and price.period else None,
        "validity_days": duration_days(plan.validity),
        "data_gb": None if quota is None else _number(quota / Decimal(1024)),
        "data_unlimited": plan.data.unlimited,
        "data_per_day": plan.data.per_day,
        "throttle_kbps": plan.data.throttle_kbps,
        "voice_onnet_min": plan.voice.onnet,
        "voice_offnet_min": plan.voice.offnet,
        "voice_international_min": plan.voice.international,
        "sms_count": plan.sms.count,
        "rollover": plan.rollover.status,
        "url": plan.url,
        "availability": plan.availability,
        "availability_date": plan.availability_date.isoformat() if plan.availability_date else None,
        "conditions": "; ".join(
            f"{c.field} {c.kind}" + (f" {c.duration}" if c.duration else "")
            for c in plan.conditions
        )
        or None,
        "data_per_days": duration_days(plan.data.per),
        "voice_per_days": duration_days(plan.voice.per),
        "sms_per_days": duration_days(plan.sms.per),
        "fallback_price_kzt": _number(plan.fallback.amount) if plan.fallback else None,
        "fallback_period_days": PERIOD_DAYS[plan.fallback.period]
        if plan.fallback and plan.fallback.period
        else None,
        "sources": len(plan.sources) or 1,
    }

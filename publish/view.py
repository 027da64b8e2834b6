"""One plan as a row of display facts: what the page, answers.json and plans.db all read.

This is the only place the readers' outputs touch the Plan model, so a schema addition (the
`availability` field of schema 1-1-0, say) is wired in here once. Fields a schema does not have
yet read as unknown, never as a guess.

Price normalisation to 30 days (documented in DATA_FORMAT.md):
- a recurring fee is scaled by 30 / period days (P1M counts as 30 days, P28D as 28, P7D as 7,
  P1D as 1): a weekly 1 000 ₸ plan costs 4 285.71 ₸ per 30 days;
- the data of a period is scaled the same way; a per-day quota is multiplied by 30;
- a quota granted per day or per week (`data.per_day`; schema 1-1-0's `data.per` P1D/P7D)
  is scaled by 30 / 1 or 30 / 7 instead;
- a one-off pack (no period) has no price per 30 days: it is not bought on a schedule;
- a price with no amount (two conflicting fees) has no price per 30 days.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from schema.plan import PERIOD_DAYS, Plan

Tri = Literal["yes", "no", "unknown"]
AVAILABILITY = ("current", "archived", "closed", "discontinued", "unknown")
NOT_CURRENT = frozenset({"archived", "closed", "discontinued"})
DAYS = 30

# display fact -> the evidence path that states it
EVIDENCE_PATHS: dict[str, tuple[str, ...]] = {
    "price": ("price.amount", "price.period"),
    "validity": ("validity",),
    "data": ("data.quota_mb", "data.unlimited"),
    "throttle": ("data.throttle_kbps",),
    "voice_onnet": ("voice.onnet",),
    "voice_offnet": ("voice.offnet",),
    "voice_international": ("voice.international",),
    "sms": ("sms.count",),
    "rollover": ("rollover.status",),
    "data_only": ("data_only",),
    "availability": ("availability",),
}


class PlanView(BaseModel):
    """Display facts of one plan; None means the page does not say."""

    model_config = ConfigDict(frozen=True)

    id: str
    operator: str
    name: str | None
    url: str | None
    kind: str
    segment: str
    data_only: bool | None
    price_kzt: float | None
    price_period: str | None
    price_period_days: int | None
    validity_days: float | None
    data_gb: float | None
    data_unlimited: bool | None
    data_per_day: bool
    data_per: str | None
    throttle_kbps: int | None
    voice_onnet_min: int | None
    voice_onnet_unlimited: bool | None
    voice_offnet_min: int | None
    voice_offnet_unlimited: bool | None
    voice_international_min: int | None
    voice_international_unlimited: bool | None
    sms_count: int | None
    sms_unlimited: bool | None
    rollover: Tri
    data_rollover: Tri
    rollover_terms: str | None
    availability: str
    stale: bool
    price_30d: float | None
    gb_30d: float | None
    price_per_gb: float | None
    evidence: dict[str, str]
    conditions: dict[str, list[str]]

    @property
    def current(self) -> bool:
        """Not marked archived, closed or discontinued (unknown counts as current)."""
        return self.availability not in NOT_CURRENT


def split_allowance(value: int | str | None) -> tuple[int | None, bool | None]:
    """5 -> (5, False); "unlimited" -> (None, True); None -> (None, None)."""
    if value is None:
        return None, None
    if value == "unlimited":
        return None, True
    return int(value), False


def _num(d: Decimal | None) -> float | None:
    return None if d is None else float(d)


def _round(x: float | None, places: int = 2) -> float | None:
    return None if x is None else round(x, places)


def data_rollover(plan: Plan) -> Tri:
    """Whether unused *data* carries over: the plan's rollover unless it names only voice/SMS."""
    r = plan.rollover
    if r.status != "unknown" and (not r.applies_to or "data" in r.applies_to):
        return r.status
    return "unknown"


def availability(plan: Plan) -> str:
    """Schema 1-1-0's `availability`; absent (schema 1-0-0) or unrecognised reads unknown."""
    value = getattr(plan, "availability", None)
    value = getattr(value, "status", value)  # tolerate an object with a status
    return value if value in AVAILABILITY else "unknown"


_FACT_OF_PATH = {path: fact for fact, paths in EVIDENCE_PATHS.items() for path in paths}


def _conditions(plan: Plan) -> dict[str, list[str]]:
    """Schema 1-1-0's conditions (a promo price, a first-months allowance) by display fact."""
    found: dict[str, list[str]] = {}
    for cond in getattr(plan, "conditions", None) or []:
        fact = _FACT_OF_PATH.get(getattr(cond, "field", ""), "other")
        text = getattr(cond, "text", None)
        if text and text not in found.setdefault(fact, []):
            found[fact].append(text)
    return found


def data_per(plan: Plan) -> str | None:
    """How often the quota is granted when not once per price period: P1D or P7D."""
    per = getattr(plan.data, "per", None)  # schema 1-1-0
    if per in PERIOD_DAYS:
        return str(per)
    return "P1D" if plan.data.per_day else None


def _evidence(plan: Plan) -> dict[str, str]:
    quotes: dict[str, str] = {}
    for fact, paths in EVIDENCE_PATHS.items():
        texts = []
        for path in paths:
            ev = plan.evidence.get(path)
            if ev is not None and ev.text not in texts:
                texts.append(ev.text)
        if texts:
            quotes[fact] = " … ".join(texts)
    if "rollover" not in quotes and plan.rollover.terms:
        quotes["rollover"] = plan.rollover.terms
    return quotes


def view(plan: Plan) -> PlanView:
    price = plan.price
    amount = _num(price.amount) if price else None
    period_days = PERIOD_DAYS[price.period] if price and price.period else None
    quota_gb = None if plan.data.quota_mb is None else float(plan.data.quota_mb) / 1024
    validity = _validity_days(plan.validity)

    price_30d = amount * DAYS / period_days if amount is not None and period_days else None
    gb_30d = None
    per = data_per(plan)
    if quota_gb is not None and per:
        gb_30d = quota_gb * DAYS / PERIOD_DAYS[per]
    elif quota_gb is not None and period_days:
        gb_30d = quota_gb * DAYS / period_days
    per_gb = price_30d / gb_30d if price_30d is not None and gb_30d else None

    onnet, onnet_u = split_allowance(plan.voice.onnet)
    offnet, offnet_u = split_allowance(plan.voice.offnet)
    intl, intl_u = split_allowance(plan.voice.international)
    sms, sms_u = split_allowance(plan.sms.count)
    return PlanView(
        id=plan.id,
        operator=plan.operator,
        name=plan.name,
        url=plan.url or plan.source.url,
        kind=plan.kind,
        segment=plan.segment,
        data_only=plan.data_only,
        price_kzt=amount,
        price_period=price.period if price else None,
        price_period_days=period_days,
        validity_days=validity,
        data_gb=_round(quota_gb, 3),
        data_unlimited=plan.data.unlimited,
        data_per_day=plan.data.per_day,
        data_per=per,
        throttle_kbps=plan.data.throttle_kbps,
        voice_onnet_min=onnet,
        voice_onnet_unlimited=onnet_u,
        voice_offnet_min=offnet,
        voice_offnet_unlimited=offnet_u,
        voice_international_min=intl,
        voice_international_unlimited=intl_u,
        sms_count=sms,
        sms_unlimited=sms_u,
        rollover=plan.rollover.status,
        data_rollover=data_rollover(plan),
        rollover_terms=plan.rollover.terms,
        availability=availability(plan),
        stale=plan.stale_since is not None,
        price_30d=_round(price_30d),
        gb_30d=_round(gb_30d, 3),
        price_per_gb=_round(per_gb),
        evidence=_evidence(plan),
        conditions=_conditions(plan),
    )


def _validity_days(duration: str | None) -> float | None:
    if not duration:
        return None
    if duration.startswith("PT"):
        return round(int(duration[2:-1]) / 24, 3)
    return float(duration[1:-1])


def views(plans: list[Plan]) -> list[PlanView]:
    """Every plan's view, sorted by id (the order of plans.json)."""
    return [view(p) for p in sorted(plans, key=lambda p: p.id)]


def row(v: PlanView) -> dict[str, Any]:
    """The view as a flat dict with the `current` flag (for SQLite and the page's data)."""
    d = v.model_dump(exclude={"evidence", "conditions"})
    d["current"] = v.current
    return d

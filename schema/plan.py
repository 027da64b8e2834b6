"""The `Plan` model: what kztariffs publishes for every plan or pack.

Unknown is always `null` (or `"unknown"` for rollover), never a guess: a guide that prints a wrong
"no rollover" does more harm than one that prints "not stated".
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)

# SchemaVer MODEL-REVISION-ADDITION: bump MODEL for breaking changes, REVISION for changes that may
# break some readers, ADDITION for new optional fields. tests/test_schema.py fails on drift.
SCHEMA_VERSION = "1-1-0"

OPERATORS = ("activ", "altel", "beeline", "izi", "kcell", "tele2")
# Published releases hold the six brands; `tariffs extract` also reads pages of other operators.
Operator = Annotated[str, Field(pattern=r"^[a-z0-9]+$")]
Period = Literal["P1D", "P7D", "P28D", "P30D", "P1M"]
PERIOD_DAYS: dict[str, int] = {"P1D": 1, "P7D": 7, "P28D": 28, "P30D": 30, "P1M": 30}
# 1-1-0: an allowance granted per day or per week rather than once per price period.
Per = Literal["P1D", "P7D"]
Availability = Literal["current", "archived", "closed", "discontinued", "unknown"]

Unlimited = Literal["unlimited"]
# A count of minutes or messages: a whole number, "unlimited", or null (not stated).
Allowance = Annotated[int, Field(ge=0)] | Unlimited | None

# Decimals are published as strings so that no reader loses precision to binary floats.
DecimalStr = Annotated[
    Decimal,
    PlainSerializer(lambda d: format(d.normalize(), "f"), return_type=str, when_used="json"),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Price(_Strict):
    """The recurring fee (period set) or the price of a one-off pack (period null).

    The amount is null when the page states how often it charges but not a single amount (two
    conflicting fees, or none given); the plan's warnings then say why.
    """

    amount: Annotated[DecimalStr, Field(ge=0, lt=10_000_000)] | None = None
    currency: Literal["KZT"] = "KZT"
    period: Period | None = Field(
        default=None, description="ISO 8601 duration between charges; null for a one-off pack"
    )

    @model_validator(mode="after")
    def _amount_or_period(self) -> Price:
        if self.amount is None and self.period is None:
            raise ValueError("a price needs an amount or a period (else the price is null)")
        return self


class Data(_Strict):
    quota_mb: Annotated[DecimalStr, Field(gt=0)] | None = Field(
        default=None, description="Included data per price period (or per day when per_day), in MB"
    )
    unlimited: bool | None = Field(
        default=None,
        description="General unlimited data; app-only or KAZNET-only unlimited does not count",
    )
    per_day: bool = Field(default=False, description="quota_mb is granted per day")
    per: Per | None = Field(
        default=None, description="1-1-0: quota_mb is granted per day (P1D) or per week (P7D)"
    )
    throttle_kbps: Annotated[int, Field(gt=0)] | None = Field(
        default=None, description="Speed after the quota is used up"
    )
    zero_rated: list[str] = Field(
        default_factory=list, description="Apps or services whose traffic is not counted"
    )

    @model_validator(mode="after")
    def _quota_or_unlimited(self) -> Data:
        if self.unlimited and self.quota_mb is not None:
            raise ValueError("data cannot be both unlimited and capped at quota_mb")
        if self.per == "P1D" and not self.per_day:
            raise ValueError("data.per P1D needs per_day true")
        return self


class Voice(_Strict):
    onnet: Allowance = Field(default=None, description="Minutes inside the operator's network")
    offnet: Allowance = Field(default=None, description="Minutes to other operators in Kazakhstan")
    international: Allowance = Field(default=None, description="Minutes to other countries")
    per: Per | None = Field(
        default=None, description="1-1-0: the minutes are granted per day or per week"
    )


class Sms(_Strict):
    count: Allowance = None
    per: Per | None = Field(
        default=None, description="1-1-0: the messages are granted per day or per week"
    )


class Rollover(_Strict):
    """Whether unused allowance carries over into the next period."""

    status: Literal["yes", "no", "unknown"] = "unknown"
    applies_to: list[Literal["data", "voice", "sms"]] = Field(
        default_factory=list, description="What carries over (or expires), where the page says"
    )
    lasts: str | None = Field(
        default=None,
        description="How long carried-over allowance lasts: 'end_of_next_month', an ISO "
        "duration such as 'P30D', or 'no_expiry'",
    )
    conditions: list[str] = Field(
        default_factory=list, description="Conditions stated on the page (e.g. fee paid)"
    )
    terms: str | None = Field(default=None, description="The page text stating the terms")


class Evidence(_Strict):
    text: Annotated[str, Field(min_length=1, max_length=400)]


class PlanWarning(_Strict):
    field: str
    message: str
    spans: list[str] = Field(default_factory=list)


class Condition(_Strict):
    """1-1-0: a fact that holds only under a condition the page states."""

    field: str = Field(description="Path of the fact it qualifies, e.g. 'price.amount'")
    kind: Literal["period", "after_period", "subscribers", "promotion", "lower_bound"] = Field(
        description="period: only for `duration` after joining; after_period: only once "
        "`duration` has passed; subscribers: only for the subscribers named in `text`; "
        "promotion: a promotional offer; lower_bound: 'from' this amount"
    )
    duration: str | None = Field(default=None, pattern=r"^P\d+[DWMY]$")
    text: Annotated[str, Field(min_length=1, max_length=400)]


class Bonus(_Strict):
    """1-1-0: an allowance given on top of the included one, kept apart from it."""

    service: Literal["data", "voice", "sms"]
    quantity: Annotated[DecimalStr, Field(gt=0)] | None = Field(
        default=None, description="MB for data, minutes for voice, messages for sms"
    )
    unlimited: bool = False
    duration: str | None = Field(
        default=None, pattern=r"^P\d+[DWMY]$", description="Given only for this long"
    )
    text: Annotated[str, Field(min_length=1, max_length=400)]


class Fallback(_Strict):
    """1-1-0: the fee charged (per `period`) when the plan's regular fee cannot be taken."""

    amount: Annotated[DecimalStr, Field(gt=0, lt=10_000_000)] | None = None
    currency: Literal["KZT"] = "KZT"
    period: Period | None = None
    name: str | None = Field(default=None, description="The fallback pack's own name")
    url: str | None = Field(default=None, description="Its own page, when it has one")
    text: Annotated[str, Field(min_length=1, max_length=400)]


class Source(_Strict):
    url: str | None
    fetched_at: datetime
    snapshot_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    parser_version: str


class Plan(_Strict):
    """One plan (a SIM tariff) or pack (bought on top of a plan) of one operator."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9]+:[a-z0-9][a-z0-9-]*$")]
    operator: Operator
    name: Annotated[str, Field(min_length=1)] | None
    url: str | None
    segment: Literal["consumer", "business"] = "consumer"
    kind: Literal["plan", "pack"] = "plan"
    data_only: bool | None = Field(
        default=None, description="true: no calls included (modem, router, tablet, data pack)"
    )
    price: Price | None = None
    validity: str | None = Field(
        default=None,
        pattern=r"^P(\d+D|T\d+H)$",
        description="How long a pack or allowance lasts (ISO 8601 duration)",
    )
    data: Data = Field(default_factory=Data)
    voice: Voice = Field(default_factory=Voice)
    sms: Sms = Field(default_factory=Sms)
    rollover: Rollover = Field(default_factory=Rollover)
    evidence: dict[str, Evidence] = Field(
        default_factory=dict, description="For every non-null fact (by field path), its page text"
    )
    warnings: list[PlanWarning] = Field(default_factory=list)
    source: Source
    stale_since: datetime | None = Field(
        default=None, description="Set when these plans were carried forward from a release"
    )
    stale_reason: str | None = None
    # 1-1-0 additions (all optional: releases made before validate unchanged)
    availability: Availability = Field(
        default="unknown",
        description="current: offered on the operator's own pages with no closing notice; "
        "archived, closed (to new subscribers), discontinued, or unknown",
    )
    availability_date: date | None = Field(
        default=None, description="When it was or will be discontinued or closed, if stated"
    )
    conditions: list[Condition] = Field(default_factory=list)
    bonuses: list[Bonus] = Field(default_factory=list)
    fallback: Fallback | None = None
    sources: list[Source] = Field(
        default_factory=list, description="Every page or API the plan was read from"
    )

    @field_validator("evidence")
    @classmethod
    def _sorted_evidence(cls, v: dict[str, Evidence]) -> dict[str, Evidence]:
        return dict(sorted(v.items()))

    @model_validator(mode="after")
    def _every_fact_has_evidence(self) -> Plan:
        missing = [path for path in fact_paths(self) if path not in self.evidence]
        if missing:
            raise ValueError(f"facts without evidence: {', '.join(missing)}")
        return self


def fact_paths(plan: Plan) -> list[str]:
    """Paths of the facts read from the page, i.e. those that need evidence."""
    paths = []
    if plan.price is not None:
        if plan.price.amount is not None:
            paths.append("price.amount")
        if plan.price.period is not None:
            paths.append("price.period")
    if plan.validity is not None:
        paths.append("validity")
    if plan.data_only is not None:
        paths.append("data_only")
    for key in ("quota_mb", "unlimited", "throttle_kbps"):
        if getattr(plan.data, key) is not None:
            paths.append(f"data.{key}")
    for key in ("onnet", "offnet", "international"):
        if getattr(plan.voice, key) is not None:
            paths.append(f"voice.{key}")
    if plan.sms.count is not None:
        paths.append("sms.count")
    if plan.rollover.status != "unknown":
        paths.append("rollover.status")
    if plan.availability != "unknown":
        paths.append("availability")
    for part in ("data", "voice", "sms"):
        if getattr(plan, part).per is not None:
            paths.append(f"{part}.per")
    return paths

"""Plans with chosen facts for the reader outputs (answers, plans.db, the page), and the recorded
release's plans parsed without Prefect."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

from schema.plan import OPERATORS, Plan
from tests.planfactory import FETCHED


def plan(
    operator: str,
    slug: str,
    *,
    name: str | None = None,
    price: int | None = None,
    period: str | None = "P1M",
    gb: float | None = None,
    unlimited: bool | None = None,
    per_day: bool = False,
    kind: str = "plan",
    segment: str = "consumer",
    data_only: bool | None = None,
    rollover: str = "unknown",
    applies_to: tuple[str, ...] = (),
    onnet: int | str | None = None,
    sms: int | str | None = None,
    availability: str | None = None,
    url: str | None = None,
    per: str | None = None,
    conditions: tuple[tuple[str, str], ...] = (),
) -> Plan:
    """A valid plan whose every stated fact quotes a made-up page span naming the fact."""
    ev: dict[str, dict[str, str]] = {}
    doc: dict[str, Any] = {
        "id": f"{operator}:{slug}",
        "operator": operator,
        "name": name if name is not None else slug.replace("-", " ").title(),
        "url": url if url is not None else f"https://{operator}.kz/{slug}",
        "kind": kind,
        "segment": segment,
        "data_only": data_only,
        "data": {"per_day": per_day},
        "voice": {"onnet": onnet},
        "sms": {"count": sms},
        "rollover": {"status": rollover, "applies_to": list(applies_to)},
        "source": {
            "url": f"https://{operator}.kz/{slug}",
            "fetched_at": FETCHED,
            "snapshot_sha256": "a" * 64,
            "parser_version": "1",
        },
    }
    if price is not None or period is not None:
        doc["price"] = {"amount": None if price is None else Decimal(price), "period": period}
        if price is not None:
            ev["price.amount"] = {"text": f"{price} ₸"}
        if period is not None:
            ev["price.period"] = {"text": f"every {period}"}
    if gb is not None:
        doc["data"]["quota_mb"] = Decimal(str(gb)) * 1024
        ev["data.quota_mb"] = {"text": f"{gb} GB"}
    if unlimited is not None:
        doc["data"]["unlimited"] = unlimited
        ev["data.unlimited"] = {"text": "unlimited internet" if unlimited else f"{gb} GB"}
    if data_only is not None:
        ev["data_only"] = {"text": "modem SIM" if data_only else "calls included"}
    if rollover != "unknown":
        ev["rollover.status"] = {"text": f"rollover {rollover} on {slug}"}
    if onnet is not None:
        ev["voice.onnet"] = {"text": f"{onnet} min"}
    if sms is not None:
        ev["sms.count"] = {"text": f"{sms} SMS"}
    if availability not in (None, "unknown"):
        ev["availability"] = {"text": f"{availability} ({slug})"}
        doc["availability"] = availability
    if per is not None:
        doc["data"]["per"] = per
        ev["data.per"] = {"text": f"{gb} GB per {per}"}
    doc["conditions"] = [{"field": f, "kind": "period", "text": t} for f, t in conditions]
    doc["evidence"] = ev
    return Plan.model_validate(doc)


@cache
def recorded_plans() -> tuple[Plan, ...]:
    """Every plan the parsers read from the recorded pages (what `tariffs run` publishes)."""
    from kztariffs.paths import RECORDED_DIR
    from kztariffs.pipeline import parse_snapshots
    from scrapers.registry import get_brand
    from scrapers.snapshot import SnapshotStore

    store = SnapshotStore(RECORDED_DIR)
    plans: list[Plan] = []
    for op in OPERATORS:
        plans += parse_snapshots(get_brand(op), store.for_operator(op))[0]
    return tuple(sorted(plans, key=lambda p: p.id))


def sample_plans() -> list[Plan]:
    """A small market with one plan per rule the answers and the page apply."""
    return [
        plan("kcell", "month-10", price=2990, gb=10, unlimited=False, rollover="yes",
             applies_to=("data",), data_only=False, onnet="unlimited", sms=100),
        plan("kcell", "week-5", price=990, period="P7D", gb=5, unlimited=False, rollover="no",
             data_only=False, onnet=300),
        plan("kcell", "unlim", price=7990, unlimited=True, data_only=False),
        plan("kcell", "modem-50", price=5990, gb=50, unlimited=False, data_only=True,
             availability="archived"),
        plan("kcell", "voice-roll", price=1990, gb=1, unlimited=False, rollover="yes",
             applies_to=("voice",)),
        plan("kcell", "pack-2gb", price=650, period=None, gb=2, unlimited=False, kind="pack",
             data_only=True),
        plan("kcell", "biz-20", price=1000, gb=20, unlimited=False, segment="business"),
        plan("beeline", "daily-1", price=100, period="P1D", gb=1, per_day=True,
             unlimited=False, availability="current"),
        plan("beeline", "no-price", price=None, gb=30, unlimited=False),
        plan("beeline", "evil", name="Evil <script>window.__pwned = 1</script> plan",
             price=1500, gb=12, unlimited=False, url="javascript:window.__pwned=2"),
    ]  # fmt: skip

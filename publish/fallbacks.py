"""Fallback packs go to their plan, never into the release as products of their own.

A Beeline "daily pack" page (`/day_pack/dnevnoi-paket-vse-za-490`) describes the daily fee that
bills only when the monthly fee of another plan cannot be taken. It is attached to that plan as
its `fallback` when the plan is in the release (its URL slug ends the pack's slug once the pack
prefix is removed, and only one plan matches); otherwise it is left out, with the reason in
report.json. When the plan's own page names a different fallback fee, the amount is left null
with a warning quoting both.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from schema.draft import Draft
from schema.plan import Plan

_PACK_PREFIX = re.compile(
    r"^(?:dnevnoi-paket|dnevnoy-paket|day-pack|daily-pack|kundelikti-toptama)-", re.IGNORECASE
)


def url_slug(url: str | None) -> str:
    parts = [p for p in urlsplit(url or "").path.split("/") if p]
    return re.sub(r"\.html?$", "", parts[-1]).lower() if parts else ""


def attach_fallbacks(plans: list[Plan], packs: list[Draft]) -> tuple[list[Plan], list[str]]:
    """Plans with their fallback packs attached, and why each pack not attached was left out."""
    by_id = {p.id: p for p in plans}
    notes: list[str] = []
    for pack in packs:
        stem = _PACK_PREFIX.sub("", url_slug(pack.url))
        owners = [
            p
            for p in by_id.values()
            if stem
            and p.url != pack.url
            and (url_slug(p.url) == stem or url_slug(p.url).endswith(f"-{stem}"))
        ]
        label = f"{pack.url} [{pack.name or 'unnamed'}]"
        if len(owners) != 1:
            why = "no plan of this release matches it" if not owners else "several plans match it"
            notes.append(f"{label} fallback: a daily fee charged when a plan's fee fails; {why}")
            continue
        by_id[owners[0].id] = _with_fallback(owners[0], pack)
    return [by_id[p.id] for p in plans], notes


def _with_fallback(plan: Plan, pack: Draft) -> Plan:
    text = pack.evidence.get("price.amount") or pack.evidence.get("price.period") or pack.url or "-"
    fallback = {
        "amount": pack.price_amount,
        "period": pack.price_period,
        "name": pack.name,
        "url": pack.url,
        "text": text[:400],
    }
    warnings = list(plan.warnings)
    own = plan.fallback
    if own is not None and own.amount is not None and own.amount != pack.price_amount:
        warnings.append(
            {
                "field": "fallback.amount",
                "message": f"the plan's page says {own.amount}, its fallback pack's page "
                f"{pack.price_amount}",
                "spans": [own.text, text[:400]],
            }
        )
        fallback["amount"] = None
        if fallback["period"] is None:
            fallback["period"] = own.period
    doc = plan.model_dump()
    doc["fallback"] = fallback
    doc["warnings"] = [w if isinstance(w, dict) else w.model_dump() for w in warnings]
    return Plan.model_validate(doc)

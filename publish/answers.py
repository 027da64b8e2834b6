"""answers.json: the seed questions answered per operator from the facts, with ids and evidence.

Questions: does unused data roll over; which data-only SIM plans and packs exist; which current
plan is cheapest per 30 days for 5 / 10 / 20 / 50 GB and for unlimited data. Each answer names
its plans and quotes the page text; sentences come from the templates in publish/phrases.py.
"""

from __future__ import annotations

from typing import Any

from publish.phrases import LANGS, name_list, operator_name, price_text, say
from publish.view import PlanView

GB_TIERS = (5, 10, 20, 50)
TIERS = (*(str(g) for g in GB_TIERS), "unlimited")

NORMALISATION = (
    "Prices per 30 days: a recurring fee times 30 / days of its period (P1M counts as 30 days, "
    "P28D as 28, P7D as 7, P1D as 1); data per 30 days scales the same way (a per-day quota "
    "times 30). One-off packs and prices without an amount have no price per 30 days. "
    "Cheapest: consumer plans (not packs) not marked archived, closed or discontinued, whose "
    "data per 30 days is at least the tier or is unlimited; ties go to the smaller plan id."
)
ROLLOVER_RULE = (
    "Data rollover is the plan's rollover status when the page names data or names nothing; a "
    "page that names only minutes or SMS leaves data rollover not stated."
)


def _label(v: PlanView) -> str:
    return v.name or v.id


def _item(v: PlanView, fact: str) -> dict[str, Any]:
    return {
        "id": v.id,
        "name": v.name,
        "kind": v.kind,
        "evidence": v.evidence.get(fact),
        "url": v.url,
    }


def eligible_for_cheapest(v: PlanView) -> bool:
    return v.kind == "plan" and v.segment == "consumer" and v.current and v.price_30d is not None


def meets_tier(v: PlanView, tier: str) -> bool:
    if tier == "unlimited":
        return v.data_unlimited is True
    return v.data_unlimited is True or (v.gb_30d is not None and v.gb_30d >= float(tier))


def cheapest(views: list[PlanView], tier: str) -> PlanView | None:
    found = [v for v in views if eligible_for_cheapest(v) and meets_tier(v, tier)]
    return min(found, key=lambda v: (v.price_30d, v.id)) if found else None


def _cheapest_entry(v: PlanView | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {
        "id": v.id,
        "operator": v.operator,
        "name": v.name,
        "price_30d": v.price_30d,
        "price_kzt": v.price_kzt,
        "price_period": v.price_period,
        "gb_30d": v.gb_30d,
        "data_unlimited": v.data_unlimited,
        "evidence": {k: v.evidence[k] for k in ("price", "data") if k in v.evidence},
        # conditions the page puts on the price or data (promotion, first months): read them
        "conditions": [c for k in ("price", "data") for c in v.conditions.get(k, [])],
        "url": v.url,
    }


def operator_answers(operator: str, views: list[PlanView]) -> dict[str, Any]:
    own = sorted((v for v in views if v.operator == operator), key=lambda v: v.id)
    rollover = {
        "yes": [_item(v, "rollover") for v in own if v.data_rollover == "yes"],
        "no": [_item(v, "rollover") for v in own if v.data_rollover == "no"],
        "not_stated": [v.id for v in own if v.data_rollover == "unknown"],
    }
    data_only = {
        "plans": [_item(v, "data_only") for v in own if v.data_only and v.kind == "plan"],
        "packs": [_item(v, "data_only") for v in own if v.data_only and v.kind == "pack"],
        "not_stated": [v.id for v in own if v.data_only is None],
    }
    best = {tier: cheapest(own, tier) for tier in TIERS}
    return {
        "plans": len(own),
        "rollover": rollover,
        "data_only": data_only,
        "cheapest_30d": {tier: _cheapest_entry(v) for tier, v in best.items()},
        "sentences": {lang: _sentences(lang, operator, own, best) for lang in LANGS},
    }


def _sentences(
    lang: str, operator: str, own: list[PlanView], best: dict[str, PlanView | None]
) -> dict[str, Any]:
    op = operator_name(operator)
    counts = {k: sum(v.data_rollover == k for v in own) for k in ("yes", "no", "unknown")}
    rollover = [say(lang, "rollover", op=op, total=len(own), **counts)]
    yes_names = [_label(v) for v in own if v.data_rollover == "yes"]
    if yes_names:
        rollover.append(say(lang, "rollover_yes", op=op, names=name_list(yes_names, lang)))
    plans = [_label(v) for v in own if v.data_only and v.kind == "plan"]
    packs = [_label(v) for v in own if v.data_only and v.kind == "pack"]
    data_only = say(
        lang, "data_only", op=op, plans=name_list(plans, lang), packs=name_list(packs, lang)
    )
    cheapest_lines = []
    for tier, v in best.items():
        if v is None:
            key = "no_unlimited" if tier == "unlimited" else "no_gb"
            cheapest_lines.append(say(lang, key, op=op, gb=tier))
        else:
            key = "cheapest_unlimited" if tier == "unlimited" else "cheapest_gb"
            price = price_text(v.price_30d or 0.0, lang)
            cheapest_lines.append(say(lang, key, op=op, gb=tier, name=_label(v), price=price))
    return {"rollover": rollover, "data_only": data_only, "cheapest_30d": cheapest_lines}


def answers_document(
    release_id: str, generated_at: str, schema_version: str, views: list[PlanView]
) -> dict[str, Any]:
    operators = sorted({v.operator for v in views})
    return {
        "release": release_id,
        "generated_at": generated_at,
        "schema_version": schema_version,
        "rules": {"price_normalisation": NORMALISATION, "data_rollover": ROLLOVER_RULE},
        "tiers": list(TIERS),
        "operators": {op: operator_answers(op, views) for op in operators},
        "cheapest_30d_all_operators": {
            tier: _cheapest_entry(cheapest(views, tier)) for tier in TIERS
        },
    }

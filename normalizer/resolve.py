"""From candidates to one `Draft`: pick the value the page agrees on, or leave null and warn.

Two different recurring prices, off-net minute counts, SMS counts or data quotas on one page mean
the page contradicts itself; the field stays null with a warning that quotes both spans rather than
silently picking a side.
"""

from __future__ import annotations

from decimal import Decimal

from normalizer.facts import Cand, Found, PriceCand
from normalizer.periods import same_period
from schema.draft import Draft

_MAX_PRICE = Decimal(10_000_000)  # the schema's bound; larger "prices" are not tariff fees


def _distinct(cands: list[Cand]) -> list[Cand]:
    seen: list[Cand] = []
    for cand in cands:
        if all(cand.value != s.value for s in seen):
            seen.append(cand)
    return seen


def pick(draft: Draft, attr: str, path: str, cands: list[Cand], what: str) -> object | None:
    """Set `attr` when all candidates agree; warn and leave it null when they do not."""
    distinct = _distinct(cands)
    if len(distinct) == 1:
        draft.set(attr, distinct[0].value, distinct[0].evidence, path)
        return distinct[0].value
    if len(distinct) > 1:
        values = ", ".join(str(c.value) for c in distinct)
        draft.warn(path, f"page gives different {what}: {values}", *[c.evidence for c in distinct])
    return None


def resolve_price(
    draft: Draft,
    prices: list[PriceCand],
    statements: list[Cand],
    *,
    day_pack: bool,
    quota_mb: Decimal | None,
) -> None:
    """The recurring fee (or a pack's one-off price) and its period."""
    bound = [p for p in prices if p.bound_mb is not None]
    prices = [p for p in prices if p.bound_mb is None]
    prices = [p for p in prices if 0 <= p.amount < _MAX_PRICE]
    main = [p for p in prices if p.tier == "main"]
    if not main and quota_mb is not None:
        main = [p for p in bound if p.bound_mb == quota_mb]
    if not main and day_pack:
        main = [p for p in prices if p.tier == "fallback"]  # the day-pack page's own fee
    if not main:
        return
    amounts = {p.amount for p in main}
    if len(amounts) > 1:
        spans = [next(p.evidence for p in main if p.amount == a) for a in sorted(amounts)]
        listed = ", ".join(str(a) for a in sorted(amounts))
        draft.warn("price.amount", f"page gives different prices: {listed} KZT", *spans)
        periods = [p for p in main if p.period]
        if len(periods) == len(main) and all(
            same_period(p.period, periods[0].period) for p in periods
        ):  # the fees disagree, how often they are charged does not
            first = periods[0]
            draft.set("price_period", first.period, first.period_evidence or first.evidence,
                      "price.period")  # fmt: skip
        return
    chosen = main[0]
    draft.set("price_amount", chosen.amount, chosen.evidence, "price.amount")
    periods = [p for p in main if p.period]
    if periods:
        first = periods[0]
        if all(same_period(p.period, first.period) for p in periods):
            draft.set("price_period", first.period, first.period_evidence or first.evidence,
                      "price.period")  # fmt: skip
        else:
            draft.warn(
                "price.period", "page gives different periods", *[p.evidence for p in periods]
            )
        return
    if any(p.one_off for p in main) or (draft.kind == "pack" and not statements):
        return
    distinct = _distinct(statements)
    if distinct and all(same_period(c.value, distinct[0].value) for c in distinct):  # type: ignore[arg-type]
        draft.set("price_period", distinct[0].value, distinct[0].evidence, "price.period")
    elif distinct:
        draft.warn("price.period", "page states different billing periods",
                   *[c.evidence for c in distinct])  # fmt: skip
    elif draft.kind == "plan":
        draft.warn("price.period", "no billing period stated for the price", chosen.evidence)


def resolve_data(draft: Draft, found: Found) -> None:
    """Quota in MB (per price period, or per day), unlimited flag, throttle."""
    cands = [Cand(d.mb, d.evidence) for d in found.data]
    quota = pick(draft, "data_quota_mb", "data.quota_mb", cands, "data quotas")
    if quota is not None:
        daily = any(d.per == "P1D" for d in found.data if d.mb == quota)
        draft.data_per_day = daily and draft.price_period != "P1D"
    pick(draft, "throttle_kbps", "data.throttle_kbps", found.throttle, "speeds after the quota")
    # a quota says "not unlimited", then the page's own unlimited word ('Интернет: Безлимитно'
    # beside 'after the quota the speed drops'); a slower speed or a block once a quota is used
    # up implies a quota
    if found.data:
        draft.set("data_unlimited", False, found.data[0].evidence, "data.unlimited")
    elif found.data_unlimited:
        draft.set("data_unlimited", True, found.data_unlimited[0].evidence, "data.unlimited")
    elif found.throttle:
        draft.set("data_unlimited", False, found.throttle[0].evidence, "data.unlimited")
    elif found.blocked:
        draft.set("data_unlimited", False, found.blocked[0].evidence, "data.unlimited")
    draft.zero_rated = sorted(set(found.apps))


def resolve_voice_sms(draft: Draft, found: Found) -> None:
    pick(draft, "voice_onnet", "voice.onnet", found.onnet, "on-net minutes")
    pick(draft, "voice_offnet", "voice.offnet", found.offnet, "off-net minutes")
    pick(draft, "voice_international", "voice.international", found.intl, "international minutes")
    pick(draft, "sms_count", "sms.count", found.sms, "SMS counts")


def resolve_validity(draft: Draft, found: Found) -> None:
    pick(draft, "validity", "validity", found.validity, "validity periods")

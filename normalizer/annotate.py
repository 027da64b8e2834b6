"""Schema 1-1-0 facts of one draft, from the page it was read from: availability, conditions,
bonuses, per-day/per-week allowances, the fallback fee, and data-only devices.

`annotate` is the one call the extractor makes; each rule lives in its own module
(`availability`, `conditions`, `fallback`) as a pure function over the page lines.
"""

from __future__ import annotations

from normalizer import memo
from normalizer.availability import detect_availability
from normalizer.conditions import ALLOWANCE_PATHS, allowance_period, bonuses, fact_conditions
from normalizer.facts import period_statement
from normalizer.fallback import device_evidence, fallback_fee, is_fallback_pack
from normalizer.lines import Line
from schema.draft import Draft


class Page:
    """A page's lines and what is read from them once for all its plans (a page of a thousand
    offers must not be re-read a thousand times)."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.spans = [ln.span for ln in lines]
        self.fee = fallback_fee(lines)
        self.stated = _stated_periods(_texts(lines))


def annotate(
    draft: Draft,
    own: list[Line],
    page: Page | list[Line],
    heading: str | None,
    said: list[Line] | None = None,
) -> None:
    """Add the 1-1-0 facts to `draft` (its own lines `own`, the page's lines; `said`: the
    lines that speak for this offer on a page of several, its own and the shared ones)."""
    if not isinstance(page, Page):
        page = Page(page)
    lines = page.lines
    name = draft.name or heading
    found = detect_availability(
        page.spans,
        [ln.span for ln in own],
        url=draft.url,
        name=name,
        operator=draft.operator,
    )
    if found.evidence:
        draft.set("availability", found.status, found.evidence, "availability")
        draft.availability_date = found.when
    draft.conditions = [c.as_dict() for c in fact_conditions(draft.evidence)]
    draft.bonuses = [b.as_dict() for b in bonuses(own, set(draft.evidence.values()))]
    _set_periods(draft, lines)
    stated = page.stated if said is None else _stated_periods(_texts(said))
    _set_stated_period(draft, stated)
    fee = page.fee
    if is_fallback_pack(f"{heading or ''} {draft.name or ''}", draft.price_amount, fee):
        draft.fallback_only = True
    elif fee is not None and fee.amount != draft.price_amount:
        draft.fallback = {"amount": fee.amount, "period": fee.period, "text": fee.text}
    device = device_evidence(name, draft.url)
    calls = any(w.field == "data_only" for w in draft.warnings)  # a device page with calls
    if device is not None and not calls:
        draft.set("data_only", True, device, "data_only")


def _set_periods(draft: Draft, lines: list[Line]) -> None:
    for part in ("data", "voice", "sms"):
        found = {
            (per, draft.evidence[path])
            for path in ALLOWANCE_PATHS
            if path.startswith(part) and path in draft.evidence
            if (per := allowance_period(path, draft.evidence[path], lines)) is not None
        }
        if len({per for per, _ in found}) != 1:
            continue
        per, evidence = sorted(found)[0]
        draft.set(f"{part}_per", per, evidence, f"{part}.per")
        if part == "data" and per == "P1D":
            draft.data_per_day = True


def _texts(lines: list[Line]) -> tuple[tuple[str, str], ...]:
    return tuple((ln.text, ln.evidence) for ln in lines)


@memo.cached(16)
def _stated_periods(lines: tuple[tuple[str, str], ...]) -> frozenset[tuple[str, str]]:
    """Sentences about how often fees are charged: read once per page, not once per plan
    (`lines`: each line's text and evidence)."""
    return frozenset(
        (p, evidence)
        for text, evidence in lines
        if (p := period_statement(Line(text, evidence, 0))) is not None
    )


def _set_stated_period(draft: Draft, found: frozenset[tuple[str, str]]) -> None:
    """No fee amount, but one billing period stated ('paid for with a monthly subscription
    fee'): the price is that period with a null amount, as schema 1-0-0 allows."""
    if draft.price_amount is not None or draft.price_period is not None:
        return
    if any(w.field.startswith("price") for w in draft.warnings):
        return
    if len({p for p, _ in found}) == 1:
        period, evidence = sorted(found)[0]
        draft.set("price_period", period, evidence, "price.period")

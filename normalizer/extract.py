"""Entry point: page text -> one `Draft` per plan, every fact with the page span it came from."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from normalizer import names
from normalizer.annotate import annotate
from normalizer.facts import Cand, Ctx, Found, period_statement, scan
from normalizer.lines import Line, page_lines
from normalizer.resolve import (
    resolve_data,
    resolve_price,
    resolve_validity,
    resolve_voice_sms,
)
from normalizer.rollover import Rollover, detect_rollover
from normalizer.tables import PlanScope, split_plans
from normalizer.unitless import unitless_data
from schema.draft import Draft

_I = re.IGNORECASE
_VOICE_WORDS = re.compile(
    r"\bминут\w*|\bмин\b|\bminutes?\b|on-?net\s+calls|off-?net\s+calls|international\s+calls"
    r"|calls\s+to\s+other|calls\s+and\s+sms|звонк\w*|вызов\w*|қоңырау\w*|исходящ\w*",
    _I,
)
# Words of any tariff page; a text without one and without facts describes no plan at all.
_TARIFF_WORDS = re.compile(
    r"тариф|tariff|пакет|pack|топтама|\bгб\b|\bgb\b|\bмб\b|\bmb\b|мин|minute|\bsms\b|смс|₸|\bтг\b"
    r"|тенге|теңге|tenge|плата|төлем|\bfee\b|интернет|internet|\bdata\b|звонк|\bcalls?\b"
    r"|қоңырау|роуминг|roaming|esim|трафик|traffic",
    _I,
)
_DEVICE = re.compile(r"router|modem|роутер\w*|модем\w*|tablet|планшет\w*", _I)
_DATA_HEADING = re.compile(r"internet|интернет|\bdata\b|трафик|\bmb\b|\bgb\b|мб|гб", _I)
_NAMED_DATA_PACK = re.compile(r"интернет-пакет\w*\s+«|internet\s+pack\w*\s+«|data\s+pack\w*", _I)


def extract_plans(
    text: str, *, operator: str, url: str | None = None, title: str | None = None
) -> list[Draft]:
    """One `Draft` per plan described by `text` (a page or one plan block)."""
    lines = page_lines(text or "")
    if not lines:
        return []
    head = names.title_line(lines)
    heading = head.text if head else title
    # The caller's title (a page's h1) names the plan better than any line we can guess at.
    page_name = title.strip() if title and title.strip() else names.plan_name(lines)
    ctx = Ctx(operator, head.index if head else None, max(ln.index for ln in lines))
    scopes = split_plans(lines, heading or page_name)
    business = names.is_business(url, text)
    rollover = detect_rollover([ln.span for ln in lines])
    drafts = []
    for scope in scopes:
        draft = Draft(operator=operator, url=url, name=scope.name or page_name)
        draft.segment = "business" if business else "consumer"
        packish = names.is_pack(heading) or names.is_pack(page_name) or names.is_pack(scope.name)
        draft.kind = "pack" if packish else "plan"
        draft.slug_hint = _slug_hint(draft.name, url)
        _fill(draft, scope, lines, ctx, heading)
        _set_rollover(draft, rollover)
        annotate(draft, scope.own, lines, heading)
        drafts.append(draft)
    if not any(d.evidence for d in drafts) and not _TARIFF_WORDS.search(text):
        return []
    return drafts


def _slug_hint(name: str | None, url: str | None) -> str | None:
    """The URL's last path segment ('mozhno-vse-za-1880'), a stable id when the page has no name."""
    if name or not url:
        return None
    path = urlsplit(url).path
    parts = [re.sub(r"\.html?$", "", p) for p in path.split("/") if p]
    return parts[-1] if parts else urlsplit(url).hostname


def _fill(draft: Draft, scope: PlanScope, lines: list[Line], ctx: Ctx, heading: str | None) -> None:
    own = scan(scope.own, ctx)
    shared = scan(scope.shared, ctx) if scope.multi else Found()
    statements = [
        Cand(period, ln.evidence) for ln in lines if (period := period_statement(ln)) is not None
    ]
    prices = own.prices + [p for p in shared.prices if p.bound_mb is not None]
    if scope.multi:
        own.validity = own.validity or shared.validity
        own.throttle = own.throttle or shared.throttle
        own.blocked = own.blocked or shared.blocked
    quota = _single([d.mb for d in own.data])
    day_pack = names.is_day_pack(heading) or names.is_day_pack(draft.name)
    resolve_price(draft, prices, statements, day_pack=day_pack, quota_mb=quota)
    resolve_data(draft, own)
    resolve_voice_sms(draft, own)
    resolve_validity(draft, own)
    if draft.data_quota_mb is None and not draft.data_unlimited:
        for span in unitless_data(scope.own):
            draft.warn("data.quota_mb", "data value without a unit (MB or GB?)", span)
    _set_data_only(draft, own, lines, heading)


def _single(values: list) -> object | None:
    distinct = set(values)
    return distinct.pop() if len(distinct) == 1 else None


def _set_data_only(draft: Draft, found: Found, lines: list[Line], heading: str | None) -> None:
    """False when calls or SMS come with it, True for a data pack or data plan, else unknown."""
    voice = found.onnet + found.offnet + found.intl + found.voice_rates + found.sms
    evidence = voice[0].evidence if voice else None
    if evidence is None:
        hit = next((ln for ln in lines if _VOICE_WORDS.search(ln.text)), None)
        evidence = hit.evidence if hit else None
    device = next((ln for ln in lines if _DEVICE.search(ln.text)), None)
    if evidence is not None:
        if device is None:
            draft.set("data_only", False, evidence, "data_only")
        else:
            draft.warn(
                "data_only",
                "a data device page that also mentions calls",
                evidence,
                device.evidence,
            )
        return
    has_data = bool(found.data or found.data_unlimited)
    named_pack = next((ln for ln in lines if _NAMED_DATA_PACK.search(ln.text)), None)
    if has_data and heading and (draft.kind == "pack" or _DATA_HEADING.search(heading)):
        draft.set("data_only", True, heading, "data_only")
    elif has_data and named_pack is not None:
        draft.set("data_only", True, named_pack.evidence, "data_only")


def _set_rollover(draft: Draft, rollover: Rollover) -> None:
    if rollover.conflict:
        draft.warn("rollover.status", "page says both yes and no", *rollover.conflict)
        return
    if rollover.status == "unknown" or not rollover.evidence:
        return
    draft.set("rollover_status", rollover.status, rollover.evidence, "rollover.status")
    draft.rollover_applies_to = list(rollover.applies_to)
    draft.rollover_lasts = rollover.lasts
    draft.rollover_conditions = list(rollover.conditions)
    draft.rollover_terms = rollover.evidence[:400]

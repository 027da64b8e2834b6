"""Entry point: page text -> one `Draft` per plan, every fact with the page span it came from."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TypeVar
from urllib.parse import urlsplit

from normalizer import names, patterns
from normalizer.annotate import Page, annotate
from normalizer.facts import Cand, Ctx, Found, period_statement, scan
from normalizer.lines import Line, page_lines
from normalizer.money import find_money
from normalizer.offers import SENTENCE_END, split_offers
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
T = TypeVar("T")
_VOICE_WORDS = patterns.compile(
    r"\bминут\w*|\bмин\b|\bminutes?\b|on-?net\s+calls|off-?net\s+calls|international\s+calls"
    r"|calls\s+to\s+other|calls\s+and\s+sms|звонк\w*|вызов\w*|қоңырау\w*|исходящ\w*",
    _I,
)
# Words of any tariff page; a text without one and without facts describes no plan at all.
_TARIFF_WORDS = patterns.compile(
    r"тариф|tariff|пакет|pack|топтама|\bгб\b|\bgb\b|\bмб\b|\bmb\b|мин|minute|\bsms\b|смс|₸|\bтг\b"
    r"|тенге|теңге|tenge|плата|төлем|\bfee\b|интернет|internet|\bdata\b|звонк|\bcalls?\b"
    r"|қоңырау|роуминг|roaming|esim|трафик|traffic",
    _I,
)
_PLAN_WORDS = patterns.compile(
    r"тариф|tariff|\bplan\b|абонент\w*|subscription|\bfee\b|төлем|ай\s+сайын|айына|в\s+месяц"
    r"|/\s*мес|per\s+month|a\s+month|monthly|в\s+неделю|per\s+week|a\s+week|аптасына",
    _I,
)
_DEVICE = patterns.compile(r"router|modem|роутер\w*|модем\w*|tablet|планшет\w*", _I)
_DATA_HEADING = patterns.compile(r"internet|интернет|\bdata\b|трафик|\bmb\b|\bgb\b|мб|гб", _I)
_NAMED_DATA_PACK = patterns.compile(
    r"интернет-пакет\w*\s+«|internet\s+pack\w*\s+«|data\s+pack\w*", _I
)


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
    scopes = split_offers(lines, heading or page_name) or split_plans(lines, heading or page_name)
    business = names.is_business(url, text)
    rollover = detect_rollover([ln.span for ln in lines])
    drafts = []
    # a heading or page name read from one offer's own lines is that offer's, not the page's
    owned = [ln.text for s in scopes if s.multi for ln in s.own]
    heading_owned = _within(heading, owned)
    name_owned = not title and _within(page_name, owned)
    spoken_for = _statements_by_offer(scopes, lines)
    page = Page(lines)
    shared = _SharedReads()
    for n, scope in enumerate(scopes):
        s_heading = None if scope.multi and heading_owned else heading
        s_name = None if scope.multi and name_owned else page_name
        draft = Draft(operator=operator, url=url, name=scope.name or s_name)
        draft.segment = "business" if business else "consumer"
        packish = names.is_pack(s_heading) or names.is_pack(s_name) or names.is_pack(scope.name)
        packish = packish or any(names.is_pack(ln.text) for ln in scope.own if ln.virtual)
        # a listed offer that names no fee is a pack (cards of plans word a fee or "тариф")
        packish = packish or (
            scope.listed and not any(_PLAN_WORDS.search(ln.text) for ln in scope.own)
        )
        draft.kind = "pack" if packish else "plan"
        draft.slug_hint = _slug_hint(draft.name, url)
        _fill(draft, scope, lines, ctx, s_heading, shared)
        _set_rollover(draft, _scope_rollover(scope, spoken_for.get(n, []), rollover, draft, shared))
        annotate(
            draft, scope.own, page, s_heading, [*scope.own, *scope.shared] if scope.multi else None
        )
        drafts.append(draft)
    if not any(d.evidence for d in drafts) and not _TARIFF_WORDS.search(text):
        return []
    return drafts


def _within(part: str | None, texts: list[str]) -> bool:
    return bool(part) and any(part in text for text in texts)  # type: ignore[operator]


def _slug_hint(name: str | None, url: str | None) -> str | None:
    """The URL's last path segment ('mozhno-vse-za-1880'), a stable id when the page has no name."""
    if name or not url:
        return None
    path = urlsplit(url).path
    parts = [re.sub(r"\.html?$", "", p) for p in path.split("/") if p]
    return parts[-1] if parts else urlsplit(url).hostname


class _SharedReads:
    """What the offers of one page read from the same lines (the page's shared lines, the
    sentences about several offers), read once: a page of many offers stays linear."""

    def __init__(self) -> None:
        self._scans: dict[tuple[tuple[int, ...], Ctx], Found] = {}
        self._rollovers: dict[tuple[str, ...], Rollover] = {}

    def scan(self, lines: list[Line], ctx: Ctx) -> Found:
        """`scan(lines, ctx)`; the caller must not change what it returns."""
        key = (tuple(map(id, lines)), ctx)  # the lines outlive the page's extraction
        if key not in self._scans:
            self._scans[key] = scan(lines, ctx)
        return self._scans[key]

    def rollover(self, lines: list[Line]) -> Rollover:
        """`detect_rollover` of the lines' spans; the caller must not change what it returns."""
        key = tuple(ln.span for ln in lines)
        if key not in self._rollovers:
            self._rollovers[key] = detect_rollover(list(key))
        return self._rollovers[key]


def _fill(
    draft: Draft,
    scope: PlanScope,
    lines: list[Line],
    ctx: Ctx,
    heading: str | None,
    reads: _SharedReads,
) -> None:
    own = scan(scope.own, replace(ctx, listed=scope.listed or draft.kind == "pack"))
    shared = reads.scan(scope.shared, ctx) if scope.multi else Found()
    # how often fees are charged, said once for the page: the offer's own lines and the page's
    # shared ones, never another offer's
    said = [*scope.own, *scope.shared] if scope.multi else lines
    statements = [
        Cand(period, ln.evidence) for ln in said if (period := period_statement(ln)) is not None
    ]
    prices = own.prices + [p for p in shared.prices if p.bound_mb is not None]
    if scope.multi:
        own.validity = own.validity or shared.validity
        if own.data:  # what happens once a quota is used up: said of offers that hold one
            own.throttle = own.throttle or shared.throttle
            own.blocked = own.blocked or shared.blocked
    quota = _single([d.mb for d in own.data])
    day_pack = names.is_day_pack(heading) or names.is_day_pack(draft.name)
    resolve_price(draft, prices, statements, day_pack=day_pack, quota_mb=quota)
    resolve_data(draft, own)
    resolve_voice_sms(draft, own)
    resolve_validity(draft, own)
    _pack_term(draft)
    if draft.data_quota_mb is None and not draft.data_unlimited:
        for span in unitless_data(scope.own):
            draft.warn("data.quota_mb", "data value without a unit (MB or GB?)", span)
    _set_data_only(draft, own, scope.own if scope.multi else lines, heading, scope.listed)


_DURATION = patterns.compile(
    r"(?P<n>\d+)\s*(?:календарн\w*\s+|calendar\s+)?"
    r"(?P<u>дн(?:я|ей)|days?|күн\w*|сут\w*|час\w*|hours?|сағат\w*)",
    _I,
)
_RECURRING = patterns.compile(
    r"в\s+месяц|/\s*мес|month|айына|ай\s+сайын|в\s+неделю|week|апта|every|кажды\w*|сайын"
    r"|\bper\b|/\s*\d",
    _I,
)


def _pack_term(draft: Draft) -> None:
    """A fee worded with a day count: 'каждые 30 дней' / 'every 30 days' bills every 30 days
    and the allowance lasts as long; a pack's '7 ГБ за 1990 тенге на 30 дней' lasts 30 days
    and is not billed again."""
    said = draft.evidence.get("price.period", "")
    days = _DURATION.search(said) if draft.price_period else None
    if days is None:
        return
    n, hours = int(days.group("n")), bool(re.match(r"час|hour|сағат", days.group("u"), _I))
    lasts = (f"P{n // 24}D" if n % 24 == 0 else f"PT{n}H") if hours else f"P{n}D"
    recurring = bool(_RECURRING.search(said))
    if not (recurring or draft.kind == "pack"):
        return  # a plan's "2990 тг за 30 дней": the billing period, nothing more
    if draft.validity is None:
        draft.set("validity", lasts, said, "validity")
    if not recurring:
        draft.price_period = None
        del draft.evidence["price.period"]


def _single(values: list[T]) -> T | None:
    distinct = set(values)
    return distinct.pop() if len(distinct) == 1 else None


def _set_data_only(
    draft: Draft, found: Found, lines: list[Line], heading: str | None, listed: bool
) -> None:
    """False when calls or SMS come with it, True for a data pack or data plan, else unknown.

    An offer of a list that gives data and no calls or SMS is data-only (its siblings say what
    else an offer would list); so is a router, modem or tablet plan with data and no calls."""
    has_data = bool(found.data or found.data_unlimited)
    device = next((ln for ln in lines if _DEVICE.search(ln.text)), None)
    # overage rates are not calls: not beside data in a list or a pack, nor on a router's page
    overage = bool((has_data and (listed or draft.kind == "pack")) or device)
    rates = [] if overage else found.voice_rates
    voice = found.onnet + found.offnet + found.intl + rates + found.sms
    evidence = voice[0].evidence if voice else None
    if evidence is None and not (listed and has_data):
        hit = next(
            (
                ln
                for ln in lines
                if _VOICE_WORDS.search(ln.text)
                and not (overage and any(m.rate for m in find_money(ln.text)))
            ),
            None,
        )
        evidence = hit.evidence if hit else None
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
    named_pack = next((ln for ln in lines if _NAMED_DATA_PACK.search(ln.text)), None)
    data_evidence = (found.data[0].evidence if found.data else None) or (
        found.data_unlimited[0].evidence if found.data_unlimited else None
    )
    named_device = next((n for n in (draft.name, heading) if n and _DEVICE.search(n)), None)
    if has_data and data_evidence and (listed or named_device):
        draft.set("data_only", True, named_device or data_evidence, "data_only")
    elif has_data and heading and (draft.kind == "pack" or _DATA_HEADING.search(heading)):
        draft.set("data_only", True, heading, "data_only")
    elif has_data and named_pack is not None:
        draft.set("data_only", True, named_pack.evidence, "data_only")


_QUOTED_NAME = patterns.compile(r"[«\"“][^»\"”]{2,60}[»\"”]")


def _statements_by_offer(scopes: list[PlanScope], lines: list[Line]) -> dict[int, list[Line]]:
    """Which of the page's shared lines speak about which offer: a sentence under a section
    heading is about the offers of that section (the ones above it, else the ones below it);
    on a page without sections, about every offer."""
    if not scopes or not all(s.multi and s.own for s in scopes):
        return {}
    if len(scopes) == 1:  # a table of one plan: the page's sentences are all about it
        return {0: [ln for ln in scopes[0].shared if not _describes_an_offer(ln)]}
    spans = [(min(ln.index for ln in s.own), max(ln.index for ln in s.own)) for s in scopes]
    shared = {ln.index: ln for s in scopes for ln in s.shared}
    owned = {ln.index for s in scopes for ln in s.own}
    # section headings: the shared lines' and those between offers that no offer owns
    headings = [
        ln.index
        for ln in lines
        if ln.index not in owned
        and len(ln.text) <= 60
        and not SENTENCE_END.search(ln.text)
        and not ln.value_like
    ]
    out: dict[int, list[Line]] = {}
    for i, ln in sorted(shared.items()):
        if _describes_an_offer(ln):
            continue  # another offer's own sentences (one we could not split out)
        head = max((h for h in headings if h < i), default=-1)
        targets = [n for n, (a, b) in enumerate(spans) if head < a and b < i]
        if not targets:
            nxt = min((h for h in headings if h > i), default=10**9)
            targets = [n for n, (a, _) in enumerate(spans) if i < a < nxt]
        for n in targets or range(len(scopes)):
            out.setdefault(n, []).append(ln)
    return out


def _describes_an_offer(line: Line) -> bool:
    """A line with a price and an allowance of its own describes one offer, not the page."""
    found = scan([line], Ctx("", None, line.index))
    held = len(found.data) + len(found.data_unlimited) + len(found.onnet or found.offnet)
    held += len(found.sms)
    return held >= 2 or bool(held and (found.prices or _QUOTED_NAME.search(line.text)))


def _scope_rollover(
    scope: PlanScope, statements: list[Line], page: Rollover, draft: Draft, reads: _SharedReads
) -> Rollover:
    """An offer's own rollover terms, else those of the page's sentences about it, when they
    are about what the offer holds (an expiry rule for data says nothing about minute packs)."""
    if not scope.multi:
        return page
    own = detect_rollover([ln.span for ln in scope.own])
    if own.status != "unknown" or own.conflict:
        return own
    shared = reads.rollover(statements)
    holds = {
        "data": draft.data_quota_mb is not None or bool(draft.data_unlimited),
        "voice": draft.voice_onnet is not None or draft.voice_offnet is not None,
        "sms": draft.sms_count is not None,
    }
    if shared.applies_to and not any(holds.get(a) for a in shared.applies_to):
        return Rollover()
    return shared


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

"""Read candidate facts out of lines: prices, allowances, unlimited, throttle, validity.

Every candidate keeps the page span it came from. Nothing is decided here about conflicts: the
resolver (`normalizer.resolve`) turns the candidates of one plan into a `Draft`, leaving a field
null with a warning when the page gives two different values.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from normalizer import decoys, memo, patterns
from normalizer.lines import Line, is_value_like
from normalizer.money import CURRENCY, find_money, rate_in
from normalizer.numbers import NUMBER, as_count, parse_number
from normalizer.periods import FEE_WORDS, PER_DAY, find_period, find_validity_at
from normalizer.quantities import QUANTITY, find_quantities
from normalizer.scope import mentions_apps, mentions_roaming, network_of, service_of
from normalizer.unlimited import FREE_WORDS, find_unlimited, is_negated

Count = int | Literal["unlimited"]
_I = re.IGNORECASE
_SENTENCE_END = patterns.compile(r"[.!?;](?=\s+[A-ZА-ЯӘҒҚҢӨҰҮҺІ«\"])")
_NEXT_PERIOD_MAX = 40
_DAILY_WORDS = patterns.compile(PER_DAY, _I)
_ONE_OFF = patterns.compile(
    r"activation\s+(?:fee|cost)|стоимость\s+подключения|плата\s+за\s+подключение|разов\w*"
    r"|one-?off|one-?time|біржолғы|единоразов\w*",
    _I,
)
_PRICE_WORDS = patterns.compile(r"стоимост\w*|\bцена\b|\bprice\b|\bcosts?\b|бағасы|құны|стоит", _I)
_NAME_PRICE = patterns.compile(rf"[»”]\s*за\s+(?P<num>{NUMBER})(?![\d\w])", _I)
_BARE_FEE = patterns.compile(
    rf"(?P<label>(?:fee|плата|төлем)\w*[^\d]{{0,40}}?)\s*[:*|]*\s*(?P<num>{NUMBER})"
    r"(?:\s*[-–*|])*\s*$",
    _I,
)
_QTY_FOR_MONEY = patterns.compile(
    rf"(?P<q>{NUMBER}\s?(?:gb|гб|mb|мб))\s+(?:for|за)\s+(?P<m>{NUMBER})\s*{CURRENCY}",
    _I,
)
_MINUTES_THEN_NUMBER = patterns.compile(
    r"(?P<ctx>минут\w*|minutes)\b(?P<rest>[^\d.]{3,90}?)[-–:]\s*(?P<num>\d+)\s*\.?\s*$", _I
)
_THROTTLE = patterns.compile(
    r"(?:до|to|than|не\s+более)\s*(?P<num>\d+(?:[.,]\d+)?)\s*(?P<u>кбит|kbit|kbps|кб/с|мбит|mbit)"
    # Kazakh puts "up to" after the speed: "128 кбит/с дейін төмендейді"
    r"|(?P<num_kk>\d+(?:[.,]\d+)?)\s*(?P<u_kk>кбит|kbit|мбит|mbit)\S*\s+дейін",
    _I,
)
_BLOCKED = patterns.compile(
    r"заблокирова\w*|блокиру\w*|бұғатта\w*|is\s+blocked|will\s+be\s+blocked", _I
)
_DIGIT = re.compile(r"\d")
_USED_UP = patterns.compile(r"израсход|used\s+up|шегінен|limit|лимит", _I)
_PAREN = re.compile(r"\s*\([^)]*\)")
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


# A fact's value (a count, "unlimited", a period code, True), named in this module: a dataclass
# compiled by mypyc (bench/bench_compiled.py) resolves its annotations among the module's names.
FactValue = object


@dataclass
class Cand:
    value: FactValue
    evidence: str


@dataclass
class DataCand:
    mb: Decimal
    per: str | None  # "P1D" when granted per day
    evidence: str


@dataclass
class PriceCand:
    amount: Decimal
    evidence: str
    period: str | None
    period_evidence: str | None
    tier: Literal["main", "fallback"]
    one_off: bool = False
    bound_mb: Decimal | None = None  # "2GB for 650tg": the price of the pack holding 2 GB


@dataclass
class Found:
    prices: list[PriceCand] = field(default_factory=list)
    period_statements: list[Cand] = field(default_factory=list)
    data: list[DataCand] = field(default_factory=list)
    data_unlimited: list[Cand] = field(default_factory=list)
    throttle: list[Cand] = field(default_factory=list)
    blocked: list[Cand] = field(default_factory=list)
    onnet: list[Cand] = field(default_factory=list)
    offnet: list[Cand] = field(default_factory=list)
    intl: list[Cand] = field(default_factory=list)
    sms: list[Cand] = field(default_factory=list)
    validity: list[Cand] = field(default_factory=list)
    apps: list[str] = field(default_factory=list)
    voice_rates: list[Cand] = field(default_factory=list)


@dataclass(frozen=True)
class Ctx:
    operator: str
    name_index: int | None  # the heading line: its money belongs to the name
    last_index: int
    listed: bool = False  # a listed offer or a pack: a bare amount there is the offer's price


# How far a value's sentence reaches either side: a bound, so a page of one long line costs linear
# time, not quadratic (a tariff sentence is far shorter).
_REACH = 400


def _cut_left(text: str) -> str:
    parts = _SENTENCE_END.split(text[-_REACH:])
    return parts[-1] if parts else text


def _cut_right(text: str) -> str:
    """Up to the end of the sentence, its stop kept ('в мес.' keeps the dot of its
    abbreviation)."""
    end = _SENTENCE_END.search(text, 0, _REACH) if text else None
    return text[: end.end()] if end else text[:_REACH]


def _sentence_of(text: str, start: int, end: int) -> str:
    return (
        _cut_left(text[max(0, start - _REACH) : start])
        + text[start:end]
        + _cut_right(text[end : end + _REACH])
    )


_CLAUSE = patterns.compile(r"\s(?:and|и|және|а\s+также|plus|а|but|но)\s|[,;]\s", _I)


def _clause_left(text: str) -> str:
    """'Unlimited calls to Beeline and ' -> '': the words of this value's own clause only."""
    return _CLAUSE.split(text)[-1]


def _clause_right(text: str) -> str:
    return _CLAUSE.split(text)[0]


def _first_network(parts: list[str], operator: str) -> str | None:
    for part in parts:
        net = network_of(part, operator)
        if net:
            return net
    return None


def _first_service(parts: list[str]) -> str | None:
    for part in parts:
        svc = service_of(part)
        if svc:
            return svc
    return None


def _mention_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start, m.end) for m in find_money(text)]
    spans += [(q.start, q.end) for q in find_quantities(text)]
    spans += [(m.start(), m.end()) for m in find_unlimited(text)]
    return sorted(spans)


def _around(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> tuple[str, str]:
    """The words between this value and its neighbours (`spans`, sorted), within its sentence."""
    at = bisect.bisect_left(spans, (start, start))
    prev_end = max((e for _s, e in spans[max(0, at - 8) : at + 1] if e <= start), default=0)
    after = bisect.bisect_left(spans, (end, -1))
    next_start = min((s for s, _e in spans[after : after + 8] if s >= end), default=len(text))
    prev_end, next_start = max(prev_end, start - _REACH), min(next_start, end + _REACH)
    return _cut_left(text[prev_end:start]), _cut_right(text[end:next_start])


def scan(lines: list[Line], ctx: Ctx, found: Found | None = None) -> Found:
    """Collect every candidate fact of `lines` into `found`."""
    found = found or Found()
    for line in lines:
        _scan_line(line, ctx, found)
    return found


def _scan_line(line: Line, ctx: Ctx, found: Found) -> None:
    text = line.text
    spans = _mention_spans(text)
    if _DIGIT.search(text) is None:  # no amount, size, day count or speed: the rules for words
        _scan_unlimited(line, ctx, found, spans)
        _free_price(line, found, listed=ctx.listed)
        _scan_blocked(line, found)
        _scan_included(line, ctx, found)
        return
    truncated = decoys.is_truncated(text, last=line.index == ctx.last_index and not line.virtual)
    _scan_quantities(line, ctx, found, spans, truncated)
    _scan_unlimited(line, ctx, found, spans)
    _scan_money(line, ctx, found, spans)
    validity = find_validity_at(text)
    if validity:
        found.validity.append(Cand(validity[0], line.evidence_at(validity[1], validity[2])))
    elif line.value_like and line.labels:  # 'Срок действия' / '7 дней': the label says what
        label = line.labels[0]
        validity = find_validity_at(f"{label} {text}")
        if validity and validity[2] > len(label) + 1:
            found.validity.append(Cand(validity[0], line.evidence))
    for m in _THROTTLE.finditer(text):
        value = parse_number(m.group("num") or m.group("num_kk")) or Decimal(0)
        unit = (m.group("u") or m.group("u_kk")).lower()
        kbps = value * (1000 if unit.startswith(("м", "m")) else 1)
        if decoys.is_top_speed(int(kbps), _sentence_of(text, m.start(), m.end())):
            continue
        if kbps > 0 and kbps == kbps.to_integral_value():
            found.throttle.append(Cand(int(kbps), line.evidence_at(m.start(), m.end())))
    _scan_blocked(line, found)
    # "Бесплатные минуты для звонков на номера других операторов - 120."
    then = _MINUTES_THEN_NUMBER.search(text)
    if then and not find_quantities(text[then.start("num") :]):
        net = network_of(then.group("rest"), ctx.operator)
        _add_minutes(found, net, int(then.group("num")), line.evidence_at(then.start(), then.end()))
    _scan_included(line, ctx, found)


def _scan_blocked(line: Line, found: Found) -> None:
    blocked = _BLOCKED.search(line.text)
    if blocked and _USED_UP.search(line.text):
        found.blocked.append(Cand(True, line.evidence_at(blocked.start(), blocked.end())))


def _add_minutes(found: Found, net: str | None, value: Count, evidence: str) -> None:
    if net == "onnet":
        found.onnet.append(Cand(value, evidence))
    elif net == "all":
        found.onnet.append(Cand(value, evidence))
        found.offnet.append(Cand(value, evidence))
    elif net == "offnet":
        found.offnet.append(Cand(value, evidence))
    elif net == "intl":
        found.intl.append(Cand(value, evidence))
    # Minutes that name no network stay unknown: on-net or off-net would be a guess.


def _scan_quantities(
    line: Line, ctx: Ctx, found: Found, spans: list[tuple[int, int]], truncated: bool
) -> None:
    text = line.text
    next_has_money = bool(line.next_text and find_money(line.next_text))
    for q in find_quantities(text):
        left, right = _around(text, q.start, q.end, spans)
        near = " ".join([left, *line.labels])
        paren = _PAREN.match(text[q.end :])
        if q.value == 1 and q.kind != "data" and (find_money(text) or next_has_money):
            continue  # "1 мин 8 теңге": the unit of a rate
        if q.kind == "data" and q.value == 1 and (find_money(text) or next_has_money):
            continue
        if decoys.is_promo(near) or (paren and decoys.is_promo(paren.group(0))):
            continue
        if truncated and q.end >= len(text.rstrip()) - 12:
            continue
        if q.kind == "data":
            if q.value <= 0 or mentions_apps(near) or mentions_roaming(near):
                continue
            if decoys.is_hotspot(near):
                continue
            per = q.per or ("P1D" if _DAILY_WORDS.search(left + " " + line.label_text) else None)
            found.data.append(DataCand(q.value, per, line.evidence_at(q.start, q.end)))
        elif q.kind == "minutes":
            if decoys.is_duration_cap(left) or decoys.is_time_of_day(
                text[max(0, q.start - 40) : q.start]
            ):
                continue
            count = as_count(q.value)
            if count is None:
                continue
            net = _first_network(
                [_clause_left(left), _clause_right(right), *line.labels, left], ctx.operator
            )
            if net in ("roaming", "landline", "corporate"):
                continue
            evidence = line.evidence_at(q.start, q.end)
            _add_minutes(found, net, count, evidence)
        elif q.kind == "sms":
            count = as_count(q.value)
            if count is not None and not mentions_roaming(near):
                found.sms.append(Cand(count, line.evidence_at(q.start, q.end)))


def _scan_unlimited(line: Line, ctx: Ctx, found: Found, spans: list[tuple[int, int]]) -> None:
    text = line.text
    for m in find_unlimited(text):
        left, right = _around(text, m.start(), m.end(), spans)
        sentence = f"{left}{m.group(0)}{right}"
        parts = [left, *line.labels, right]
        # '100 Гб интернета, безлимитные звонки …': the service is named in this value's own
        # clause, not in the one before the comma
        own_clause = [_clause_left(left), *line.labels, _clause_right(right)]
        service = _first_service(own_clause)
        net = _first_network(own_clause, ctx.operator) or _first_network(parts, ctx.operator)
        short = next((p for p in parts if network_of(p, ctx.operator)), "")
        if service is None and net in ("onnet", "offnet", "all", "intl") and len(short) <= 40:
            service = "voice"  # "на номера Beeline" / "Безлимит": a bare network label means calls
        evidence = line.evidence_at(m.start(), m.end())
        if service == "apps":
            found.apps.extend(_app_names(" ".join(parts)))
            continue
        if is_negated(sentence):
            continue
        if service == "sms":
            found.sms.append(Cand("unlimited", evidence))
        elif service == "voice":
            if net in ("onnet", "offnet", "all", "intl"):
                _add_minutes(found, net, "unlimited", evidence)
        elif service == "data":
            found.data_unlimited.append(Cand(True, evidence))


_APP_NAMES = patterns.compile(
    r"youtube(?:\s+kids)?|instagram|facebook|tiktok|whatsapp|telegram|viber|vkontakte|twitter"
    r"|twitch|netflix|snapchat|tinder|pinterest|odnoklassniki|одноклассники|beetv|kaznet|казнет",
    _I,
)


def _app_names(text: str) -> list[str]:
    return sorted({m.group(0).lower() for m in _APP_NAMES.finditer(text)})


def _scan_money(line: Line, ctx: Ctx, found: Found, spans: list[tuple[int, int]]) -> None:
    text = line.text
    labels = line.labels
    money = find_money(text)
    for mo in money:
        left, right = _around(text, mo.start, mo.end, spans)
        near = " ".join([left, right[:60], *labels])
        if mo.amount == 0:
            if mo.rate is None and (
                is_price_label(" ".join([left, *labels]))
                or (ctx.listed and _free_offer(line, left, mo.start))
            ):
                _free_price(line, found, (mo.start, mo.end))
                continue
            _free_calls(line, ctx, found, left, (mo.start, mo.end), mo.rate)
            continue
        if mo.rate or (labels and rate_in(labels[0], mo.amount)):
            if mo.rate == "min" or (mo.rate is None and service_of(near) == "voice"):
                found.voice_rates.append(Cand(mo.amount, line.evidence_at(mo.start, mo.end)))
            continue
        in_name = line.index == ctx.name_index and not line.virtual
        after = text[mo.end : mo.end + 25]
        if in_name and not find_period(after) and not find_validity_at(after):
            continue  # "Бәрі бар 840 тг": a number in the plan's name, not a fee
        _price_candidate(line, found, mo.amount, mo.start, mo.end, left, right, near, ctx.listed)
    # a rate ('4 тг/мин' beyond the pack) or a top-up ('Top up 5 000 tenge') is no price
    if all(mo.rate or decoys.is_topup_amount(text, mo.start, mo.end) for mo in money):
        _free_price(line, found, listed=ctx.listed)
    if not money:
        m = _BARE_FEE.search(text)
        if m and not find_quantities(m.group("label")):
            amount = parse_number(m.group("num"))
            if amount:
                left = text[: m.start("num")]
                near = " ".join([left, *labels])
                _price_candidate(
                    line, found, amount, m.start("num"), m.end("num"), left, "", near, ctx.listed
                )
    m = _NAME_PRICE.search(text)
    if m and not money:
        amount = parse_number(m.group("num"))
        if amount:
            evidence = line.evidence_at(m.start(), m.end())
            found.prices.append(PriceCand(amount, evidence, None, None, "main"))
    for m in _QTY_FOR_MONEY.finditer(text):
        q = find_quantities(m.group("q"))
        amount = parse_number(m.group("m"))
        if q and amount:
            evidence = line.evidence_at(m.start(), m.end())
            period = find_period(text[m.end() : m.end() + 25])
            found.prices.append(
                PriceCand(amount, evidence, period, evidence if period else None, "main",
                          one_off=period is None, bound_mb=q[0].value)
            )  # fmt: skip


@memo.cached(64)
def _bound_to_sizes(text: str) -> bool:
    """'2GB for 650tg' somewhere on the line: once per line, not once per amount."""
    return bool(_QTY_FOR_MONEY.search(text))


def _price_candidate(
    line: Line,
    found: Found,
    amount: Decimal,
    start: int,
    end: int,
    left: str,
    right: str,
    near: str,
    listed: bool = False,
) -> None:
    text = line.text
    if _bound_to_sizes(text):
        return  # bound to one pack's size, handled by the caller
    sentence = _sentence_of(text, start, end)
    around = " ".join([sentence, *line.labels])
    if (
        # a listed offer under 'Add-on data packs' is the add-on: only its own words can make
        # its amount another offer's
        decoys.is_addon(sentence if listed else around)
        or decoys.is_promo(near)
        or decoys.is_switch_fee(left)
        or decoys.is_device_price(around)
        or decoys.is_overage(around)
        or decoys.is_topup(left, right)
    ):
        return
    period, period_ev = _price_period(line, start, end, left)
    words = " ".join([left, right, *line.labels])
    fee = bool(FEE_WORDS.search(words) or _PRICE_WORDS.search(words))
    one_off = bool(_ONE_OFF.search(" ".join([left, *line.labels])))
    if not (fee or period or one_off or listed):
        return
    tier: Literal["main", "fallback"] = "fallback" if decoys.is_fallback(around) else "main"
    evidence = line.evidence_at(start, end)
    found.prices.append(PriceCand(amount, evidence, period, period_ev, tier, one_off))


_LABEL_END = re.compile(r"[|:]")


def _price_period(line: Line, start: int, end: int, left: str) -> tuple[str | None, str | None]:
    """The fee's period: right after the amount, then its sentence, the next line, its labels."""
    text = line.text
    after = text[end : end + 25]
    evidence = line.evidence_at(start, end)
    # the amount's own value, after its label ('Monthly fee: Аптасына 840 ₸', a table cell),
    # speaks first
    cell = _LABEL_END.split(left)[-1]
    for candidate in (after, cell, left, _sentence_of(text, start, end)):
        period = find_period(candidate)
        if period:
            return period, evidence
    nxt = line.next_text
    # the next line's period ('990 ₸' / '30 дней'), unless that line is an allowance of its own
    # (the next pack of a list: '5 Gb – free for 168 hours')
    if (
        nxt
        and len(nxt) <= _NEXT_PERIOD_MAX
        and is_value_like(nxt)
        and not find_money(nxt)
        and not any(q.kind in ("data", "minutes", "sms") for q in find_quantities(nxt))
        and not find_unlimited(nxt)
    ):
        period = find_period(nxt)
        if period:
            return period, nxt
    for label in line.labels:
        period = find_period(label)
        if period:
            return period, line.evidence
    return None, None


_PRICE_LABEL = patterns.compile(
    r"стоимост\w*|\bцена\b|\bprice\b|\bcost\b|бағасы|құны|абонентск\w*\s+плат\w*|\bfee\b"
    r"|төлем\w*|плата",
    _I,
)


def is_price_label(text: str) -> bool:
    """'Cost', 'Бағасы', 'Абонентская плата' (not 'Плата за звонки'): a free value beside it
    is a price of nothing; the splitters and the fact scanner ask the same question here."""
    return bool(_PRICE_LABEL.search(text)) and service_of(_PRICE_LABEL.sub(" ", text)) is None


def _free_price(
    line: Line, found: Found, where: tuple[int, int] | None = None, listed: bool = False
) -> None:
    """'Бағасы: тегін', 'Price: free', 'Стоимость: 0 ₸', or a listed pack '10 ГБ - тегін':
    the offer costs nothing."""
    if where is None:
        m = FREE_WORDS.search(line.text)
        if m is None:
            return
        before = line.text[: m.start()]
        # a listed offer's 'Free' on a line of its own, under no label, is its price
        alone = line.value_like and not line.labels and not before.strip(" -–—:")
        pack = listed and (_gives_allowance(before) or alone)
        if not (pack or is_price_label(" ".join([before, *line.labels]))):
            return
        where = (m.start(), m.end())
    evidence = line.evidence_at(*where)
    found.prices.append(PriceCand(Decimal(0), evidence, None, None, "main", one_off=True))


def _free_offer(line: Line, left: str, start: int) -> bool:
    """A listed offer's '0 ₸' on a line of its own or '12 ГБ за 0 тг': the offer is free (a
    '0 ₸' after a call type is free calls instead)."""
    if line.value_like and not left.strip(" -–—:"):
        return True
    return _gives_allowance(line.text[:start])  # '12 ГБ за 0 тг', 'Безлимитный интернет - 0 тг'


def _gives_allowance(text: str) -> bool:
    """Data or minutes, sized or unlimited: what a free pack's line names before 'free'/'0 ₸'."""
    return any(q.kind in ("data", "minutes") for q in find_quantities(text)) or bool(
        find_unlimited(text)
    )


def _free_calls(
    line: Line, ctx: Ctx, found: Found, left: str, where: tuple[int, int], rate: str | None
) -> None:
    """'0 т/мин' / '0 тенге' for a call type: those calls are free, i.e. unlimited."""
    if rate not in (None, "min"):
        return
    if any(q.kind == "minutes" for q in find_quantities(line.text)):
        return  # "400 минут 0 т/мин": the 0 is the price of the included minutes
    parts = [left, *line.labels]
    if rate is None and _first_service(parts) != "voice":
        return
    net = _first_network(parts, ctx.operator)
    if net in ("onnet", "offnet", "all"):
        _add_minutes(found, net, "unlimited", line.evidence_at(*where))


_INCLUDED = patterns.folded(
    r"(?<!не\s)(?:входят|входит|включены|включен)\s+в\s+(?:абонентск\w+\s+плат\w*|стоимость)"
    r"|(?<!not\s)(?:are|is)\s+included\s+in\s+the\s+(?:\w+\s+)?fee|төлемге\s+кіреді",
    _I,
)


def _scan_included(line: Line, ctx: Ctx, found: Found) -> None:
    """'Onnet calls are included in the daily fee.': unlimited calls of that kind."""
    if not _INCLUDED.may_occur_in(line.text):
        return
    for sentence in _SENTENCES.split(line.text):
        if not _INCLUDED.search(sentence) or QUANTITY.search(sentence):
            continue
        if service_of(sentence) != "voice":
            continue
        net = network_of(sentence, ctx.operator)
        if net in ("onnet", "offnet", "all"):
            start = line.text.find(sentence)
            evidence = line.evidence_at(start, start + len(sentence))
            _add_minutes(found, net, "unlimited", evidence)


def period_statement(line: Line) -> str | None:
    """A sentence about when the fee is charged ('Плата списывается 1-го числа каждого месяца')."""
    return _period_statement(line.text)


@memo.cached()
def _period_statement(text: str) -> str | None:
    if not FEE_WORDS.search(text):
        return None
    if any(m.rate is None and m.amount > 0 for m in find_money(text)):
        return None
    if decoys.is_fallback(text) or decoys.is_overage(text) or decoys.is_addon(text):
        return None
    return find_period(text)

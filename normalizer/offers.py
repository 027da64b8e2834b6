"""Offers before facts: find the separate offers a page lists, in shapes no brand module knows.

The splitters here run before the corpus-shaped ones in `normalizer.tables`:
- marked blocks: the HTML renderer marks repeated sibling elements (cards of any markup, list
  items) that each carry a price or an allowance (`OFFER_MARK` lines);
- tables flattened to text without pipes: a header of N plan names, then rows of a label
  (`Интернет, ГБ`, `Monthly fee, tg`) followed by N values;
- row-major tables (a header of column labels, one plan per row), units taken from the header;
- paragraphs that each name an offer (`Тариф «X» стоит …`, `The X plan costs …`);
- offer lines: several lines that each hold their own quantity and price (`7 ГБ за 1990 тенге`,
  `10 GB — 2 490 ₸`), grouped under the section headings above them (`Пакеты минут:`);
- label/value blocks under their own titles (`Easy Max` / `Subscription fee` / `1 990 tg`).
Every splitter returns None unless the page plainly has that shape, so a page with one plan keeps
all of its lines in one scope.
"""

from __future__ import annotations

import itertools
import math
import re

from normalizer import decoys, memo, names, patterns
from normalizer.facts import is_price_label
from normalizer.lines import Line, virtual_line
from normalizer.money import CURRENCY_WORD, find_money
from normalizer.quantities import find_quantities
from normalizer.scope import service_of
from normalizer.tables import PlanScope, row_cells
from normalizer.unlimited import FREE_WORDS, UNLIMITED, find_unlimited
from normalizer.vocabulary import DESCRIPTOR, UNIT_SLOT, label_value, unit_word

_I = re.IGNORECASE
_LETTERS = patterns.compile(r"[a-zA-Zа-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ]")


def split_offers(lines: list[Line], heading: str | None) -> list[PlanScope] | None:
    for splitter in (
        _marked_blocks,
        _label_rows,
        _row_table,
        _named_paragraphs,
        _offer_lines,
        _titled_blocks,
    ):
        scopes = splitter(lines, heading)
        if scopes:
            return scopes
    return None


# --- blocks the HTML renderer marked -------------------------------------------------------------


def _marked_blocks(lines: list[Line], heading: str | None) -> list[PlanScope] | None:
    by_block: dict[int, list[Line]] = {}
    shared: list[Line] = []
    for ln in lines:
        if ln.block is None:
            shared.append(ln)
        else:
            by_block.setdefault(ln.block, []).append(ln)
    blocks = []
    for block in by_block.values():
        lines_of = [ln for ln in block if _is_offer_line(ln)]
        if len(lines_of) >= 2 and all(ln in lines_of or not _has_fact(ln.text) for ln in block):
            blocks += [[ln] for ln in lines_of]  # one element holding a list of packs
            shared += [ln for ln in block if ln not in lines_of]
        else:
            blocks.append(block)
    shared.sort(key=lambda ln: ln.index)
    if len(blocks) < 2:
        return None
    # an offer on a line of its own beside the marked ones (a section holding one pack)
    single = [ln for ln in shared if _is_offer_line(ln)]
    shared = [ln for ln in shared if ln not in single]
    blocks += [[ln] for ln in single]
    blocks.sort(key=lambda b: b[0].index)
    for block in blocks:
        _under_section(block, shared)
    return [PlanScope(_block_name(b), b, shared, True, listed=True) for b in blocks]


def _under_section(block: list[Line], shared: list[Line]) -> None:
    """The heading above an offer ('Minute packs for calls to other networks:') says what the
    offer is: it becomes the last label of the offer's lines."""
    start = block[0].index
    above = [ln for ln in shared if ln.index < start]
    head = next((ln for ln in reversed(above) if _is_section_heading(ln)), None)
    if head is None:
        return
    for ln in block:
        if head.text not in ln.labels:
            ln.labels.append(head.text.rstrip(" :"))


SENTENCE_END = re.compile(r"[.!?]\s*$")  # a line that ends a sentence
_STANDALONE_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w.,])")
_NAME_WORD = re.compile(r"[^\W\d_]{3,}")


def _is_section_heading(line: Line) -> bool:
    text = line.text
    return (
        len(text) <= 80
        and not SENTENCE_END.search(text)
        and not find_money(text)
        and not find_quantities(text)
    )


def _block_name(block: list[Line]) -> str | None:
    """A card's title, or the offer's own words before its price ('7 ГБ за 1990 тенге')."""
    first = block[0].text
    sentence = names.NAMED.search(first) if SENTENCE_END.search(first) else None
    if sentence:  # 'The Router Smart+ plan. It includes unlimited data.'
        return sentence.group("name") or sentence.group("name2")
    if not block[0].value_like and len(first) <= 70 and not find_money(first):
        return first.strip(" :–-")
    named = names.QUOTED.search(first) or names.NAMED.search(first) if len(first) > 70 else None
    if named:  # a paragraph of its own that names the offer ('«Жастар» тарифі: 8 990 …')
        return named.group("name") or named.groupdict().get("name2")
    return _offer_head(first)


def _offer_head(text: str) -> str | None:
    """'7 ГБ за 1990 тенге' -> '7 ГБ': the offer's own words before its price (or before
    'Free' in 'Безлимитный интернет – Free, valid 1 day')."""
    money = [m for m in find_money(text) if not m.rate]
    free = FREE_WORDS.search(text) if not money else None
    cut = money[0].start if money else free.start() if free else len(text)
    head = _TRAILING_MARKS.sub("", text[:cut])
    head = _TRAILING_FOR.sub("", head).strip()
    return head or None


# --- tables flattened to lines of "label v1 v2 v3" ------------------------------------------------

_TRAILING_MARKS = re.compile(r"[\s:–—\-|•·,]+$")
_TRAILING_FOR = patterns.compile(r"\s+(?:за|for|—|-)$", _I)
_VALUE_TOKEN = patterns.compile(rf"\d+(?:[.,]\d+)?|[-–—]|{UNLIMITED.pattern}", _I)


@memo.cached()
def _is_value_token(token: str) -> bool:
    """'490', '—', 'Безлимит': one value of a flattened row (tokens repeat from row to row)."""
    return bool(_VALUE_TOKEN.fullmatch(token))


_JOIN = "\u2060"  # word joiner: holds a phrase together through str.split


def _row_tokens(text: str) -> list[str]:
    """The words of a flattened row, a multi-word unlimited value ('No limit', 'без
    ограничений') kept as one."""
    if not find_unlimited(text):
        return text.split()
    joined = UNLIMITED.sub(lambda m: _JOIN.join(m.group(0).split()), text)
    return [token.replace(_JOIN, " ") for token in joined.split()]


_MAX_GROUPINGS = 5000  # readings of one flattened row weighed at most (a row stays cheap)


_THREE = re.compile(r"\d{3}")


def _split_values(tail: str, n: int | None) -> list[str] | None:
    """'1 490 2 490 3 990' -> ['1490', '2490', '3990'] given n=3 (spaces also part thousands)."""
    tokens = _row_tokens(tail)
    if not tokens or not all(_is_value_token(t) for t in tokens):
        return None
    if n is None or len(tokens) == n:
        return [t for t in tokens]
    if n == 1:  # one plan's value: '1 290' is one number
        one = re.fullmatch(r"[1-9]\d{0,2}(?: \d{3})+", " ".join(tokens))
        return ["".join(tokens)] if one else None
    if n < 2 or len(tokens) < n or len(tokens) > 3 * n:
        return None  # no way to group them ("1 000 000" has three groups at most)
    if math.comb(len(tokens) - 1, n - 1) > _MAX_GROUPINGS:
        return None  # too many readings to weigh
    found: dict[tuple[int, int, int], list[list[str]]] = {}
    for cuts in itertools.combinations(range(1, len(tokens)), n - 1):
        groups = [tokens[a:b] for a, b in itertools.pairwise((0, *cuts, len(tokens)))]
        grouped = all(len(g) == 1 or all(_THREE.fullmatch(t) for t in g[1:]) for g in groups)
        grouped = grouped and not any(re.fullmatch(r"0\d+", g[0]) for g in groups)  # no "000"
        if grouped and all(re.fullmatch(r"[1-9]\d{0,2}", g[0]) for g in groups if len(g) > 1):
            # a million ("2 990 990") is far less likely than "2 990" and "990"; so is "100 100"
            # (100 100) against "1 000"
            unlikely = (
                sum(len(g) > 2 for g in groups),
                sum(len(g) > 1 and len(g[0]) == 3 for g in groups),
                # '1 500' read as 1 and 500: a lone digit before a three-digit group is its
                # thousands, the way prices and minutes are printed
                sum(
                    len(a) == 1
                    and len(a[0]) == 1
                    and a[0].isdigit()
                    and _THREE.fullmatch(b[0]) is not None
                    for a, b in itertools.pairwise(groups)
                ),
            )
            found.setdefault(unlikely, []).append(["".join(g) for g in groups])
    best = found[min(found)] if found else []
    return best[0] if len(best) == 1 else None


_ROW_HEAD = patterns.compile(r"^(?P<label>.*?[^\d\s][^\d]*?)\s+(?P<tail>(?:\S+\s*)+)$")


def _label_row(text: str, n: int | None) -> tuple[str, list[str]] | None:
    """'Интернет, ГБ 5 15 30' -> ('Интернет, ГБ', ['5', '15', '30'])."""
    if "|" in text:
        return None
    words = _row_tokens(text)
    start = len(words)  # where the run of value tokens that ends the line begins
    while start > 0 and _is_value_token(words[start - 1]):
        start -= 1
    for cut in range(max(start, 1), len(words) - (0 if n == 1 else 1)):
        label, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if not _LETTERS.search(label) or label[-1:].isdecimal():
            continue
        values = _split_values(tail, n)
        if values is not None and len(values) >= min(n or 2, 2):
            return label, values
    return None


def _ends_with_values(text: str, n: int = 2) -> bool:
    """A line `_label_row` can read: no cell pipes, and its last `n` tokens are values."""
    words = _row_tokens(text)
    return "|" not in text and len(words) >= n + 1 and all(map(_is_value_token, words[-n:]))


def _label_rows(lines: list[Line], heading: str | None) -> list[PlanScope] | None:
    for pos, line in enumerate(lines):
        header = lines[pos - 1] if pos else None
        one_plan = header is not None and bool(_NAME_COLUMN.match(header.text))
        if not (_ends_with_values(line.text) or (one_plan and _ends_with_values(line.text, 1))):
            continue  # no label row starts here, whatever the header says
        names, first = None, None
        if header is not None:  # the header's names say how many values a row holds
            words = len(header.text.split())
            for n in (words - 1, words):
                # one plan's column ('Name Max' / 'Monthly fee, tg 1 290') needs a name column
                first = _label_row(line.text, n) if n >= 2 or (n == 1 and one_plan) else None
                names = _header_names(header.text, n) if first else None
                if first and names:
                    break
        if not names:
            first = _label_row(line.text, None)
        if first is None or not DESCRIPTOR.search(first[0]):
            continue
        n = len(names) if names else len(first[1])
        rows: list[tuple[Line, str, list[str]]] = []
        for ln in lines[pos:]:
            row = _label_row(ln.text, n)
            if row is not None and len(row[1]) == n:
                rows.append((ln, *row))
            elif not _is_unread_row(ln.text, n):  # '… мин 300 20 100 90 60 300 150': 20 100
                break  # or 60 300? unknown, and the rows below it are still read
        if len(rows) < 2:
            continue
        used = {r[0].index for r in rows} | ({header.index} if names and header else set())
        shared = [ln for ln in lines if ln.index not in used]
        scopes = []
        for j in range(n):
            own = [
                virtual_line(label_value(label, values[j]), f"{label} | {values[j]}", ln.index)
                for ln, label, values in rows
                if values[j] not in "-–—"
            ]
            name = names[j] if names else None
            scopes.append(PlanScope(name, own, shared, True))
        return scopes
    return None


def _is_unread_row(text: str, n: int) -> bool:
    """A row of an n-plan table (a descriptor label, then more value tokens than plans) whose
    thousands groups can be read more than one way: its values stay unknown."""
    row = _label_row(text, None)
    return row is not None and bool(DESCRIPTOR.search(row[0])) and n < len(row[1]) <= 3 * n


_NAME_COLUMN = patterns.compile(r"^(?:name|plan|tariff|название|тариф|атауы)\s+\S", _I)


def _header_names(text: str, n: int) -> list[str] | None:
    """'Тариф Легкий Средний Большой' -> the last n words, when they are names."""
    if "|" in text or find_money(text) or find_quantities(text):
        return None
    words = text.split()
    if len(words) == n or (len(words) == n + 1 and not DESCRIPTOR.search(" ".join(words[1:]))):
        return words[-n:]
    return None


# --- row-major tables: a header of column labels, one plan per row --------------------------------


def _row_table(lines: list[Line], heading: str | None) -> list[PlanScope] | None:
    rows = [ln for ln in lines if ln.span.count("|") >= 2]
    for pos, header in enumerate(rows):
        labels = row_cells(header.span)
        described = [c for c in labels[1:] if c and DESCRIPTOR.search(c)]
        if len(labels) < 3 or not described:
            continue
        if find_money(header.text) or any(find_quantities(c) for c in labels):
            continue
        body: list[Line] = []
        for row in rows[pos + 1 :]:
            if row.index != (body[-1].index if body else header.index) + 1 and not _adjacent(
                lines, body[-1] if body else header, row
            ):
                break
            if len(row_cells(row.span)) != len(labels):
                break
            body.append(row)
        firsts = [row_cells(r.span)[0] for r in body]
        labelled_first = sum(bool(DESCRIPTOR.search(c)) for c in firsts)
        # one row under a header of descriptions is one plan, unless it labels its values
        if len(body) < 2 and not (body and len(described) >= 2 and not labelled_first):
            continue
        # the header describes columns more than the first column does: one plan per row
        # (else a column table, its first column holding the labels: normalizer.tables)
        if len(described) * len(firsts) <= labelled_first * (len(labels) - 1):
            continue
        used = {header.index} | {r.index for r in body}
        shared = [ln for ln in lines if ln.index not in used]
        scopes = []
        for row in body:
            cells = row_cells(row.span)
            own = [
                virtual_line(label_value(lab, cell), f"{lab} | {cell}", row.index)
                for lab, cell in zip(labels, cells, strict=True)
                if cell
            ]
            first = cells[0]
            if find_money(first) or find_quantities(first) or not _LETTERS.search(first):
                name = " ".join(x for x in (heading, label_value(labels[0], first)) if x)
                if labels[0] and UNIT_SLOT.search(labels[0]):
                    name = " ".join(x for x in (heading, _unit_value(labels[0], first)) if x)
            else:
                name = first
            scopes.append(PlanScope(name, own, shared, True, listed=True))
        return scopes
    return None


def _unit_value(label: str, value: str) -> str:
    slot = UNIT_SLOT.search(label)
    return f"{value} {unit_word(slot.group('unit'))}" if slot else value


def _adjacent(lines: list[Line], a: Line, b: Line) -> bool:
    between = [ln for ln in lines if a.index < ln.index < b.index]
    return all(not ln.text for ln in between)


# --- lines that each hold their own offer ---------------------------------------------------------

_SECTION = patterns.compile(r":\s*$")


def _is_offer_line(line: Line) -> bool:
    text = line.text
    if len(text) > 140 or "|" in line.span:
        return False
    money = [m for m in find_money(text) if not m.rate]
    allowance = [q for q in find_quantities(text) if q.kind in ("data", "minutes", "sms")]
    unlimited = find_unlimited(text)
    if not (allowance or unlimited):
        return False
    if not money:  # '10 ГБ - тегін', 'Безлимитный интернет – Free': a free pack is an offer too
        free = FREE_WORDS.search(text)
        first = min([q.end for q in allowance] + [u.end() for u in unlimited])
        return bool(free and free.start() > first)
    if len(money) != 1:
        return False
    return money[0].start > min((q.start for q in allowance), default=0) or bool(
        CURRENCY_WORD.search(text[: money[0].end])
    )


def _offer_lines(lines: list[Line], heading: str | None) -> list[PlanScope] | None:
    offers = [ln for ln in lines if _is_offer_line(ln)]
    if len(offers) < 2 and not (offers and _listed_under_packs(offers[0], lines)):
        return None
    sizes = {_offer_head(ln.text) for ln in offers}
    if len(sizes) < len(offers):
        return None  # the same offer worded twice, not a list of offers
    first, last = offers[0].index, offers[-1].index
    inside = [ln for ln in lines if first <= ln.index <= last and ln not in offers]
    # a sentence between the lines that states no value ('Unused minutes carry over.') is a
    # statement about the offers, shared like the page's other sentences, not a heading
    statements = [ln for ln in inside if SENTENCE_END.search(ln.text) and not _has_fact(ln.text)]
    if any(
        not (_SECTION.search(ln.text) or _is_heading(ln)) for ln in inside if ln not in statements
    ):
        return None  # prose between the lines: one plan described in sentences
    shared = [ln for ln in lines if not first <= ln.index <= last or ln in statements]
    scopes = []
    section: str | None = None
    for ln in lines:
        if ln in offers:
            if section and section not in ln.labels:
                ln.labels.append(section)
            own = [virtual_line(section, ln.span, ln.index), ln] if section else [ln]
            name = _offer_head(ln.text)
            scopes.append(PlanScope(name, own, shared, True, listed=True))
        elif ln.index <= last and ln not in statements:
            section = ln.text.rstrip(" :")
    return scopes


def _listed_under_packs(offer: Line, lines: list[Line]) -> bool:
    """'Data packs:' / '• 15 Gb – 390 тг на 7 дней': a list of packs that holds one (its heading
    names packs and states nothing itself)."""
    above = [ln for ln in lines if ln.index < offer.index]
    return bool(above) and _is_heading(above[-1]) and names.is_pack(above[-1].text)


def _is_heading(line: Line) -> bool:
    return len(line.text) <= 60 and not find_money(line.text) and not find_quantities(line.text)


# --- blocks under their own titles (label/value cards flattened to lines) -------------------------

_SELF_LABELLED = patterns.compile(r"^(?=[^:]*[^\W\d_]{2})[^:]{2,60}:\s*\S")
_CODE = patterns.compile(r"\*\d[\d*]*#")
_NOT_TITLE = patterns.compile(r"[.?!:;]$|^\W")


def _priced(text: str) -> bool:
    """A price of its own: an amount that is no rate or top-up ('Top up 2000 tenge to
    activate'), or 'Cost: free' / 'Бағасы: тегін'."""
    if any(
        not m.rate and not decoys.is_topup_amount(text, m.start, m.end) for m in find_money(text)
    ):
        return True
    free = FREE_WORDS.search(text)
    return bool(free and is_price_label(text[: free.start()]))


def _priced_line(line: Line) -> bool:
    """`_priced`, or a free value under a price label ('Cost' / 'Free')."""
    if _priced(line.text):
        return True
    return bool(line.labels and FREE_WORDS.search(line.text) and is_price_label(line.labels[0]))


_NAME_SHAPE = re.compile(r"\s(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]|\S*\d)")


def _name_shaped(title: str) -> bool:
    """'Modem Go Plus', 'Роутер Мой город', 'Family 1880' read as an offer's name; 'Бонус за
    подключение', 'Welcome bonus' as a section of the offer above."""
    return bool(_NAME_SHAPE.search(title.strip()))


_KIND_OF_SERVICE = {"data": "data", "voice": "minutes", "sms": "sms"}


def _allowance_kinds(lines: list[Line]) -> set[str]:
    """The kinds of allowance the lines state (data, minutes, SMS), sized or unlimited
    ('Мобильный интернет' / 'БЕЗЛИМИТ' is data)."""
    kinds: set[str] = {
        q.kind
        for ln in lines
        for q in find_quantities(ln.text)
        if q.kind in ("data", "minutes", "sms")
    }
    for ln in lines:
        if find_unlimited(ln.text):
            service = service_of(" ".join([*ln.labels[:1], ln.text]))
            kinds.add(_KIND_OF_SERVICE.get(service or "", ""))
    return kinds - {""}


def _holds(text: str) -> bool:
    """An allowance: data, minutes, SMS or an unlimited word."""
    return bool(
        find_unlimited(text)
        or any(q.kind in ("data", "minutes", "sms") for q in find_quantities(text))
    )


def _has_fact(text: str) -> bool:
    return bool(
        find_money(text)
        or any(q.kind in ("data", "minutes", "sms") for q in find_quantities(text))
        or find_unlimited(text)
    )


def _is_label(pos: int, lines: list[Line]) -> bool:
    """'Цена' above '2 490 тг.': a line with no value whose next line is a bare value."""
    if pos + 1 >= len(lines):
        return False
    text = lines[pos].text
    if _has_fact(text) or len(text) > 60 or _CODE.search(text) or text.endswith((".", "!", "?")):
        return False  # a sentence labels nothing
    if _STANDALONE_NUMBER.search(text):
        return False  # "Жылдамдығы 20 Мбит/с дейін" states a value of its own
    if names.PAGE_HEADING.match(text):  # "Тарифы" heads a page, it labels no value
        return False
    nxt = lines[pos + 1]
    states = _has_fact(nxt.text) or _priced(f"{text} {nxt.text}")  # 'Cost' / 'Free' too
    return nxt.value_like and states and not _SELF_LABELLED.match(nxt.text)


def _is_title(pos: int, lines: list[Line]) -> bool:
    """A short line holding no value, that is not the label of the value line below it; or a
    name with a size in it ('Интернет-пакет 25 GB') that follows a value and heads a label."""
    line = lines[pos]
    text = line.text
    if line.virtual or len(text) > 60 or _NOT_TITLE.search(text) or _SELF_LABELLED.match(text):
        return False
    if _CODE.search(text) or (find_quantities(text) and not _has_name_word(text)):
        return False  # "Dial *707*3#", "1 день": an instruction or a value, not a name
    if "|" in line.span or names.is_generic(text) or (pos > 0 and _is_label(pos - 1, lines)):
        return False  # the value of the label above it
    nxt = lines[pos + 1] if pos + 1 < len(lines) else None
    if _has_fact(text):
        heads_facts = _is_label(pos + 1, lines) or bool(
            nxt and _SELF_LABELLED.match(nxt.text) and (_has_fact(nxt.text) or _priced(nxt.text))
        )
        # a name leads with its words ('Интернет-пакет 25 GB'); '450 мин. на номера
        # Beeline' leads with its value: an allowance, not a title
        qty = find_quantities(text)
        leads = not qty or bool(_NAME_WORD.search(text[: qty[0].start]))
        # 'activ және Kcell нөмірлеріне шектеусіз' ends with its value: a fact, no name
        unlim = find_unlimited(text)
        if unlim and unlim[-1].start() > 0 and not text[unlim[-1].end() :].strip():
            return False
        # 'Unlimited calls to Tele2 and Altel numbers' leads with its value: calls, no name
        leads_unlimited = unlim and not _NAME_WORD.search(text[: unlim[0].start()])
        if leads_unlimited and service_of(text) in ("voice", "sms"):
            return False
        return heads_facts and not find_money(text) and _has_name_word(text) and leads
    if DESCRIPTOR.fullmatch(text.strip()):
        return False
    if nxt is None or (not _has_fact(nxt.text) and _is_title_text(nxt.text) is False):
        return nxt is not None and not nxt.value_like
    return not (nxt.value_like and not _SELF_LABELLED.match(nxt.text))


_PERIOD_WORD = patterns.compile(
    r"/\s*\w+|\b(?:в|per|a)\s+(?:день|сутки|неделю|месяц|day|week|month)\b", _I
)


def _has_name_word(text: str) -> bool:
    """'Интернет-пакет 25 GB' names an offer; '20 мин/апта' is only a value."""
    rest = text
    for q in sorted(find_quantities(text), key=lambda q: -q.start):
        rest = rest[: q.start] + " " + rest[q.end :]
    rest = _PERIOD_WORD.sub(" ", UNLIMITED.sub(" ", rest))
    return bool(_NAME_WORD.search(rest))


def _labelled(title: int, lines: list[Line]) -> bool:
    """The title's block opens with label and value ('Internet' / '20 ГБ', 'Texts: 500'), as
    an offer's card does; a section of sentences under a heading is no offer."""
    nxt = title + 1
    if nxt >= len(lines):
        return False
    return _is_label(nxt, lines) or bool(
        _SELF_LABELLED.match(lines[nxt].text) and _has_fact(lines[nxt].text)
    )


def _is_title_text(text: str) -> bool:
    return len(text) <= 60 and not _NOT_TITLE.search(text) and not _has_fact(text)


def _titled_blocks(lines: list[Line], heading: str | None) -> list[PlanScope] | None:
    titles = [i for i in range(len(lines)) if _is_title(i, lines)]
    if len(titles) < 2:
        return None
    blocks: list[tuple[int, int]] = []
    for a, b in itertools.pairwise([*titles, len(lines)]):
        if any(_has_fact(ln.text) for ln in lines[a + 1 : b]):
            blocks.append((a, b))
    offers: list[tuple[int, int]] = []
    unpriced: list[tuple[int, int]] = []  # titled blocks of one allowance and no price
    priced_offers = 0
    # on a page that plainly lists offers (two priced blocks), a labelled block with a single
    # allowance is one more offer ("Tablet Go / Internet / 12 GB")
    listing = (
        sum(
            any(_priced_line(ln) for ln in lines[a + 1 : b])
            and any(_holds(ln.text) for ln in lines[a + 1 : b])
            for a, b in blocks
        )
        >= 2
    )
    for a, b in blocks:
        body = lines[a + 1 : b]
        facts = [ln for ln in body if _has_fact(ln.text)]
        if sum(_is_offer_line(ln) for ln in body) >= 2:
            return None  # a section of listed packs, read by _offer_lines
        priced = any(_priced_line(ln) for ln in body)
        holds = any(
            find_unlimited(ln.text) or any(q.kind != "days" for q in find_quantities(ln.text))
            for ln in facts
        )
        if priced and holds:  # a block of its own: what it costs and what it gives
            offers.append((a, b))
            priced_offers += 1
        elif offers and offers[-1][1] == a and (DESCRIPTOR.search(lines[a].text) or not facts):
            offers[-1] = (offers[-1][0], b)  # a sub-heading ("Texts") inside the offer above
        elif not priced and _labelled(a, lines):  # an offer whose price the page does not state
            if sum(_holds(ln.text) for ln in facts) >= (1 if listing else 2):
                offers.append((a, b))
            else:
                unpriced.append((a, b))
    # a data quota (or minutes, SMS) under a title of its own, where a priced offer states one
    # too, is another offer's: a card stating one allowance beside a full one
    stated = _allowance_kinds([ln for a, b in offers for ln in lines[a:b]])
    offers += [
        (a, b)
        for a, b in unpriced
        if _name_shaped(lines[a].text) and _allowance_kinds(lines[a + 1 : b]) & stated
    ]
    offers.sort()
    if len(offers) < 2 or not priced_offers:
        return None
    used = {i for a, b in offers for i in range(a, b)}
    shared = [ln for i, ln in enumerate(lines) if i not in used]
    return [
        PlanScope(lines[a].text.strip(" :–-"), lines[a + 1 : b], shared, True, listed=True)
        for a, b in offers
    ]


# --- paragraphs that each describe a named offer -------------------------------------------------


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    out: list[list[Line]] = []
    for ln in lines:
        if out and not ln.virtual and ln.index == out[-1][-1].index + 1:
            out[-1].append(ln)
        else:
            out.append([ln])
    return out


def _names(text: str) -> bool:
    return bool(names.QUOTED.search(text) or names.NAMED.search(text))


def _named_paragraphs(lines: list[Line], heading: str | None) -> list[PlanScope] | None:
    """'Тариф «X» стоит 1690 тенге в месяц. В пакет входят: …' paragraph after paragraph."""
    named: list[tuple[str, list[Line], bool, int]] = []  # name, paragraph, priced, allowances
    for para in _paragraphs(lines):
        while len(para) > 1 and not _has_fact(para[0].text) and not _names(para[0].text):
            para = para[1:]  # a heading above the paragraph ('Tariffs') is the page's
        text = " ".join(ln.text for ln in para)
        name = names.QUOTED.search(text) or names.NAMED.search(text)
        if not name:
            continue  # an offer's paragraph names it
        # an unlimited allowance weighs as a sized one does ('unlimited data and unlimited calls')
        holds = sum(_holds(ln.text) for ln in para) + sum(
            1 for q in find_quantities(text) if q.kind in ("data", "minutes", "sms")
        )
        holds += len(find_unlimited(text))
        if holds:
            found = name.groupdict().get("name") or name.groupdict().get("name2") or ""
            named.append((found.strip(), para, _priced(text), holds))
    plain = [n for n in named if n[2] or n[3] >= 2]
    # on a page that lists named offers, a named paragraph with one allowance is one more
    # ("The Router plan. It includes unlimited data.")
    listed = named if len(plain) >= 2 else plain
    offers = [(name, para) for name, para, _priced_, _holds_ in listed]
    priced_offers = sum(n[2] for n in listed)
    # offers the page names and fills with allowances each need no price to be told apart
    full = all(n[3] >= 2 for n in listed)
    if len(offers) < 2 or not (priced_offers or full) or len({n for n, _ in offers}) < len(offers):
        return None
    used = {ln.index for _, para in offers for ln in para}
    shared = [ln for ln in lines if ln.index not in used]
    return [PlanScope(name, para, shared, True, listed=True) for name, para in offers]

"""One page, several plans: split tables and repeated blocks into one scope per plan.

Shapes handled (all seen on the operators' sites):
- column-major tables whose header row names the plans ("| Услуга | Карт Бланш+ 2 000 | ..."),
  including continuation rows that lost their label cell;
- numeric row tables with the units only in the header ("Daily data bonus allowance, MB Daily
  fee, ₸ ..." then "10 29 4 ₸/MB Closed") or rows that describe themselves ("25 SMS + 25 MB 30 days
  250 *888*4*1*2#");
- repeated value blocks ("45 МБ/ day" / "39 ₸/ day" / "4 ₸/1 МБ", then the next size);
- one sentence covering several plan families ("7 Гб по тарифным планам «A», «B» и 30 Гб по ...").
A scope has the plan's own lines and the page's shared lines (terms that apply to every plan).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from normalizer import patterns
from normalizer.lines import Line, virtual_line
from normalizer.money import find_money
from normalizer.numbers import NUMBER, clean_text
from normalizer.quantities import find_quantities
from normalizer.vocabulary import UNIT_SLOT, label_value

_I = re.IGNORECASE
_USSD = patterns.compile(r"\*[\d*#]+#?(?:\s*ok)?", _I)
_LETTERS = patterns.compile(r"[a-zA-Zа-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ]")


@dataclass
class PlanScope:
    name: str | None
    own: list[Line]
    shared: list[Line] = field(default_factory=list)
    multi: bool = False  # one of several plans on the page
    listed: bool = False  # an offer of a list: a bare amount in its lines is its price


def split_plans(lines: list[Line], heading: str | None) -> list[PlanScope]:
    """One scope per plan; a page with a single plan gives one scope holding every line."""
    for splitter in (_column_table, _numeric_rows, _repeated_blocks, _families):
        scopes = splitter(lines, heading)
        if scopes:
            return scopes
    return [PlanScope(None, lines)]


# --- column-major tables -------------------------------------------------------------------


def row_cells(raw: str) -> list[str]:
    inner = clean_text(raw).strip().strip("|")
    return [c.strip() for c in inner.split("|")]


# Header cells that describe a column's contents rather than name a plan.
_COLUMN_WORDS = patterns.compile(
    r"\bwhen\b|если|когда|tenge|тенге|теңге|₸|\bтг\b|\bvat\b|ндс|ққс|\bfee\b|плата|төлем|\brate\b"
    r"|стоимост\w*|\bцена\b|\bprice\b|validity|срок|code|код|activation|активац\w*",
    _I,
)


def _shape(cell: str) -> str:
    return re.sub(r"\d[\d ]*(?:[.,]\d+)?", "#", cell).strip().lower()


def _names_plans(cells: list[str]) -> bool:
    """A header row of plan names: two or more, or one beside an empty corner cell
    ('| | Premier Max |', a card printed as a table)."""
    names = [c for c in cells[1:] if c]
    if not names or not all(_LETTERS.search(c) for c in names):
        return False
    return len(names) >= 2 or (not cells[0] and len(cells) == 2)


def _column_table(lines: list[Line], heading: str | None) -> list[PlanScope] | None:
    rows = [ln for ln in lines if ln.span.count("|") >= 3]
    header_pos = next((i for i, ln in enumerate(rows) if _names_plans(row_cells(ln.span))), None)
    if header_pos is None:
        return None
    header = rows[header_pos]
    head_cells = row_cells(header.span)
    names = [c for c in head_cells[1:] if c]
    widths = [len(row_cells(r.span)) for r in rows[header_pos + 1 :]]
    if widths and max(set(widths), key=widths.count) == len(head_cells) + 1:
        names = [c for c in head_cells if c]  # the corner cell was not rendered at all
    n = len(names)
    if any(_COLUMN_WORDS.search(name) for name in names):
        return None  # "When daily fee is paid, tenge": columns of conditions, not of plans
    body = [row_cells(r.span) for r in rows[header_pos + 1 :]]
    if sum(bool(re.match(r"\d", cells[0])) for cells in body) * 2 >= max(len(body), 1):
        return None  # rows start with sizes: one plan per row, see _numeric_rows
    own: list[list[Line]] = [[] for _ in names]
    used = {header.index}
    label = ""
    for row in rows[header_pos + 1 :]:
        cells = row_cells(row.span)
        if len(cells) < n:
            continue
        continuation = (
            len(cells) > 1
            and bool(re.search(r"\d", cells[0]))
            and _shape(cells[0]) == _shape(cells[1])
        )
        if continuation:
            values = cells[:n]
        else:
            label, values = cells[0], cells[1 : n + 1]
        used.add(row.index)
        for j, value in enumerate(values):
            if value:
                cell = f"{label} | {value}"  # evidence: the cell with its row label
                own[j].append(virtual_line(label_value(label, value), cell, row.index))
    if not any(own):
        return None
    shared = [ln for ln in lines if ln.index not in used]
    return [PlanScope(name, own[j], shared, True) for j, name in enumerate(names)]


# --- numeric row tables --------------------------------------------------------------------

_SLOT = patterns.compile(rf"(?P<label>[^,()]*?)\s*{UNIT_SLOT.pattern}", _I)
_ROW = patterns.compile(r"^\d")
_LEADING_QTY = patterns.compile(
    rf"^\s*(?P<q>(?:{NUMBER})\s?(?:sms|смс|mb|мб|gb|гб|mms|ммс|мин\w*|min\w*)"
    rf"(?:\s*\+\s*(?:{NUMBER})\s?(?:sms|смс|mb|мб|gb|гб|mms|ммс|мин\w*|min\w*))*)",
    _I,
)
_PLAIN_NUMBER = patterns.compile(r"(?<![\d.,*#])\d+(?:[.,]\d+)?(?![\d*#])")


def _is_row(line: Line) -> bool:
    text = _USSD.sub(" ", line.text)
    if "|" in line.span:
        cells = [c for c in row_cells(line.span) if c]
        return len(cells) >= 2 and bool(_ROW.match(cells[0]))
    return bool(_ROW.match(text)) and len(_PLAIN_NUMBER.findall(text)) >= 3


def _numeric_rows(lines: list[Line], heading: str | None) -> list[PlanScope] | None:
    for pos, line in enumerate(lines):
        if pos == 0 or not _is_row(line) or _is_row(lines[pos - 1]):
            continue
        run = [line]
        for nxt in lines[pos + 1 :]:
            if not _is_row(nxt):
                break
            run.append(nxt)
        if len(run) < 2:
            continue
        header = lines[pos - 1]
        if not _LETTERS.search(header.text):
            continue
        slots = [(m.group("label").strip(), m.group("unit")) for m in _SLOT.finditer(header.text)]
        used = {header.index} | {r.index for r in run}
        shared = [ln for ln in lines if ln.index not in used]
        if "|" in header.span and all("|" in r.span for r in run):
            scopes = [_cell_row_scope(r, row_cells(header.span), heading) for r in run]
        else:
            scopes = [_row_scope(r, header, slots, heading) for r in run]
        for scope in scopes:
            scope.shared = shared
        return scopes
    return None


_VALIDITY_HEADER = patterns.compile(r"valid|срок|действ|жарамды", _I)


def _row_scope(
    row: Line, header: Line, slots: list[tuple[str, str]], heading: str | None
) -> PlanScope:
    text = _USSD.sub(" ", row.text)
    taken: list[tuple[int, int]] = [(m.start, m.end) for m in find_money(text)]
    quantities = find_quantities(text)
    taken += [(q.start, q.end) for q in quantities]
    virtual: list[str] = []
    lead = _LEADING_QTY.match(text)
    if lead:
        virtual.append(lead.group("q"))
        taken.append((lead.start("q"), lead.end("q")))
    validity_header = _VALIDITY_HEADER.search(header.text)
    for q in quantities:
        if q.kind in ("days", "hours"):
            virtual.append(f"valid for {q.text}" if validity_header else q.text)
        elif not lead or q.start >= lead.end():
            virtual.append(q.text)
    virtual += [m.text for m in find_money(text)]
    bare = [
        m for m in _PLAIN_NUMBER.finditer(text) if not any(s <= m.start() < e for s, e in taken)
    ]
    first_slot_value: str | None = None
    for (label, unit), m in zip(slots, bare, strict=False):
        virtual.append(f"{label} {m.group(0)} {unit}")
        first_slot_value = first_slot_value or f"{m.group(0)} {unit}"
    if lead:
        name = lead.group("q").strip()
    else:
        name = " ".join(x for x in (heading, first_slot_value) if x) or None
    own = [virtual_line(v, row.span, row.index) for v in virtual]
    return PlanScope(name, own, [], True)


_HEADER_UNIT = UNIT_SLOT
_MONEY_HEADER = patterns.compile(
    r"\bfee\b|\bcost\b|\bprice\b|плата|стоимост\w*|цена|төлем|бағасы", _I
)


def _cell_row_scope(row: Line, header: list[str], heading: str | None) -> PlanScope:
    """A table row whose header names the columns: '10 | 29 | 4 ₸/MB | Closed |'."""
    virtual: list[str] = []
    name: str | None = None
    for pos, cell in enumerate(c for c in row_cells(row.span)):
        label = header[pos] if pos < len(header) else ""
        value = _USSD.sub(" ", cell).strip()
        if not value or not re.search(r"\d", value):
            continue
        bare = re.fullmatch(rf"(?P<num>{NUMBER})\**", value)
        if bare:
            unit = _HEADER_UNIT.search(label)
            head = _HEADER_UNIT.sub("", label).strip(" *")
            if unit:
                text = f"{head} {bare.group('num')} {unit.group('unit')}"
            elif _MONEY_HEADER.search(label):
                text = f"{head} {bare.group('num')} тенге"
            else:
                continue
            virtual.append(text)
            if pos == 0 and unit:
                name = " ".join(
                    x for x in (heading, f"{bare.group('num')} {unit.group('unit')}") if x
                )
        else:
            virtual.append(f"{label}: {value}" if label else value)
            if pos == 0:
                name = value
    own = [virtual_line(v, row.span, row.index) for v in virtual]
    return PlanScope(name, own, [], True)


# --- repeated value blocks -------------------------------------------------------------------


def _data_anchor(line: Line) -> bool:
    """A line that is nothing but a data size ('45 МБ/ day', '2 GB'): the head of an offer."""
    found = [q for q in find_quantities(line.text) if q.kind == "data"]
    if len(found) != 1:
        return False
    rest = line.text[: found[0].start] + line.text[found[0].end :]
    return not _LETTERS.search(rest) and not re.search(r"\d", rest)


def _repeated_blocks(lines: list[Line], heading: str | None) -> list[PlanScope] | None:
    anchors = [i for i, ln in enumerate(lines) if _data_anchor(ln)]
    if len(anchors) < 2:
        return None
    values = {
        next(q.value for q in find_quantities(lines[i].text) if q.kind == "data") for i in anchors
    }
    if len(values) < len(anchors):
        return None
    first, last = anchors[0], anchors[-1]
    if not all(ln.value_like for ln in lines[first:last]):
        return None
    end = last + 1
    while end < len(lines) and lines[end].value_like and not _data_anchor(lines[end]):
        end += 1
    bounds = [*anchors, end]
    used = set(range(first, end))
    shared = [ln for i, ln in enumerate(lines) if i not in used]
    scopes = []
    for a, b in itertools.pairwise(bounds):
        name = " ".join(x for x in (heading, lines[a].text) if x)
        scopes.append(PlanScope(name, lines[a:b], shared, True))
    return scopes


# --- one sentence, several plan families ------------------------------------------------------

_FAMILY = patterns.compile(
    rf"(?P<q>{NUMBER}\s?(?:ГБ|Гб|GB|Gb|МБ|MB))\s+по\s+тарифн\w+\s+план\w+\s+"
    r"(?P<names>.+?)(?=\s+и\s+\d|,\s+(?:услуга|а|но)\b|[.;]|$)",
)


def _families(lines: list[Line], heading: str | None) -> list[PlanScope] | None:
    for line in lines:
        matches = list(_FAMILY.finditer(line.text))
        if len(matches) < 2:
            continue
        scopes = []
        for m in matches:
            parts = re.split(r"»\s*,\s*«|,\s*|\s+и\s+", m.group("names"))
            names = [n.strip(' «»"') for n in parts]
            name = " / ".join(n for n in names if n)
            own = [virtual_line(f"{name}: {m.group('q')}", line.span, line.index)]
            shared = [ln for ln in lines if ln is not line]
            scopes.append(PlanScope(name, own, shared, True))
        return scopes
    return None

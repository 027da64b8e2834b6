"""Page text as lines that know their labels.

Pages put a label on one line and its value on the next ("на номера Beeline" / "Безлимит",
"Абонентская плата |" / "4990 тг в месяц | |", "1000" / "ТГ/МЕСЯЦ"). A *value line* holds little
but numbers, units, periods and unlimited words; its labels are the nearest text lines above it
(blank, dash and empty-cell lines skipped). Each `Line` keeps the exact page text for evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalizer import memo, patterns
from normalizer.money import CURRENCY, CURRENCY_WORD, MONEY, find_money
from normalizer.numbers import NUMBER_RE, clean_text
from normalizer.periods import find_periods
from normalizer.quantities import QUANTITY, quantity_matches
from normalizer.unlimited import FREE_WORDS, UNLIMITED, find_unlimited

_L = r"a-zA-Zа-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ"
_WORD = patterns.compile(rf"[{_L}][{_L}\-']*")
_PROMO_PAREN = patterns.compile(r"\((?:алғашқы|первые|first)[^)]*\)", re.IGNORECASE)
_PERIOD_WORDS = patterns.compile(
    r"в\s+мес\w*|в\s+сутки|в\s+день|в\s+неделю|мес\w*|айына|аптасына|апта|тәулігіне|день|day"
    r"|month|week|сутки|каждые|недел\w*|(?:ай|күн|апта)\s+сайын|(?:per|a)\s+(?:day|week|month)"
    rf"|/\s*ай(?![{_L}])",
    re.IGNORECASE,
)
_CURRENCY_LEAD = patterns.compile(rf"^\s*{CURRENCY}", re.IGNORECASE)
_TRAILING_PIPES = re.compile(r"(?:\s*\|\s*)+$")
_LEADING_PIPES = re.compile(r"^(?:\s*\|\s*)+")
_PIPE_RUN = re.compile(r"\s*\|(?:\s*\|)+\s*")
_LIST_MARK = re.compile(r"^(?:[-–—•·*]|\d+\.)\s+")
_DECIMAL_START = re.compile(r"^\d+\.\d")
_SPACE_RUN = re.compile(r"\s{2,}")
_BLANK = re.compile(r"[-–—•|\s]*")
MAX_LABELS = 2
# Lines the HTML renderer writes around each repeated offer element (a card, a list item).
OFFER_MARK = "\u2042offer"
OFFER_END = "\u2042end"


@dataclass
class Line:
    text: str  # cleaned text that rules read
    span: str  # exact page text, for evidence
    index: int
    value_like: bool = False
    labels: list[str] = field(default_factory=list)  # nearest first
    label_span: str | None = None  # exact page text from the nearest label down to this line
    next_text: str | None = None  # the next non-blank line's text
    virtual: bool = False  # built from a table cell or row rather than a page line
    block: int | None = None  # the offer block the HTML renderer marked this line in

    @property
    def label_text(self) -> str:
        return " ".join(self.labels)

    @property
    def evidence(self) -> str:
        span = self.label_span if self.label_span and len(self.label_span) <= 400 else self.span
        return span.strip() or self.text

    def evidence_at(self, start: int, end: int) -> str:
        """The line (with its labels) when short, else the sentence around text[start:end]."""
        whole = self.evidence
        if len(whole) <= 400:
            return whole
        # a bounded look either side: a page of one long line stays linear in its length
        left = re.split(r"(?<=[.!?;])\s+", self.text[max(0, start - 400) : start])[-1]
        right = re.split(r"(?<=[.!?;])\s", self.text[end : end + 400], maxsplit=1)[0]
        sentence = (left + self.text[start:end] + right).strip()
        if len(sentence) > 400:
            sentence = self.text[max(0, start - 150) : end + 150].strip()
        return sentence


@memo.cached()
def tidy(raw: str) -> str:
    """Clean one raw line: spaces, glued words, table pipes and list markers."""
    text = clean_text(raw).strip()
    if "|" in text:
        text = _TRAILING_PIPES.sub("", text)
        text = _LEADING_PIPES.sub("", text)
        text = _PIPE_RUN.sub(" | ", text)
    text = _LIST_MARK.sub("", text) if not _DECIMAL_START.match(text) else text
    text = _SPACE_RUN.sub(" ", text)
    return "" if _BLANK.fullmatch(text) else text


@memo.cached()
def is_value_like(text: str) -> bool:
    """True for lines that hold a value and at most one stray word ('17 ГБ', 'Безлимит')."""
    if not text:
        return False
    has_value = bool(
        NUMBER_RE.search(text)
        or find_unlimited(text)
        or FREE_WORDS.search(text)
        or find_periods(text)
        or _CURRENCY_LEAD.search(text)
    )
    if not has_value:
        return False
    rest = patterns.blank_out(
        text,
        (
            _PROMO_PAREN,
            MONEY,
            QUANTITY,
            UNLIMITED,
            FREE_WORDS,
            _PERIOD_WORDS,
            CURRENCY_WORD,
            NUMBER_RE,
        ),
    )
    words = _WORD.findall(rest)
    return len(words) <= 1


def page_lines(text: str) -> list[Line]:
    """Split a page into `Line`s, join split price cards, and attach labels to value lines."""
    raw_lines = text.split("\n")
    lines: list[Line] = []
    block: int | None = None
    blocks = 0
    for i, raw in enumerate(raw_lines):
        mark = raw.strip()
        if mark in (OFFER_MARK, OFFER_END):
            blocks += mark == OFFER_MARK
            block = blocks if mark == OFFER_MARK else None
            raw_lines[i] = ""
            continue
        lines.append(Line(tidy(raw), raw, i, block=block))
    _join_split_prices(lines)
    solid = [ln for ln in lines if ln.text]
    for ln in solid:
        ln.value_like = is_value_like(ln.text)
    for pos, ln in enumerate(solid):
        if pos + 1 < len(solid):
            ln.next_text = solid[pos + 1].text
        if not ln.value_like:
            continue
        first_label: Line | None = None
        for prev in reversed(solid[:pos]):
            if (
                prev.value_like
                or len(ln.labels) >= MAX_LABELS
                or _states_value(prev.text)
                or prev.block != ln.block
                or (ln.labels and _is_sentence(prev.text))
            ):
                break
            ln.labels.append(prev.text)
            first_label = first_label or prev
        if first_label is not None:
            ln.label_span = "\n".join(raw_lines[first_label.index : ln.index + 1])
    return solid


def _is_sentence(text: str) -> bool:
    """'Unused minutes roll over to the next month.': a statement of its own, no label."""
    return text.endswith((".", "!", "?")) and len(text.split()) >= 4


def _states_value(text: str) -> bool:
    """A line with its own amount or allowance is a fact, not the label of the next line."""
    if find_money(text) or find_unlimited(text):
        return True
    return any(m.group("num").strip() not in ("1",) for m in quantity_matches(text))


def _join_split_prices(lines: list[Line]) -> None:
    """'1000' followed by 'ТГ/МЕСЯЦ': one price card split over two lines."""
    for pos, ln in enumerate(lines):
        if not NUMBER_RE.fullmatch(ln.text):
            continue
        nxt = next((x for x in lines[pos + 1 :] if x.text), None)
        if nxt is not None and _CURRENCY_LEAD.search(nxt.text):
            ln.text = f"{ln.text} {nxt.text}"
            ln.span = f"{ln.span}\n{nxt.span}"
            nxt.text = ""


def virtual_line(text: str, span: str, index: int) -> Line:
    """A line made from a table cell or row: its own labels are already inside `text`."""
    return Line(clean_text(text), span, index, value_like=False, virtual=True)

"""Whether a plan can still be bought: current, archived, closed, discontinued or unknown.

Guides filter on this: an archived or discontinued plan read as current tells a traveller about a
tariff they cannot get. Signals, strongest first: a sentence saying the service ends or ended
(discontinued, with its date when given), one saying it is closed to new subscribers or a table
cell `Closed` in the plan's own row (closed), an archive URL or an archive word in the plan's name
(archived). A page on the operator's own site with none of these is current; any other page
(news, a reseller, no URL) is unknown. Body sentences about *another* tariff being archived
("add a number to your archived tariff") are not read: archive words count only in the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal
from urllib.parse import urlsplit

from normalizer import memo, patterns

Status = Literal["current", "archived", "closed", "discontinued", "unknown"]
_I = re.IGNORECASE

# Words that also appear in how-to-unsubscribe text ("to discontinue the service, send STOP",
# "прекратить действие услуги") count only in a sentence that gives a year or a date.
_DISCONTINUED_DATED = patterns.compile(
    r"\bdiscontinued\b|\bwithdrawn\b"
    r"|прекращ(?:ается|ено|ена|ен|ает|ил\w*)\s+(?:действ\w*|предоставлени\w*|обслуживани\w*)"
    r"|(?:действие|предоставление)\s+(?:услуги|тарифа|пакета)\s+прекращ\w*"
    r"|(?:қызмет\w*|тариф\w*|топтама\w*)[^!?]{0,40}?тоқтатыл(?:ады|ды|ған)",
    _I,
)
_DISCONTINUED = patterns.compile(
    r"no\s+longer\s+(?:available|offered|provided)|снят\w*\s+с\s+продажи"
    r"|больше\s+не\s+(?:предоставля|действу|доступ)\w*|қолданыстан\s+шығарыл\w*",
    _I,
)
_YEAR = patterns.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_CLOSED = patterns.folded(
    r"closed\s+to\s+new\s+(?:subscri\w+|customers|connections|users)"
    r"|no\s+longer\s+open\s+to\s+new|not\s+available\s+for\s+new\s+(?:subscri\w+|connections)"
    r"|закрыт\w*\s+(?:для\s+(?:подключени\w*|новых\s+абонент\w*)|к\s+подключению)"
    r"|подключение\s+(?:закрыто|недоступно|прекращено)"
    r"|жаңа\s+абоненттер\w*\s+(?:үшін\s+)?(?:жабық|жабылды|жабылады|қосылмайды)"
    r"|қосылу\s+(?:жабық|жабылды|жабылады|тоқтатылды)",
    _I,
)
_ENDED = patterns.AnyOf(_DISCONTINUED_DATED, _DISCONTINUED)
_CLOSED_CELL = patterns.compile(r"^(?:closed|закрыт[оа]?|жабық|недоступно|not\s+available)$", _I)
_ARCHIVE_WORD = patterns.compile(
    r"(?<![\w])(?:архив\w*|archive[sd]?|архивтік|мұрағат\w*)(?![\w])", _I
)
_ARCHIVE_PATH = patterns.compile(r"^(?:archive[sd]?|arhiv\w*|arkhiv\w*|архив\w*)$", _I)
_DATE = patterns.compile(r"(?<!\d)(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})(?!\d)")

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\s*>\s*")


@dataclass(frozen=True)
class Availability:
    status: Status
    evidence: str | None = None
    when: date | None = None


@memo.cached(16)
def page_status(page: tuple[str, ...]) -> Availability | None:
    """Discontinued or closed, as a sentence of the page says: read once per page, not once per
    plan of it (a page of a thousand offers stays linear)."""
    said = "\n".join(page)  # one anchor pass decides for most pages
    lines = page if _ENDED.may_occur_in(said) else ()
    for line in lines:
        if not _ENDED.may_occur_in(line):
            continue
        for sentence in _sentences(line):
            dated = _DISCONTINUED_DATED.search(sentence) and _YEAR.search(sentence)
            if dated or _DISCONTINUED.search(sentence):
                return Availability("discontinued", sentence, _date_in(sentence))
    for line in page if _CLOSED.may_occur_in(said) else ():
        if not _CLOSED.may_occur_in(line):
            continue
        for sentence in _sentences(line):
            if _CLOSED.search(sentence):
                return Availability("closed", sentence, _date_in(sentence))
    return None


def detect_availability(
    page: list[str], own: list[str], *, url: str | None, name: str | None, operator: str
) -> Availability:
    """The plan's availability from its page lines (`page`), its own lines (`own`: its table row
    or card), its URL and its name. Every status but unknown comes with the text it rests on."""
    said = page_status(tuple(page))
    if said is not None:
        return said
    for line in own:
        if any(_CLOSED_CELL.match(cell.strip()) for cell in line.split("|")):
            return Availability("closed", line.strip())
    if name and _ARCHIVE_WORD.search(name):
        return Availability("archived", name)
    if url and any(_ARCHIVE_PATH.match(part) for part in urlsplit(url).path.split("/")):
        return Availability("archived", url)
    if url and _own_site(url, operator):
        return Availability("current", url)
    return Availability("unknown")


def _sentences(line: str) -> list[str]:
    parts = _SENTENCE_BREAK.split(line)
    return [p.strip()[:400] for p in parts if p.strip()]


def _date_in(text: str) -> date | None:
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


def _own_site(url: str, operator: str) -> bool:
    """beeline.kz, b2b.kcell.kz, content.izi.me, altel4g.kz: the operator's name in the host."""
    host = (urlsplit(url).hostname or "").lower()
    return bool(operator) and any(label.startswith(operator) for label in host.split("."))

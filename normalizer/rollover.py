"""Whether unused allowance carries into the next period: "yes", "no" or "unknown".

Only explicit statements about the *next period* count ("сгорают в последний день месяца", "на
следующий период не переходят", "not carried over to the following 30-day period", "can be used
through the last day of the calendar month that follows" = yes). Losing what is left when one
switches tariff, deactivates a service, terminates the contract or misses a payment says nothing
about period rollover and leaves the status unknown: a wrong yes/no is worse than no answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalizer import patterns

_I = re.IGNORECASE

_UNUSED = patterns.compile(
    r"не\s*израсходован\w*|неиспользован\w*|не\s+использован\w*|оставш\w*|остат\w*|ресурс\w*"
    r"|unused|not\s+used|left\s+unused|remain\w*|allowance|қалдық\w*|пайдаланылмаған\w*"
    r"|жұмсалмаған\w*|трафик\w*|traffic|минут\w*|minutes|\bsms\b|\bсмс\b",
    _I,
)
_NO = patterns.folded(
    r"не\s+переход\w*|не\s+перенос\w*|не\s+сохраня\w*|сгора\w*|аннулир\w*|обнуля\w*"
    r"|does\s+not\s+roll\s+over|do\s+not\s+roll\s+over|doesn't\s+roll\s+over|not\s+carried\s+over"
    r"|not\s+be\s+carried|do\s+not\s+carry|does\s+not\s+carry|expire[sd]?|forfeit\w*|cancel\w*"
    r"|reset\w*|көшпейді|ауыспайды|сақталмайды|күйіп\s+кетеді|ауыстырылмайды|көшірілмейді"
    r"|жойылады",
    _I,
)
_YES = patterns.folded(
    r"(?<!не\s)переносит?ся\s+на\s+следующ\w*|(?<!не\s)переходит\s+на\s+следующ\w*"
    r"|(?<!not\s)carr(?:y|ies)\s+over|(?<!not\s)(?:is|are)\s+kept|(?<!не\s)сохраняется"
    r"|(?<!не\s)сохраняются(?!\s+до)|келесі\s+\w+\s+(?:ауыстырылады|көшіріледі)|сақталады"
    r"|(?<!не\s)переносятся|(?<!не\s)переходят\s+на\s+следующ\w*|(?<!не\s)сохраняются\s+до"
    r"|(?<!not\s)rolls?\s+over|(?<!not\s)(?:is|are|will\s+be)\s+carried\s+over|do\s+not\s+burn"
    r"|не\s+сгора\w*|келесі\s+\w+\s+(?:көшеді|ауысады)|through\s+the\s+last\s+day\s+of\s+the"
    r"\s+(?:calendar\s+)?month\s+that\s+follows|до\s+конца\s+следующего\s+месяца"
    r"|until\s+the\s+end\s+of\s+the\s+next\s+month",
    _I,
)
# Which allowance is spent first: about order, not about expiry.
_ORDER = patterns.compile(r"used\s+(?:up\s+)?first|в\s+первую\s+очередь|бірінші\s+кезекте", _I)
# Loss tied to an event, not to the period ending.
_EVENT = patterns.compile(
    r"смен\w*\s+тариф\w*|переход\w*\s+на\s+друг\w*|переподключ\w*|switch\w*|chang\w*\s+to\s+another"
    r"|deactivat\w*|unsubscrib\w*|terminat\w*|отключ\w*|расторж\w*|ауыстыр\w*|басқа\s+тариф\w*",
    _I,
)
_UNPAID = patterns.compile(
    r"unpaid|not\s+paid|insufficient|не\s+оплач\w*|не\s+списан\w*|алынбаған|төленбе\w*", _I
)
# The period's end: what makes a loss a *rollover* statement.
_PERIOD_END = patterns.compile(
    r"validity\s+has\s+expired|validity\s+expires|по\s+истечении|срок\w*\s+действия\s+истек\w*"
    r"|end\s+of\s+(?:the\s+)?(?:month|period|day|billing)|последн\w+\s+(?:день|числ\w*)"
    r"|конц\w*\s+(?:месяца|периода|дня)|следующ\w*\s+(?:период|месяц|день|сутки)"
    r"|next\s+(?:period|month|day|bill\w*)|following\s+(?:period|month|day|\d+-day|bill\w*)"
    r"|за\s+(?:месяц|день|сутки|период)|келесі\s+\w+|каждого\s+месяца",
    _I,
)

_BULLET = re.compile(r"^(?:[-–—•·*]|\d+[.)])\s*")
_CONTINUES = patterns.compile(r"^(?:once|when|after|при|после|по|в\s+случае|if|upon)\b", _I)
_SENTENCE_START = re.compile(r"(?<=[.!?])\s+(?=[A-ZА-ЯӘҒҚҢӨҰҮҺІ«\"])")
_NEXT_MONTH = patterns.compile(r"month\s+that\s+follows|следующего\s+месяца|next\s+month", _I)


@dataclass
class Rollover:
    status: str = "unknown"  # "yes" | "no" | "unknown"
    evidence: str | None = None
    applies_to: list[str] = field(default_factory=list)
    lasts: str | None = None
    conditions: list[str] = field(default_factory=list)
    conflict: list[str] = field(default_factory=list)


def statements(lines: list[str]) -> list[tuple[str, str]]:
    """(sentence, exact page span) pairs; a statement ending in ':' takes the bullets below it."""
    out: list[tuple[str, str]] = []
    pending: list[str] | None = None  # [joined text, raw span]
    for line in lines:
        text = _BULLET.sub("", line.strip())
        if not text:
            continue
        if pending is not None and len(pending[0]) < 400 and not text.endswith(":"):
            if _CONTINUES.match(text):
                pending = [f"{pending[0]} {text}", f"{pending[1]}\n{line.strip()}"]
                continue
            out.append((pending[0], pending[1]))
            pending = None
        for sentence in _SENTENCE_START.split(text):
            if sentence.rstrip().endswith(":"):
                if pending is not None:
                    out.append((pending[0], pending[1]))
                pending = [sentence, sentence]
            else:
                out.append((sentence, sentence))
    if pending is not None:
        out.append((pending[0], pending[1]))
    return out


def _applies_to(sentence: str) -> list[str]:
    low = sentence.lower()
    found = []
    if re.search(r"трафик|интернет|traffic|data|мб|гб|мегабайт|megabyte|гигабайт|gigabyte", low):
        found.append("data")
    if re.search(r"минут|minutes|звонк|calls", low):
        found.append("voice")
    if re.search(r"\bsms\b|смс|сообщени", low):
        found.append("sms")
    return found


def detect_rollover(lines: list[str]) -> Rollover:
    """Read the page's rollover terms; unknown unless a sentence says yes or no plainly."""
    if not any(_YES.may_occur_in(line) or _NO.may_occur_in(line) for line in lines):
        return Rollover()  # no sentence can say yes or no: most pages, read in one pass
    yes: list[tuple[str, str]] = []
    no: list[tuple[str, str]] = []
    unpaid: list[str] = []
    for sentence, span in statements(lines):
        if _YES.search(sentence):
            yes.append((sentence, span))
            continue
        if _ORDER.search(sentence) or not (_NO.search(sentence) and _UNUSED.search(sentence)):
            continue
        if _UNPAID.search(sentence):
            unpaid.append(sentence)
            continue
        if _PERIOD_END.search(sentence) or not _EVENT.search(sentence):
            no.append((sentence, span))
    result = Rollover()
    if yes and no:
        result.conflict = [yes[0][1], no[0][1]]
        return result
    if yes:
        result.status, result.evidence = "yes", yes[0][1]
        result.applies_to = _applies_to(yes[0][0])
        if _NEXT_MONTH.search(yes[0][0]):
            result.lasts = "end_of_next_month"
        if unpaid:
            result.conditions.append("fee paid")
    elif no:
        result.status, result.evidence = "no", no[0][1]
        result.applies_to = _applies_to(no[0][0])
    return result

"""Plan names, kind (plan or pack) and segment (consumer or business) from page wording.

The name is a quoted «name» in the opening lines, else the first short heading that is not site
chrome ("Артқа", "Тариф", "Terms and conditions") and not a field label or a value. Numbers in a
name ("Бәрі бар 840 тг", "Premier 5.0") belong to the name: callers keep the name line's money
out of the price.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from normalizer import patterns
from normalizer.lines import Line
from normalizer.money import find_money
from normalizer.periods import FEE_WORDS
from normalizer.unlimited import find_unlimited

_I = re.IGNORECASE
_GENERIC = patterns.compile(
    r"^(?:артқа|назад|back|тариф|тарифы|о\s+тарифе|тариф\s+туралы|тарифтік\s+жоспар|тарифный\s+план"
    r"|описание\s+тарифа|tariff|tariffs|terms\s+and\s+conditions|tariff\s+terms\s+and\s+conditions"
    r"|подробности|details|интернет|internet|звонки|calls|sms|қоңырау\s+соғу|все\s+тарифы"
    r"|детали\s+тарифа)[\s:.!?]*$|^(?:service|услуга|қызмет)\b",
    _I,
)
# A page's own heading over a list of offers ('Тарифы', 'Packs'), or its way back: no name.
PAGE_HEADING = patterns.compile(
    r"^(?:тарифы|тарифтер|tariffs|plans|тарифные\s+планы|тарифтік\s+жоспарлар|все\s+тарифы"
    r"|пакеты|packs|топтамалар|назад|back|артқа)\W*$",
    _I,
)
_SENTENCE_BREAK = re.compile(r"\S[.!?]\s+[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]")  # "1 290 ₸. It …" too
# «Жастар», "Max": a name the page quotes
QUOTED = patterns.compile(r"[«\"“](?P<name>[^»\"”]{2,60})[»\"”]")
# "The Премьер plan costs …", "Тариф Смарт стоит …": a name the sentence gives without quotes
NAMED = patterns.compile(
    r"^(?:the\s+)?(?P<name>[^\W\d](?:[^.,:;]|(?<=\d)[.,](?=\d)){1,40}?)\s+(?:plan|tariff|pack)"
    r"(?:\s+(?:costs|is)\b|\s*[.:—])"
    r"|^(?:тариф|пакет)\s+(?P<name2>[^.,:;«»]{2,40}?)\s+(?:стоит|за)\b",
    _I,
)


_PACK = patterns.compile(
    r"пакет|pack|package|топтама|add-?on|опци\w*|internet\s*\+|интернет\s*\+|bundle|unlimits",
    _I,
)
DAY_PACK = patterns.compile(
    r"күнделікті\s+топтама|күн\s+сайынғы\s+топтама|дневной\s+пакет|ежедневн\w+\s+пакет"
    r"|daily\s+pack\w*|day\s+pack\w*",
    _I,
)
_BUSINESS_TEXT = patterns.compile(
    r"юридическ\w+\s+лиц\w*|legal\s+entit\w*|заңды\s+тұлға\w*|для\s+бизнеса|корпоративн\w+\s+клиент"
    r"|for\s+business",
    _I,
)


def title_line(lines: list[Line], *, limit: int = 4) -> Line | None:
    """The heading that names the plan, among the first few lines, or None."""
    for ln in lines[:limit]:
        text = ln.text
        if not text or len(text) > 70 or _GENERIC.match(text):
            continue
        latin_start = bool(re.match(r"[a-z]+\b", text))  # brands: "izi 15", "activ Smart"
        if not (text[0].isupper() or text[0] in '«"' or latin_start):
            continue
        if re.match(r"\s*[-–—•·*+]", ln.span):
            continue
        if FEE_WORDS.search(text) or text.endswith(("?", ":")) or "|" in text:
            continue
        if text.endswith((".", "!")) and _SENTENCE_BREAK.search(text):
            continue  # sentences ('The X pack costs 190 tg. It includes …'), not a heading
        if ln.value_like and (find_money(text) or find_unlimited(text)):
            continue
        return ln
    return None


def plan_name(lines: list[Line], title: str | None = None) -> str | None:
    """A quoted name in the first line (under the page's own heading, 'Тарифы'), else the
    heading, else a naming sentence ('The X plan costs …') opening the page, else the caller's
    title."""
    first = next((ln for ln in lines if not PAGE_HEADING.match(ln.text)), None)
    m = QUOTED.search(first.text) if first else None
    if m and len(first.text) <= 200:  # type: ignore[union-attr]
        return m.group("name").strip()
    head = title_line(lines)
    if head is not None:
        return head.text.strip(" :–-")
    named = NAMED.search(first.text) if first else None
    if named:  # a page of one paragraph: 'The Data pack 10 Gb pack costs 1 290 ₸. …'
        return (named.group("name") or named.group("name2")).strip()
    return title.strip() if title else None


def is_generic(text: str) -> bool:
    """Site chrome and section words ('Артқа', 'Тариф туралы', 'Details'), never a plan's name."""
    return bool(_GENERIC.match(text.strip()))


def is_pack(heading: str | None) -> bool:
    return bool(heading and _PACK.search(heading))


def is_day_pack(heading: str | None) -> bool:
    return bool(heading and DAY_PACK.search(heading))


def is_business(url: str | None, text: str) -> bool:
    """b2b hosts or paths, or wording reserved to legal entities."""
    if url:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        path = parts.path.lower()
        if host.startswith("b2b.") or "/b2b/" in path or "/business/" in path:
            return True
    return bool(_BUSINESS_TEXT.search(text))

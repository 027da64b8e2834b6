"""Numbers as operators print them: "3 500", "3 500" (nbsp), "20,16", "1.5", "2GB", "650tg".

Pages use spaces or no-break spaces as thousands separators and commas as decimal marks, and
glue numbers to units or words to words ("нөмірлерінеШексіз"). Everything that reads a value goes
through `clean_text` and `parse_number`, so one rule decides what "1 000" or "0,75" means.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from normalizer import memo, patterns

# Spaces that mean "space" (thousands separators included) and characters that mean nothing.
_SPACES = str.maketrans(
    {
        "\xa0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\t": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
        "\u2011": "-",
        "\u2012": "-",
    }
)
# what _SPACES changes: text without any is left alone (translate is slow on Cyrillic text)
_ODD_SPACE = re.compile("[" + "".join(re.escape(chr(c)) for c in _SPACES) + "]")
# A Cyrillic lower-case letter glued to an upper-case one: two words that lost their space.
_GLUED = patterns.compile(r"(?<=[а-яёәғқңөұүһі])(?=[А-ЯЁӘҒҚҢӨҰҮҺІ])")
_GLUED_PAIR = patterns.compile(r"[а-яёәғқңөұүһі][А-ЯЁӘҒҚҢӨҰҮҺІ]")  # the same, found fast

# "3 500", "1 000 000", "20,16", "1.5", "990". Thousands groups need exactly three digits, so
# "10 29" stays two numbers. A leading digit glued to letters ("401ой") is handled by callers.


def number_re(not_after: str = "") -> str:
    """NUMBER, also refusing to start right after a character of `not_after` (a regex class
    body). It starts with the digit and looks behind from there, so that `re` skips to digits."""
    return (
        rf"\d(?<![\d.,{not_after}]\d)"
        r"(?:\d{0,2}(?: \d{3})+(?:[.,]\d+)?(?!\d)|\d*(?:[.,]\d+)?(?!\d))"
    )


NUMBER = number_re()
_PLAIN_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
NUMBER_RE = patterns.compile(NUMBER)


def clean_text(text: str) -> str:
    """Normalise spaces and split glued Cyrillic words; keeps line breaks."""
    if _ODD_SPACE.search(text):
        text = text.translate(_SPACES)
    return _GLUED.sub(" ", text) if _GLUED_PAIR.search(text) else text


@memo.cached()
def parse_number(raw: str) -> Decimal | None:
    """'3 500' -> 3500, '20,16' -> 20.16, '1.5' -> 1.5; None when `raw` is not a number."""
    if not isinstance(raw, str):
        return None
    text = clean_text(raw).strip().replace(" ", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the regex already guarantees a number
        return None


def find_numbers(text: str) -> list[tuple[Decimal, int, int]]:
    """Every number in `text` with its span (value, start, end)."""
    out = []
    for m in NUMBER_RE.finditer(text):
        value = parse_number(m.group(0))
        if value is not None:
            out.append((value, m.start(), m.end()))
    return out


def as_count(value: Decimal) -> int | None:
    """A whole, non-negative count (minutes, messages), or None when `value` is not one."""
    if value < 0 or value != value.to_integral_value():
        return None
    return int(value)

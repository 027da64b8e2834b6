"""Words that mean "no limit" (Безлимит, Шексіз, UNLIM, Unlimited, Неограниченно) and their traps.

The word alone says nothing about *what* is unlimited: the caller decides from the context (calls
inside the network, SMS, general internet, or only some apps / KAZNET, which is not unlimited data).
"UNLIM" counts only as a value standing on its own ("қоңыраулар - UNLIM"), never inside a plan
name ("ALTEL WEB UNLIM"), and an unlimited offer being withdrawn or replaced is not unlimited.
"""

from __future__ import annotations

import re

from normalizer import memo, patterns
from normalizer.vocabulary import UNLIMITED_WORDS, alternation

UNLIMITED = patterns.compile(
    rf"(?<![\w-])(?:(?:{alternation(UNLIMITED_WORDS)})(?![\w-])"
    r"|(?<=[-–:|]\s)unlim(?![\w])|(?<=[-–:|])unlim(?![\w])|unlim(?=\s*\|?\s*$))",
    re.IGNORECASE,
)
# The unlimited thing is being closed, replaced or denied.
NEGATED = patterns.compile(
    r"жабыл\w*|закрыва\w*|закрыт\w*|отмен\w*|discontinu\w*|no\s+longer|больше\s+не"
    r"|ауыстыр\w*|replac\w*|\bno\s+unlimited|не\s+предоставля\w*|берілмейді|заменя\w*",
    re.IGNORECASE,
)
# Free calls: "0 т/мин", "0 тенге" for a call type means no limit on that call type.
FREE_WORDS = patterns.compile(r"(?<![\w])(?:тегін|бесплатн\w*|free)(?![\w])", re.IGNORECASE)


@memo.cached()
def find_unlimited(text: str) -> tuple[re.Match[str], ...]:
    """Every unlimited word in `text`."""
    return tuple(UNLIMITED.finditer(text))


def is_negated(context: str) -> bool:
    """True when the sentence withdraws or denies the unlimited offer."""
    return bool(NEGATED.search(context))

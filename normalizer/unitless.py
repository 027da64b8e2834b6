"""Allowance values printed without a unit ("Интернет | 20 |"): the value is unknown, say so.

A bare number under a data label could be MB or GB (a factor of 1024); guessing either would
publish a wrong fact, so the resolver leaves the field null and these become warnings.
"""

from __future__ import annotations

import re

from normalizer import patterns
from normalizer.lines import Line
from normalizer.numbers import NUMBER
from normalizer.quantities import find_quantities

_I = re.IGNORECASE
_DATA_LABEL = patterns.compile(
    r"интернет|internet|трафик|traffic|\bdata\b|мобильные\s+данные|интернет-топтама", _I
)
_CELL_ROW = patterns.compile(
    rf"^(?P<label>[^|\d]{{2,80}}?)\s*\|\s*(?P<num>{NUMBER})\s*\|?\s*\|?\s*$"
)
_BARE = patterns.compile(rf"^\s*(?P<num>{NUMBER})\s*$")


def unitless_data(lines: list[Line]) -> list[str]:
    """Page spans where a data allowance is a bare number with no unit in label or value."""
    spans = []
    for line in lines:
        if find_quantities(line.text):
            continue
        row = _CELL_ROW.match(line.text)
        if row and _DATA_LABEL.search(row.group("label")):
            spans.append(line.span)
        elif (
            _BARE.match(line.text)
            and line.labels
            and _DATA_LABEL.search(line.labels[0])
            and not find_quantities(line.labels[0])
        ):
            spans.append(line.label_span or line.span)
    return spans

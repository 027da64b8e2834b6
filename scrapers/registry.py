"""The six brands by name; the flow, the CLI and reparse look brands up here."""

from __future__ import annotations

from scrapers.activ import Activ
from scrapers.altel import Altel
from scrapers.base import Brand
from scrapers.beeline import Beeline
from scrapers.izi import Izi
from scrapers.kcell import Kcell
from scrapers.tele2 import Tele2

BRANDS: dict[str, Brand] = {
    b.operator: b for b in (Kcell(), Activ(), Beeline(), Izi(), Tele2(), Altel())
}


class UnknownOperator(ValueError):
    """An operator name with no brand module."""


def get_brand(name: str) -> Brand:
    try:
        return BRANDS[name]
    except KeyError:
        valid = ", ".join(sorted(BRANDS))
        raise UnknownOperator(f"unknown operator {name!r}; valid operators: {valid}") from None

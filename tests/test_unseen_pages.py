"""Pages in shapes the brand modules were not written for: every offer, every fact, exactly.

Each offer of each page in `tests/fixtures/unseen/pages.py` must come out with exactly the facts
the page states and null for the rest; a known miss is an xfail with its reason.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from kztariffs.evaluate import choose, same_fact
from kztariffs.extract import extract_page
from schema.flat import FACT_COLUMNS, flatten
from tests.fixtures.unseen.pages import records

KNOWN_MISSES: dict[str, str] = {}


def _flats(rec: dict[str, Any]) -> list[dict[str, Any]]:
    plans, rejected = extract_page(
        rec["text"].encode(),
        operator=rec["operator"],
        url=rec["url"],
        content_type=rec["content_type"],
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert not rejected
    return [flatten(p) for p in plans]


@pytest.mark.parametrize(
    "rec",
    [
        pytest.param(
            r, id=r["id"], marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[r["id"]])
        )
        if r["id"] in KNOWN_MISSES
        else pytest.param(r, id=r["id"])
        for r in records()
    ],
)
def test_offer_facts_exactly(rec: dict[str, Any]) -> None:
    flats = _flats(rec)
    expected = rec["expected"]
    chosen = choose(expected["plan_name"], flats) or {}
    wrong = {
        f: (expected.get(f), chosen.get(f))
        for f in FACT_COLUMNS
        if not same_fact(f, expected.get(f), chosen.get(f))
    }
    assert not wrong, f"{chosen.get('name')!r} among {[f['name'] for f in flats]}: {wrong}"


def test_offers_are_not_merged() -> None:
    """A page of N offers gives at least N plans (offers first, then facts)."""
    by_page: dict[str, int] = {}
    for rec in records():
        by_page.setdefault(rec["id"].split("#")[0], 0)
        by_page[rec["id"].split("#")[0]] += 1
    short = {}
    for rec in records():
        page = rec["id"].split("#")[0]
        if rec["id"].endswith("#0") and len(_flats(rec)) < by_page[page]:
            short[page] = len(_flats(rec))
    assert not short

"""Run the extractor on a generated page and compare per offer with the ground truth.

An offer's plan is chosen by name only (`kztariffs.evaluate.choose`: token overlap, every number
of the name must be in the plan's name), never by the facts. `mismatches` lists every fact that
differs; `false_claims` lists the worst of them: a rollover "yes"/"no", a number, "unlimited" or
unlimited data published where the page states nothing of the kind.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kztariffs.evaluate import choose
from schema.flat import FACT_COLUMNS, flatten
from tests.pagegen.page import Page

_FETCHED_AT = datetime(2024, 1, 1, tzinfo=UTC)
NUMERIC = (
    "price_kzt", "price_period_days", "data_gb", "voice_onnet_min", "voice_offnet_min",
    "sms_count", "validity_days",
)  # fmt: skip


@dataclass(frozen=True)
class Miss:
    offer: str
    field: str
    expected: Any
    got: Any

    def __str__(self) -> str:
        return f"{self.offer!r}.{self.field}: expected {self.expected!r}, got {self.got!r}"


def extract(text: str, operator: str, url: str, content_type: str) -> list[dict[str, Any]]:
    from kztariffs.extract import extract_page

    plans, _rejected = extract_page(
        text.encode(),
        operator=operator,
        url=url,
        content_type=f"{content_type}; charset=utf-8",
        fetched_at=_FETCHED_AT,
    )
    return [flatten(p) for p in plans]


def _value(flat: dict[str, Any], field: str) -> Any:
    got = flat.get(field)
    return None if field == "rollover" and got == "unknown" else got


def _equal(field: str, expected: Any, got: Any) -> bool:
    if expected is None or got is None or isinstance(expected, bool | str):
        return expected == got and type(expected) is type(got)
    if isinstance(got, bool | str):
        return False
    if field == "data_gb":
        return abs(float(expected) - float(got)) <= 1e-6 * max(1.0, abs(float(expected)))
    return float(expected) == float(got)


def _pairs(page: Page, flats: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(label, choose(label["plan_name"], flats) or {}) for label in page.labels()]


def mismatches(page: Page, flats: list[dict[str, Any]]) -> list[Miss]:
    out = []
    for label, flat in _pairs(page, flats):
        for field in FACT_COLUMNS:
            if not _equal(field, label[field], _value(flat, field)):
                out.append(Miss(label["plan_name"], field, label[field], _value(flat, field)))
    return out


def false_claims(page: Page, flats: list[dict[str, Any]]) -> list[Miss]:
    """Facts published where the page states none: invented numbers and rollover claims."""
    out = []
    for label, flat in _pairs(page, flats):
        for field in (*NUMERIC, "rollover"):
            if label[field] is None and _value(flat, field) is not None:
                out.append(Miss(label["plan_name"], field, None, _value(flat, field)))
        if flat.get("data_unlimited") is True and label["data_unlimited"] is not True:
            out.append(Miss(label["plan_name"], "data_unlimited", label["data_unlimited"], True))
    return out


def file_summary(path: str) -> str:
    """False rollover claims and invented numbers over a dumped JSONL file (`python -m
    tests.pagegen.score FILE`): numbers published where the label says null, per null label."""
    with open(path, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    cache: dict[tuple[str, str], list[dict[str, Any]]] = {}
    invented = nulls = rollover = 0
    for rec in records:
        key = (rec["text"], rec["content_type"])
        if key not in cache:
            cache[key] = extract(rec["text"], rec["operator"], rec["url"], rec["content_type"])
        label = rec["expected"]
        flat = choose(label["plan_name"], cache[key]) or {}
        for field in NUMERIC:
            if label[field] is None:
                nulls += 1
                invented += _value(flat, field) is not None
        rollover += label["rollover"] is None and _value(flat, "rollover") is not None
    rate = 100 * invented / nulls if nulls else 0.0
    return (
        f"records: {len(records)}; false rollover claims: {rollover}; invented numbers: "
        f"{invented} of {nulls} null numeric labels ({rate:.1f}%)"
    )


if __name__ == "__main__":
    print(file_summary(sys.argv[1]))

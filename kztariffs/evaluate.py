"""Score the normalizer against labelled texts (corpus format): per-field agreement.

Pure functions: `evaluate_records` / `evaluate_file` build a `Report`, `format_report` prints it.
The plan a label is compared with is chosen by name only (token overlap, numbers must match),
never by the expected values. A draft that fails validation counts as all-null output, and an
output rollover "yes"/"no" where the label is null is counted as a false rollover claim, the
worst error a tariff guide can make.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from schema.flat import FACT_COLUMNS

FIELDS = FACT_COLUMNS
# Fields holding a number (or "unlimited"): publishing one where the page states none is a false
# claim, an invented number a reader would quote.
CLAIM_FIELDS = tuple(
    f for f in FACT_COLUMNS if f not in ("rollover", "data_only", "data_unlimited")
)
_FETCHED_AT = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass
class Mismatch:
    record_id: str
    field: str
    expected: Any
    got: Any
    plan_name: str | None


@dataclass
class Report:
    agree: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    mismatches: list[Mismatch] = field(default_factory=list)
    false_rollover_claims: int = 0
    false_claims: int = 0  # a value published where the label says the page states none
    stated_none: int = 0  # labelled fields (of CLAIM_FIELDS) the page states nothing for
    records: int = 0
    invalid_drafts: int = 0
    # Per page shape (records of generated pages carry `shape`): [agreeing fields, fields].
    by_shape: dict[str, list[int]] = field(default_factory=dict)

    @property
    def overall(self) -> float:
        total = sum(self.total.values())
        return sum(self.agree.values()) / total if total else 0.0


def _tokens(name: str | None) -> list[str]:
    if not name:
        return []
    text = re.sub(r"[\xa0\u202f\u2009\u2007]", " ", name.lower())  # no-break spaces are spaces
    text = re.sub(r"(?<=\d) (?=\d{3}\b)", "", text)  # "2 000" -> "2000"
    text = re.sub(r"(?<=\d)(?=[^\d\s.,])|(?<=[^\d\s.,])(?=\d)", " ", text)  # "2gb" -> "2 gb"
    return re.findall(r"\d+(?:[.,]\d+)?|[^\W\d_]+\+*", text)


def name_score(label: str | None, candidate: str | None) -> float:
    """Token overlap of two names; every number of the label must appear in the candidate."""
    a, b = set(_tokens(label)), set(_tokens(candidate))
    if not a or not b:
        return 0.0
    numbers = {t for t in a if t[0].isdigit()}
    if numbers - b:
        return len(a & b) / len(a | b) / 10
    return len(a & b) / len(a | b)


def choose(label_name: str | None, flats: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not flats:
        return None
    if len(flats) == 1 or not label_name:
        return flats[0]
    # equal token sets ('Business Pro' and 'Business Pro Pro'): the same words in order win
    return max(
        flats,
        key=lambda f: (
            name_score(label_name, f.get("name")),
            _tokens(label_name) == _tokens(f.get("name")),
        ),
    )


def same_fact(field_: str, expected: Any, got: Any) -> bool:
    if field_ == "rollover":
        return (expected or "unknown") == (got or "unknown")
    if expected is None or got is None:
        return expected is None and got is None
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected is got
    if isinstance(expected, str) or isinstance(got, str):
        return expected == got
    if field_ == "data_gb":
        return abs(float(expected) - float(got)) <= 1e-6 * max(1.0, abs(float(expected)))
    return float(expected) == float(got)


def flat_plans(
    text: str, operator: str, url: str | None, content_type: str = "text/plain"
) -> tuple[list[dict[str, Any]], int]:
    """What `tariffs extract --flat` prints for a page (plain text unless the record says
    `content_type`), and how many drafts failed validation (a rejected draft has no row, so the
    label it was meant for scores as missing)."""
    from kztariffs.extract import extract_page
    from schema.flat import flatten

    plans, rejected = extract_page(
        text.encode(),
        operator=operator,
        url=url or "about:blank",
        content_type=f"{content_type}; charset=utf-8",
        fetched_at=_FETCHED_AT,
    )
    return [flatten(p) for p in plans], len(rejected)


def evaluate_records(records: Iterable[dict[str, Any]]) -> Report:
    report = Report()
    cache: dict[tuple[str, str, str | None, str], tuple[list[dict[str, Any]], int]] = {}
    for rec in records:
        expected = rec["expected"]
        key = (rec["text"], rec["operator"], rec.get("url"), rec.get("content_type", "text/plain"))
        if key not in cache:
            cache[key] = flat_plans(*key)
            report.invalid_drafts += cache[key][1]
        flats = cache[key][0]
        chosen = choose(expected.get("plan_name"), flats) or {}
        report.records += 1
        shape = report.by_shape.setdefault(rec["shape"], [0, 0]) if "shape" in rec else [0, 0]
        for field_ in FIELDS:
            got = chosen.get(field_)
            report.total[field_] += 1
            shape[1] += 1
            if same_fact(field_, expected.get(field_), got):
                report.agree[field_] += 1
                shape[0] += 1
            else:
                report.mismatches.append(
                    Mismatch(rec["id"], field_, expected.get(field_), got, chosen.get("name"))
                )
        if expected.get("rollover") is None and chosen.get("rollover") in ("yes", "no"):
            report.false_rollover_claims += 1
        for field_ in CLAIM_FIELDS:
            if expected.get(field_) is None:
                report.stated_none += 1
                if chosen.get(field_) is not None:
                    report.false_claims += 1
    return report


def load_records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate_file(path: str | Path) -> Report:
    return evaluate_records(load_records(Path(path)))


def format_report(report: Report) -> str:
    """The per-field table: field, agree, total, %; then the overall line and false claims."""
    rows = [f"{'field':<20} {'agree':>6} {'total':>6} {'%':>7}"]
    for field_ in FIELDS:
        agree, total = report.agree[field_], report.total[field_]
        pct = 100 * agree / total if total else 0.0
        rows.append(f"{field_:<20} {agree:>6} {total:>6} {pct:>6.1f}%")
    agree, total = sum(report.agree.values()), sum(report.total.values())
    rows.append(f"{'overall':<20} {agree:>6} {total:>6} {100 * report.overall:>6.1f}%")
    rows.append(f"records: {report.records}; invalid drafts: {report.invalid_drafts}")
    share = 100 * report.false_claims / report.stated_none if report.stated_none else 0.0
    rows.append(
        f"false claims: {report.false_claims} of {report.stated_none} fields the pages leave"
        f" unstated ({share:.1f}%)"
    )
    rows.append(f"false rollover claims: {report.false_rollover_claims}")
    for shape, (agree, total) in sorted(report.by_shape.items()):
        rows.append(f"shape {shape:<24} {agree:>6} {total:>6} {100 * agree / total:>6.1f}%")
    return "\n".join(rows)


def format_mismatches(report: Report) -> str:
    return "\n".join(
        f"{m.record_id:<45} {m.field:<18} expected={m.expected!r} got={m.got!r} [{m.plan_name}]"
        for m in report.mismatches
    )

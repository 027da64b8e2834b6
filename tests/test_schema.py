"""The published schema: generated file in sync, versioned, and strict about unknowns."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from schema.build import Rejection, build_plan, plan_slug
from schema.document import SCHEMA_FILE, schema_text
from schema.draft import Draft
from schema.flat import FLAT_COLUMNS, flatten
from schema.plan import SCHEMA_VERSION

VERSIONS = Path(SCHEMA_FILE).with_name("versions.json")


def test_committed_schema_matches_the_model() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "schema/plan.schema.json is stale: run `python -m schema.document` and bump "
        "SCHEMA_VERSION in schema/plan.py if the published form changed"
    )


def test_schema_change_requires_a_version_bump() -> None:
    """versions.json pins the schema hash of every version; a changed schema needs a new one."""
    recorded = json.loads(VERSIONS.read_text(encoding="utf-8"))
    digest = hashlib.sha256(schema_text().encode()).hexdigest()
    assert SCHEMA_VERSION in recorded, f"add {SCHEMA_VERSION!r}: {digest!r} to {VERSIONS}"
    assert recorded[SCHEMA_VERSION] == digest, (
        f"the schema changed but SCHEMA_VERSION is still {SCHEMA_VERSION}: bump it "
        "(MODEL-REVISION-ADDITION) and record the new hash in schema/versions.json"
    )


def _draft(**facts: object) -> Draft:
    d = Draft(operator="beeline", name="Тест 5000", url="https://beeline.kz/ru/x")
    for attr, (value, path) in facts.items():
        d.set(attr, value, f"span for {path}", path)
    return d


def _build(d: Draft) -> object:
    return build_plan(
        d,
        plan_id=f"beeline:{plan_slug(d)}",
        fetched_at=datetime(2026, 11, 1, tzinfo=UTC),
        snapshot_sha256="0" * 64,
        parser_version="1",
    )


def test_flat_projection_reads_units_and_periods() -> None:
    plan = _build(
        _draft(
            price_amount=(Decimal("4990"), "price.amount"),
            price_period=("P1M", "price.period"),
            data_quota_mb=(Decimal(300), "data.quota_mb"),
            data_unlimited=(False, "data.unlimited"),
            voice_onnet=("unlimited", "voice.onnet"),
            validity=("PT168H", "validity"),
        )
    )
    row = flatten(plan)  # type: ignore[arg-type]
    assert tuple(row) == FLAT_COLUMNS
    assert row["id"] == "beeline:test-5000"
    assert row["price_kzt"] == 4990 and row["price_period_days"] == 30
    assert row["data_gb"] == pytest.approx(300 / 1024)
    assert row["voice_onnet_min"] == "unlimited" and row["voice_offnet_min"] is None
    assert row["validity_days"] == 7 and row["rollover"] == "unknown"


def test_fact_without_evidence_is_rejected_with_the_field() -> None:
    d = _draft(price_amount=(Decimal("990"), "price.amount"))
    d.sms_count = 100  # no evidence
    result = _build(d)
    assert isinstance(result, Rejection)
    assert "sms.count" in result.reason and "beeline.kz" in str(result)


def test_unlimited_and_quota_together_are_rejected() -> None:
    d = _draft(
        data_quota_mb=(Decimal(1024), "data.quota_mb"), data_unlimited=(True, "data.unlimited")
    )
    assert isinstance(_build(d), Rejection)


def test_price_is_published_as_a_decimal_string() -> None:
    plan = _build(_draft(price_amount=(Decimal("20.16"), "price.amount")))
    assert plan.model_dump(mode="json")["price"]["amount"] == "20.16"  # type: ignore[union-attr]


def test_a_known_period_with_contested_amount_is_published() -> None:
    plan = _build(_draft(price_period=("P7D", "price.period")))
    row = flatten(plan)  # type: ignore[arg-type]
    assert row["price_kzt"] is None and row["price_period_days"] == 7

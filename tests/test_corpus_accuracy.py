"""Field agreement of the normalizer with the labelled corpus (../shared/corpus/texts.jsonl)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kztariffs.evaluate import (
    FIELDS,
    choose,
    evaluate_file,
    format_mismatches,
    format_report,
    load_records,
    name_score,
)
from normalizer import extract_plans
from schema.build import Rejection, build_plan, plan_slug
from schema.flat import flatten
from schema.plan import fact_paths

CORPUS = Path(__file__).parents[2] / "shared" / "corpus" / "texts.jsonl"
pytestmark = pytest.mark.skipif(
    not CORPUS.is_file(), reason=f"labelled corpus not found at {CORPUS} (shared/corpus missing)"
)
FETCHED = datetime(2024, 1, 1, tzinfo=UTC)


def test_overall_agreement_and_no_false_rollover_claims() -> None:
    report = evaluate_file(CORPUS)
    print("\n" + format_report(report))
    print(format_mismatches(report))
    assert report.invalid_drafts == 0
    assert report.false_rollover_claims == 0
    assert report.overall >= 0.97


def test_every_text_yields_a_draft() -> None:
    for rec in load_records(CORPUS):
        assert extract_plans(rec["text"], operator=rec["operator"], url=rec["url"]), rec["id"]


def test_every_published_fact_has_evidence() -> None:
    """Each non-null flat fact maps to an evidence entry quoting page text."""
    flat_to_paths = {
        "price_kzt": ["price.amount"],
        "price_period_days": ["price.period"],
        "validity_days": ["validity"],
        "data_only": ["data_only"],
        "data_gb": ["data.quota_mb"],
        "data_unlimited": ["data.unlimited"],
        "throttle_kbps": ["data.throttle_kbps"],
        "voice_onnet_min": ["voice.onnet"],
        "voice_offnet_min": ["voice.offnet"],
        "voice_international_min": ["voice.international"],
        "sms_count": ["sms.count"],
    }
    seen: set[str] = set()
    for rec in load_records(CORPUS):
        if rec["text"] in seen:
            continue
        seen.add(rec["text"])
        for draft in extract_plans(rec["text"], operator=rec["operator"], url=rec["url"]):
            plan = build_plan(
                draft,
                plan_id=f"{rec['operator']}:{plan_slug(draft)}",
                fetched_at=FETCHED,
                snapshot_sha256="0" * 64,
                parser_version="test",
            )
            assert not isinstance(plan, Rejection), (rec["id"], str(plan))
            flat = flatten(plan)
            for column, paths in flat_to_paths.items():
                if flat[column] is not None:
                    assert all(p in plan.evidence for p in paths), (rec["id"], column)
            if flat["rollover"] != "unknown":
                assert "rollover.status" in plan.evidence
            for path in fact_paths(plan):
                text = plan.evidence[path].text
                assert 0 < len(text) <= 400, (rec["id"], path)


def test_plan_is_chosen_by_name_with_numbers() -> None:
    assert name_score("Карт Бланш+ 2 000", "Карт Бланш+ 2 000") > name_score(
        "Карт Бланш+ 2 000", "Карт Бланш+ 3 500"
    )
    assert name_score("Mobile Internet+ 10 MB/day", "Mobile Internet+ 10 MB") > name_score(
        "Mobile Internet+ 10 MB/day", "Mobile Internet+ 100 MB"
    )
    assert name_score("Additional pack 2GB", "Additional packs 2 GB") > name_score(
        "Additional pack 2GB", "Additional packs 1 GB"
    )
    assert set(FIELDS) >= {"price_kzt", "rollover", "data_only"}
    # a label written with a no-break space names the same plan
    assert name_score("1\xa0000 минут", "1 000 минут") == 1.0
    # the same words, once or twice: the plan named exactly so is chosen, in either order
    flats = [{"name": "Business Pro Pro"}, {"name": "Business Pro"}]
    assert choose("Business Pro", flats) == {"name": "Business Pro"}
    assert choose("Business Pro", flats[::-1]) == {"name": "Business Pro"}

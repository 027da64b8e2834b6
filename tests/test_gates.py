"""Gates and carry-forward: a broken operator never wipes its last good plans."""

from __future__ import annotations

from datetime import UTC, datetime

from kztariffs.pipeline import decide
from publish.gates import check_gates
from tests.planfactory import make_plan

NOW = datetime(2026, 11, 22, 6, tzinfo=UTC)


def _decide(plans: list, previous: list, errors: list[str] | None = None):
    return decide(
        "beeline",
        plans=plans,
        previous=previous,
        now=NOW,
        fetch_errors=errors or [],
        pages_fetched=len(plans),
        rejections=[],
        http_statuses={},
        parser_version="1",
        duration_s=0.1,
    )


def _plans(n: int, price: int = 2990) -> list:
    return [make_plan("beeline", f"p{i}", price) for i in range(n)]


def test_good_plans_are_fresh() -> None:
    out = _decide(_plans(4), _plans(4))
    assert out.status == "fresh" and out.gates_failed == [] and len(out.plans) == 4


def test_zero_plans_carry_the_last_good_plans_forward_marked_stale() -> None:
    out = _decide([], _plans(3), errors=["https://beeline.kz/ru: HTTP 500"])
    assert out.status == "stale" and len(out.plans) == 3
    assert all(p.stale_since == NOW for p in out.plans)
    assert out.stale_reason == "fetch failed"  # short and public; the detail is in errors
    assert all(p.stale_reason == out.stale_reason for p in out.plans)


def test_stale_plans_keep_the_time_they_went_stale() -> None:
    earlier = datetime(2026, 11, 20, tzinfo=UTC)
    previous = [p.model_copy(update={"stale_since": earlier}) for p in _plans(2)]
    out = _decide([], previous)
    assert {p.stale_since for p in out.plans} == {earlier}


def test_count_falling_by_more_than_half_fails() -> None:
    failures = check_gates(_plans(2), _plans(6))
    assert [f.gate for f in failures] == ["count_drop"]


def test_coverage_drop_fails() -> None:
    old = _plans(4)
    new = [make_plan("beeline", f"p{i}", quota_mb=None) for i in range(4)]
    assert [f.gate for f in check_gates(new, old)] == ["coverage_drop"]
    assert "data_gb" in str(check_gates(new, old)[0])


def test_insane_price_fails() -> None:
    failures = check_gates(_plans(3, price=9_000_000), _plans(3))
    assert [f.gate for f in failures] == ["price_range"]


def test_no_previous_plans_and_nothing_parsed_is_failed() -> None:
    out = _decide([], [])
    assert out.status == "failed" and out.plans == []


def test_published_stale_reason_is_short_and_names_no_internals() -> None:
    out = decide(
        "beeline",
        plans=[],
        previous=_plans(2),
        now=NOW,
        fetch_errors=["https://beeline.kz/ru: ConnectError: [Errno 111] /home/x/.venv/lib/h.py"],
        pages_fetched=0,
        rejections=[],
        http_statuses={},
        parser_version="1",
        duration_s=0.0,
        fetch_kinds=["connection refused"],
    )
    assert out.stale_reason == "fetch failed: connection refused"
    assert {p.stale_reason for p in out.plans} == {"fetch failed: connection refused"}
    assert "Errno 111" in out.report()["errors"][0]  # the detail stays in report.json
    gated = _decide(_plans(1), _plans(6))
    assert gated.stale_reason == "gates: count drop"
    assert "6 to 1" in gated.report()["gates_failed"][0]

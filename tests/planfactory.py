"""Small valid plans for tests of publishing, gates and the flow's bookkeeping."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from publish.release import OperatorOutcome
from schema.plan import Plan

FETCHED = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)


def make_plan(
    operator: str = "kcell",
    slug: str = "plan-a",
    price: int | str = 2990,
    quota_mb: int | None = 10240,
    sha: str = "a",
    parser_version: str = "1",
) -> Plan:
    evidence = {"price.amount": {"text": f"{price} ₸/мес."}, "price.period": {"text": "/мес."}}
    data: dict[str, object] = {}
    if quota_mb is not None:
        data = {"quota_mb": Decimal(quota_mb), "unlimited": False}
        evidence["data.quota_mb"] = evidence["data.unlimited"] = {"text": f"{quota_mb} МБ"}
    return Plan.model_validate(
        {
            "id": f"{operator}:{slug}",
            "operator": operator,
            "name": slug.replace("-", " ").title(),
            "url": f"https://{operator}.kz/{slug}",
            "price": {"amount": Decimal(str(price)), "period": "P1M"},
            "data": data,
            "evidence": evidence,
            "source": {
                "url": f"https://{operator}.kz/{slug}",
                "fetched_at": FETCHED,
                "snapshot_sha256": (sha * 64)[:64],
                "parser_version": parser_version,
            },
        }
    )


def outcome(operator: str, plans: list[Plan], status: str = "fresh") -> OperatorOutcome:
    return OperatorOutcome(operator=operator, status=status, plans=plans)  # type: ignore[arg-type]

"""JSON tariffs: typed fields go onto the plan directly, with the key path as evidence."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from kztariffs.extract import extract_page
from schema.flat import flatten

FETCHED = datetime(2026, 11, 1, tzinfo=UTC)


def _plans(payload: object, operator: str = "tele2") -> list[dict]:
    plans, rejected = extract_page(
        json.dumps(payload, ensure_ascii=False).encode(),
        operator=operator,
        url=f"https://{operator}.kz/apigw/v1/tariffs",
        content_type="application/json",
        fetched_at=FETCHED,
    )
    assert not rejected
    return [p.model_dump(mode="json") for p in plans]


def test_price_and_validity_fields_are_read_from_their_keys() -> None:
    (plan,) = _plans(
        {"tariffs": [{"title": "Мой онлайн", "price": {"amount": 3490, "currency": "KZT",
         "period": "WEEK"}, "validity": {"value": 7, "unit": "DAY"}, "features": []}]}
    )  # fmt: skip
    assert (plan["price"]["amount"], plan["price"]["period"]) == ("3490", "P7D")
    assert plan["evidence"]["price.amount"]["text"] == '"price.amount": 3490'
    assert plan["evidence"]["price.period"]["text"] == '"price.period": "WEEK"'
    assert plan["validity"] == "P7D"


def test_balance_shaped_allowances_with_nines_for_unlimited() -> None:
    payload = {
        "data": {
            "tariffs": [
                {
                    "name": "Безлимит+",
                    "price": {"amount": 4990, "currency": "KZT", "period": "MONTH"},
                    "balances": [
                        {"type_billing": "DATA", "origin_type": "GIGA_BYTES", "origin_amount": 40},
                        {"type_billing": "SMS", "origin_type": "PIECES", "origin_amount": 999999},
                        {"type_billing": "VOICE", "origin_type": "MINUTES",
                         "origin_amount": 300, "title": "Звонки на другие сети"},
                        {"type_billing": "VOICE", "origin_type": "MINUTES",
                         "origin_amount": 500},
                    ],
                }
            ]
        }
    }  # fmt: skip
    (plan,) = _plans(payload)
    flat = flatten_json(plan)
    assert (flat["price_kzt"], flat["price_period_days"]) == (4990, 30)
    assert (flat["data_gb"], flat["data_unlimited"]) == (40, False)
    assert flat["sms_count"] == "unlimited"
    # minutes that name their network are read; 500 minutes naming none stay unknown
    assert (flat["voice_offnet_min"], flat["voice_onnet_min"]) == (300, None)
    # evidence: the key path inside the tariff object, with its value
    assert plan["evidence"]["data.quota_mb"]["text"] == '"balances[0].origin_amount": 40'


def flatten_json(plan: dict) -> dict:
    from schema.plan import Plan

    return flatten(Plan.model_validate(plan))

"""Facts a JSON tariff object states in its own typed fields, set on the draft directly.

A price `{"amount": 1290, "currency": "KZT", "period": "MONTH"}`, a validity `{"value": 30,
"unit": "DAY"}` and an allowance in the platform's balance shape (`origin_amount`, `origin_type`
such as `GIGA_BYTES`, `type_billing` DATA / VOICE / SMS, "unlimited" written as a run of nines)
need no text matching: their numbers and units are read from the keys, and the evidence is the
key path with its value. What is only a string (a feature "12 ГБ", a description) still goes
through the normalizer's text path; a typed field wins over what that path read.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from schema.draft import Draft

PERIODS = {"DAY": "P1D", "WEEK": "P7D", "FOUR_WEEKS": "P28D", "MONTH": "P1M"}
DURATIONS = {"DAY": "D", "DAYS": "D", "HOUR": "H", "HOURS": "H"}
DATA_MB = {
    "GIGA_BYTES": Decimal(1024),
    "GIGABYTES": Decimal(1024),
    "GB": Decimal(1024),
    "MEGA_BYTES": Decimal(1),
    "MEGABYTES": Decimal(1),
    "MB": Decimal(1),
}
COUNT_TYPES = {"MINUTES": "voice", "MINUTE": "voice", "SMS": "sms", "PIECES": None, "UNITS": None}
BILLING = {"DATA": "data", "VOICE": "voice", "SMS": "sms"}


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() and number >= 0 else None


def is_nines(number: Decimal) -> bool:
    """999, 99999, 999999.0: the platform's way of writing "unlimited"."""
    whole = str(int(number)) if number == number.to_integral_value() else ""
    return len(whole) >= 3 and set(whole) == {"9"}


def _evidence(path: str, value: Any) -> str:
    return f'"{path}": {value!r}'.replace("'", '"')


def apply_price(draft: Draft, tariff: dict[str, Any]) -> None:
    price = tariff.get("price")
    if not isinstance(price, dict):
        return
    currency = str(price.get("currency") or "KZT").upper()
    key = "amount" if "amount" in price else "value"
    amount = _decimal(price.get(key))
    if amount is not None and currency == "KZT" and amount < 10_000_000:
        draft.set("price_amount", amount, _evidence(f"price.{key}", price.get(key)), "price.amount")
        _clear_warnings(draft, "price.amount")
    period = price.get("period")
    if isinstance(period, str) and period.upper() in PERIODS:
        draft.set("price_period", PERIODS[period.upper()], _evidence("price.period", period),
                  "price.period")  # fmt: skip
        _clear_warnings(draft, "price.period")


def apply_validity(draft: Draft, tariff: dict[str, Any]) -> None:
    validity = tariff.get("validity")
    if not isinstance(validity, dict):
        return
    amount = _decimal(validity.get("value"))
    unit = DURATIONS.get(str(validity.get("unit", "")).upper())
    if amount is None or unit is None or amount != amount.to_integral_value() or amount == 0:
        return
    n = int(amount)
    duration = f"P{n}D" if unit == "D" else (f"P{n // 24}D" if n % 24 == 0 else f"PT{n}H")
    draft.set("validity", duration, _evidence("validity", validity), "validity")
    _clear_warnings(draft, "validity")


def balances(payload: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every allowance object in the balance shape, with its key path."""
    if isinstance(payload, dict):
        if "origin_amount" in payload and ("origin_type" in payload or "type_billing" in payload):
            yield path, payload
            return
        for key, value in payload.items():
            yield from balances(value, f"{path}.{key}" if path else key)
    elif isinstance(payload, list):
        for i, item in enumerate(payload):
            yield from balances(item, f"{path}[{i}]")


def apply_balances(draft: Draft, tariff: dict[str, Any]) -> None:
    """Data and SMS from balance objects; minutes only when the object names its network (the
    network word is read from its title, as on a page: minutes naming none stay unknown)."""
    from normalizer.scope import network_of

    for path, obj in balances(tariff):
        amount = _decimal(obj.get("origin_amount"))
        if amount is None:
            continue
        unit = str(obj.get("origin_type") or "").upper()
        kind = BILLING.get(str(obj.get("type_billing") or "").upper())
        if kind is None:
            kind = "data" if unit in DATA_MB else COUNT_TYPES.get(unit)
        evidence = _evidence(f"{path}.origin_amount", obj.get("origin_amount"))
        unlimited = is_nines(amount)
        if kind == "data":
            if unlimited:
                draft.set("data_unlimited", True, evidence, "data.unlimited")
            elif unit in DATA_MB:
                draft.set("data_quota_mb", amount * DATA_MB[unit], evidence, "data.quota_mb")
                draft.set("data_unlimited", False, evidence, "data.unlimited")
        elif kind == "sms" and amount == amount.to_integral_value():
            draft.set("sms_count", "unlimited" if unlimited else int(amount), evidence, "sms.count")
        elif kind == "voice" and amount == amount.to_integral_value():
            title = " ".join(str(obj.get(k) or "") for k in ("title", "name", "description"))
            net = network_of(title, draft.operator)
            value: int | str = "unlimited" if unlimited else int(amount)
            if net in ("onnet", "all"):
                draft.set("voice_onnet", value, evidence, "voice.onnet")
            if net in ("offnet", "all"):
                draft.set("voice_offnet", value, evidence, "voice.offnet")


def apply_json_fields(draft: Draft, tariff: dict[str, Any]) -> None:
    """Every typed field of `tariff` onto `draft` (after the text path read its strings)."""
    apply_price(draft, tariff)
    apply_validity(draft, tariff)
    apply_balances(draft, tariff)


def _clear_warnings(draft: Draft, field: str) -> None:
    draft.warnings = [w for w in draft.warnings if w.field != field]

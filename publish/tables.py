"""The CSV of the flat projection and the Frictionless Data Package that describes a release."""

from __future__ import annotations

import csv
import io
from typing import Any

from schema.flat import FLAT_COLUMNS

_FIELD_TYPES = {
    "data_only": "boolean", "data_unlimited": "boolean", "data_per_day": "boolean",
    "price_kzt": "number", "price_period_days": "integer", "validity_days": "number",
    "data_gb": "number", "throttle_kbps": "integer", "availability_date": "date",
    "data_per_days": "integer", "voice_per_days": "integer", "sms_per_days": "integer",
    "fallback_price_kzt": "number", "fallback_period_days": "integer", "sources": "integer",
}  # fmt: skip
_DESCRIPTIONS = {
    "voice_onnet_min": "minutes, or 'unlimited'",
    "voice_offnet_min": "minutes, or 'unlimited'",
    "voice_international_min": "minutes, or 'unlimited'",
    "sms_count": "messages, or 'unlimited'",
    "rollover": "yes | no | unknown",
    "availability": "current | archived | closed | discontinued | unknown",
    "conditions": "'field kind [duration]' per condition, '; '-separated",
    "data_per_days": "1 or 7 when the quota is granted per day / per week, else per price period",
    "sources": "number of pages or APIs the plan was read from",
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def flat_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FLAT_COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in FLAT_COLUMNS])
    return buf.getvalue()


def datapackage(release_id: str, hashes: dict[str, str], operators: list[str]) -> dict[str, Any]:
    fields = []
    for name in FLAT_COLUMNS:
        spec: dict[str, Any] = {"name": name, "type": _FIELD_TYPES.get(name, "string")}
        if name in _DESCRIPTIONS:
            spec["description"] = _DESCRIPTIONS[name]
        fields.append(spec)
    resources: list[dict[str, Any]] = [
        {
            "name": "plans-flat",
            "path": "plans.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "hash": f"sha256:{hashes['plans.csv']}",
            "schema": {"fields": fields, "primaryKey": ["id"], "missingValues": [""]},
        },
        {
            "name": "plans",
            "path": "plans.json",
            "format": "json",
            "mediatype": "application/json",
            "hash": f"sha256:{hashes['plans.json']}",
            "schema": "schema.json",
        },
    ]
    resources += [
        {
            "name": f"plans-{op}",
            "path": f"{op}.json",
            "format": "json",
            "mediatype": "application/json",
            "hash": f"sha256:{hashes[f'{op}.json']}",
        }
        for op in operators
    ]
    return {
        "profile": "data-package",
        "name": "kztariffs",
        "title": "Mobile tariffs of Kazakhstan (Kcell, activ, Beeline, izi, Tele2, Altel)",
        "version": release_id,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": resources,
    }

"""The CSV of the flat projection and the Frictionless Data Package that describes a release."""

from __future__ import annotations

import csv
import io
from typing import Any

from schema.flat import FLAT_COLUMNS

_FIELD_TYPES = {
    "data_only": "boolean", "data_unlimited": "boolean", "data_per_day": "boolean",
    "price_kzt": "number", "price_period_days": "integer", "validity_days": "number",
    "data_gb": "number", "throttle_kbps": "integer",
}  # fmt: skip
_DESCRIPTIONS = {
    "voice_onnet_min": "minutes, or 'unlimited'",
    "voice_offnet_min": "minutes, or 'unlimited'",
    "voice_international_min": "minutes, or 'unlimited'",
    "sms_count": "messages, or 'unlimited'",
    "rollover": "yes | no | unknown",
}


# A text cell starting with one of these is run as a formula by spreadsheets (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # OWASP: a leading quote makes it text; numbers are never strings
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
            # A Table Schema belongs under "schema"; plans.json is described by a JSON Schema.
            "description": "Every plan with its evidence; JSON Schema 2020-12 in schema.json",
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

"""The CSV of the flat projection and the Frictionless Data Package that describes a release."""

from __future__ import annotations

import csv
import io
from typing import Any

from schema.flat import FLAT_COLUMNS

# Appended after the flat columns (old readers keep their columns and order): whole numbers or
# empty, and booleans, so that a spreadsheet or datasette can sort minutes and messages.
_ALLOWANCES = {
    "voice_onnet_min": ("voice_onnet_minutes", "voice_onnet_unlimited"),
    "voice_offnet_min": ("voice_offnet_minutes", "voice_offnet_unlimited"),
    "voice_international_min": ("voice_international_minutes", "voice_international_unlimited"),
    "sms_count": ("sms_messages", "sms_unlimited"),
}
ALLOWANCE_COLUMNS = tuple(c for pair in _ALLOWANCES.values() for c in pair)
CSV_COLUMNS = FLAT_COLUMNS + ALLOWANCE_COLUMNS

_FIELD_TYPES = {
    "data_only": "boolean", "data_unlimited": "boolean", "data_per_day": "boolean",
    "price_kzt": "number", "price_period_days": "integer", "validity_days": "number",
    "data_gb": "number", "throttle_kbps": "integer", "availability_date": "date",
    "data_per_days": "integer", "voice_per_days": "integer", "sms_per_days": "integer",
    "fallback_price_kzt": "number", "fallback_period_days": "integer", "sources": "integer",
    **{n: "integer" for n, _ in _ALLOWANCES.values()},
    **{u: "boolean" for _, u in _ALLOWANCES.values()},
}  # fmt: skip
_DESCRIPTIONS = {
    "voice_onnet_min": "minutes, or 'unlimited' (numeric: voice_onnet_minutes)",
    "voice_offnet_min": "minutes, or 'unlimited' (numeric: voice_offnet_minutes)",
    "voice_international_min": "minutes, or 'unlimited' (numeric: voice_international_minutes)",
    "sms_count": "messages, or 'unlimited' (numeric: sms_messages)",
    "rollover": "yes | no | unknown",
    "availability": "current | archived | closed | discontinued | unknown",
    "conditions": "'field kind [duration]' per condition, '; '-separated",
    "data_per_days": "1 or 7 when the quota is granted per day / per week, else per price period",
    "sources": "number of pages or APIs the plan was read from",
    **{n: "whole number; empty when unlimited or not stated" for n, _ in _ALLOWANCES.values()},
    **{u: "true: unlimited; empty when not stated" for _, u in _ALLOWANCES.values()},
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


def with_allowances(row: dict[str, Any]) -> dict[str, Any]:
    """A flat row plus numeric minute/message columns and their `*_unlimited` booleans."""
    out = dict(row)
    for source, (number, unlimited) in _ALLOWANCES.items():
        value = row[source]
        out[number] = None if value in (None, "unlimited") else int(value)
        out[unlimited] = None if value is None else value == "unlimited"
    return out


def flat_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        full = with_allowances(row)
        writer.writerow([_cell(full[c]) for c in CSV_COLUMNS])
    return buf.getvalue()


def datapackage(release_id: str, hashes: dict[str, str], operators: list[str]) -> dict[str, Any]:
    fields = []
    for name in CSV_COLUMNS:
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
    readers = [
        ("answers", "answers.json", "json", "application/json"),
        ("plans-sqlite", "plans.db", "sqlite", "application/vnd.sqlite3"),
        ("comparison-page", "site/index.html", "html", "text/html"),
    ]
    resources += [
        {"name": n, "path": p, "format": f, "mediatype": m, "hash": f"sha256:{hashes[p]}"}
        for n, p, f, m in readers
        if p in hashes
    ]
    return {
        "profile": "data-package",
        "name": "kztariffs",
        "title": "Mobile tariffs of Kazakhstan (Kcell, activ, Beeline, izi, Tele2, Altel)",
        "version": release_id,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": resources,
    }

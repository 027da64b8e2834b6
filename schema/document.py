"""The published `plans.json` document and the JSON Schema generated from it."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from schema.plan import SCHEMA_VERSION, Plan

SCHEMA_FILE = Path(__file__).with_name("plan.schema.json")


class PlansDocument(BaseModel):
    """`releases/<id>/plans.json`: every plan of a release, sorted by id."""

    model_config = ConfigDict(extra="forbid")

    schema_version: str
    release: str
    generated_at: datetime
    plans: list[Plan]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the published form (what readers of plans.json see)."""
    schema = PlansDocument.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://kztariffs.example/schema/{SCHEMA_VERSION}/plan.schema.json"
    schema["title"] = "kztariffs plans.json"
    schema["properties"]["schema_version"]["const"] = SCHEMA_VERSION
    return schema


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema(path: Path = SCHEMA_FILE) -> Path:
    path.write_text(schema_text(), encoding="utf-8")
    return path


if __name__ == "__main__":  # python -m schema.document  regenerates schema/plan.schema.json
    print(write_schema())

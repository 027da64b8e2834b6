"""The published plan schema: one model for every operator (see DATA_FORMAT.md)."""

from schema.draft import Draft, Warning_
from schema.flat import FLAT_COLUMNS, flatten
from schema.plan import SCHEMA_VERSION, Plan

__all__ = ["FLAT_COLUMNS", "SCHEMA_VERSION", "Draft", "Plan", "Warning_", "flatten"]

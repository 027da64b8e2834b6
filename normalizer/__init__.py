"""The shared, operator-agnostic normalizer: tariff page text -> `schema.draft.Draft`s.

`extract_plans(text, operator=..., url=..., title=...)` is the one entry point; the modules
beside it each do one job (numbers, quantities, money, periods, unlimited, rollover, decoys,
lines, tables, names, facts, resolve).
"""

from normalizer.extract import extract_plans

__all__ = ["extract_plans"]

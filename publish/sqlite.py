"""plans.db: the release as SQLite with typed columns and one view per seed question.

Open it with `datasette output/latest/plans.db` or any SQLite client. Booleans are 0/1 and unknown
is NULL; the views answer the same questions as answers.json, by the same rules.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from publish.answers import GB_TIERS, NORMALISATION, ROLLOVER_RULE
from publish.view import PlanView, row

# column -> SQLite type; the order of plans' columns
PLAN_COLUMNS: dict[str, str] = {
    "id": "TEXT PRIMARY KEY",
    "operator": "TEXT NOT NULL",
    "name": "TEXT",
    "kind": "TEXT NOT NULL",
    "segment": "TEXT NOT NULL",
    "availability": "TEXT NOT NULL",
    "current": "INTEGER NOT NULL",
    "stale": "INTEGER NOT NULL",
    "data_only": "INTEGER",
    "price_kzt": "REAL",
    "price_period": "TEXT",
    "price_period_days": "INTEGER",
    "price_30d": "REAL",
    "validity_days": "REAL",
    "data_gb": "REAL",
    "data_unlimited": "INTEGER",
    "data_per_day": "INTEGER NOT NULL",
    "data_per": "TEXT",
    "gb_30d": "REAL",
    "price_per_gb": "REAL",
    "throttle_kbps": "INTEGER",
    "voice_onnet_min": "INTEGER",
    "voice_onnet_unlimited": "INTEGER",
    "voice_offnet_min": "INTEGER",
    "voice_offnet_unlimited": "INTEGER",
    "voice_international_min": "INTEGER",
    "voice_international_unlimited": "INTEGER",
    "sms_count": "INTEGER",
    "sms_unlimited": "INTEGER",
    "rollover": "TEXT NOT NULL",
    "data_rollover": "TEXT NOT NULL",
    "rollover_terms": "TEXT",
    "url": "TEXT",
}

_TIERS_SQL = ", ".join(f"('{g}', {g})" for g in GB_TIERS) + ", ('unlimited', NULL)"

VIEWS: dict[str, str] = {
    # Does unused data roll over? One row per plan, with the page's words.
    "data_rollover": """
        SELECT p.operator, CASE p.data_rollover WHEN 'unknown' THEN 'not stated'
                           ELSE p.data_rollover END AS answer,
               p.id AS plan_id, p.name, p.kind, e.text AS evidence, p.url
        FROM plans p LEFT JOIN evidence e ON e.plan_id = p.id AND e.fact = 'rollover'
        ORDER BY p.operator, answer, p.id""",
    # Which data-only SIM plans and packs exist?
    "data_only_offers": """
        SELECT p.operator, p.kind, p.id AS plan_id, p.name, p.price_kzt, p.price_period,
               p.data_gb, p.data_unlimited, e.text AS evidence, p.url
        FROM plans p LEFT JOIN evidence e ON e.plan_id = p.id AND e.fact = 'data_only'
        WHERE p.data_only = 1
        ORDER BY p.operator, p.kind DESC, p.id""",
    # Cheapest current consumer plan per 30 days for each data tier, per operator.
    "cheapest_30_days": f"""
        WITH tiers(tier, gb) AS (VALUES {_TIERS_SQL}),
        ranked AS (
            SELECT p.operator, t.tier, t.gb AS tier_gb, p.id AS plan_id, p.name, p.price_30d,
                   p.price_kzt, p.price_period, p.gb_30d, p.data_unlimited, p.url,
                   ROW_NUMBER() OVER (PARTITION BY p.operator, t.tier
                                      ORDER BY p.price_30d, p.id) AS rank
            FROM plans p JOIN tiers t
              ON p.data_unlimited = 1 OR (t.gb IS NOT NULL AND p.gb_30d >= t.gb)
            WHERE p.kind = 'plan' AND p.segment = 'consumer' AND p."current" = 1
              AND p.price_30d IS NOT NULL)
        SELECT operator, tier, plan_id, name, price_30d, price_kzt, price_period, gb_30d,
               data_unlimited, url
        FROM ranked WHERE rank = 1
        ORDER BY operator, COALESCE(tier_gb, 1e9)""",
}


def _value(v: Any) -> Any:
    return int(v) if isinstance(v, bool) else v


def build_db(path: Path, views: list[PlanView], meta: dict[str, str]) -> None:
    """Write the database at `path` (a new file)."""
    con = sqlite3.connect(path)
    try:
        cols = ", ".join(f'"{c}" {t}' for c, t in PLAN_COLUMNS.items())
        con.execute(f"CREATE TABLE plans ({cols})")
        con.execute(
            "CREATE TABLE evidence (plan_id TEXT NOT NULL REFERENCES plans(id), fact TEXT NOT "
            "NULL, text TEXT NOT NULL, PRIMARY KEY (plan_id, fact))"
        )
        con.execute(
            "CREATE TABLE conditions (plan_id TEXT NOT NULL REFERENCES plans(id), fact TEXT NOT "
            "NULL, text TEXT NOT NULL)"
        )
        con.execute("CREATE TABLE release (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        marks = ", ".join("?" for _ in PLAN_COLUMNS)
        for v in sorted(views, key=lambda v: v.id):
            r = row(v)
            con.execute(f"INSERT INTO plans VALUES ({marks})", [_value(r[c]) for c in PLAN_COLUMNS])
            con.executemany(
                "INSERT INTO evidence VALUES (?, ?, ?)",
                [(v.id, fact, text) for fact, text in sorted(v.evidence.items())],
            )
            con.executemany(
                "INSERT INTO conditions VALUES (?, ?, ?)",
                [(v.id, f, t) for f, texts in sorted(v.conditions.items()) for t in texts],
            )
        rules = {"price_normalisation": NORMALISATION, "data_rollover": ROLLOVER_RULE}
        con.executemany("INSERT INTO release VALUES (?, ?)", sorted({**meta, **rules}.items()))
        for name, sql in VIEWS.items():
            con.execute(f"CREATE VIEW {name} AS {sql}")
        con.commit()
    finally:
        con.close()


def db_bytes(views: list[PlanView], meta: dict[str, str]) -> bytes:
    """The database file's bytes (same views and meta, same bytes)."""
    with tempfile.TemporaryDirectory(prefix="kztariffs-db-") as tmp:
        path = Path(tmp) / "plans.db"
        build_db(path, views, meta)
        return path.read_bytes()

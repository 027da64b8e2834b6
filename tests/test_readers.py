"""plans.db, the CSV allowance columns and the page HTML, on sample and recorded plans."""

from __future__ import annotations

import csv
import io
import json
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from publish.answers import answers_document
from publish.readers import reader_files
from publish.release import OperatorOutcome, publish_release, read_json
from publish.site import render_page
from publish.sqlite import PLAN_COLUMNS, build_db
from publish.tables import flat_csv
from publish.validate import validate_release
from publish.view import views
from schema.flat import FLAT_COLUMNS, flatten
from tests.readerplans import plan, recorded_plans, sample_plans

T0 = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


def _db(tmp_path: Path, plans: list[Any]) -> sqlite3.Connection:
    path = tmp_path / "plans.db"
    build_db(path, views(plans), {"release": "r1"})
    return sqlite3.connect(path)


def test_plans_db_has_typed_columns(tmp_path: Path) -> None:
    con = _db(tmp_path, sample_plans())
    types = {row[1]: row[2] for row in con.execute("PRAGMA table_info(plans)")}
    assert types["price_30d"] == "REAL" and types["voice_onnet_min"] == "INTEGER"
    assert types["sms_unlimited"] == "INTEGER" and types["rollover"] == "TEXT"
    assert list(types) == list(PLAN_COLUMNS)
    row = con.execute(
        "SELECT price_kzt, price_30d, voice_onnet_min, voice_onnet_unlimited, sms_count,"
        " typeof(price_30d), typeof(sms_count) FROM plans WHERE id = 'kcell:month-10'"
    ).fetchone()
    assert row == (2990.0, 2990.0, None, 1, 100, "real", "integer")
    # numbers sort as numbers
    sql = "SELECT id FROM plans WHERE price_30d > 2000 ORDER BY price_30d"
    order = [r[0] for r in con.execute(sql)]
    assert order == ["kcell:month-10", "beeline:daily-1", "kcell:week-5", "kcell:modem-50",
                     "kcell:unlim"]  # fmt: skip


def test_views_answer_like_answers_json_on_the_recorded_release(tmp_path: Path) -> None:
    plans = list(recorded_plans())
    con = _db(tmp_path, plans)
    doc = answers_document("r1", "t", "1-0-0", views(plans))
    from_view = {
        (op, tier): plan_id
        for op, tier, plan_id in con.execute("SELECT operator, tier, plan_id FROM cheapest_30_days")
    }
    from_json = {
        (op, tier): e["id"]
        for op, a in doc["operators"].items()
        for tier, e in a["cheapest_30d"].items()
        if e is not None
    }
    assert from_view == from_json and from_json  # at least one answer on the recorded pages
    counts = dict(
        con.execute("SELECT operator || ':' || answer, count(*) FROM data_rollover GROUP BY 1")
    )
    for op, a in doc["operators"].items():
        r = a["rollover"]
        assert counts.get(f"{op}:yes", 0) == len(r["yes"])
        assert counts.get(f"{op}:no", 0) == len(r["no"])
        assert counts.get(f"{op}:not stated", 0) == len(r["not_stated"])
    offers = {r[0] for r in con.execute("SELECT plan_id FROM data_only_offers")}
    assert offers == {
        e["id"] for a in doc["operators"].values() for k in ("plans", "packs")
        for e in a["data_only"][k]
    }  # fmt: skip


def test_csv_gets_numeric_allowances_and_unlimited_flags_after_the_old_columns() -> None:
    plans = [plan("kcell", "a", price=1, gb=1, onnet="unlimited", sms=50)]
    rows = list(csv.DictReader(io.StringIO(flat_csv([flatten(p) for p in plans]))))
    header = next(csv.reader(io.StringIO(flat_csv([]))))
    assert tuple(header[: len(FLAT_COLUMNS)]) == FLAT_COLUMNS  # old readers keep their columns
    [r] = rows
    assert r["voice_onnet_min"] == "unlimited"  # unchanged
    assert (r["voice_onnet_minutes"], r["voice_onnet_unlimited"]) == ("", "true")
    assert (r["sms_messages"], r["sms_unlimited"]) == ("50", "false")
    assert (r["voice_offnet_minutes"], r["voice_offnet_unlimited"]) == ("", "")


def test_page_escapes_page_text_and_drops_script_urls() -> None:
    vs = views(sample_plans())
    html = render_page(vs, answers_document("r1", "t", "1-0-0", vs), "r1", "t")
    assert "Evil &lt;script&gt;window.__pwned = 1&lt;/script&gt; plan" in html
    assert "<script>window.__pwned" not in html
    assert "javascript:" not in html
    assert 'href="https://kcell.kz/month-10"' in html
    # self-contained: no resource is loaded from elsewhere
    assert "<link" not in html and " src=" not in html and "@import" not in html
    # unknowns read "not stated"; the English label is in the page before any script runs
    assert html.count('data-i18n="not_stated"') > 10
    assert html.count('<tr id="plan-') == len(vs)


def test_reader_files_are_deterministic() -> None:
    plans = list(recorded_plans())
    a = reader_files(plans, "r1", "2026-11-30T01:00:00Z")
    b = reader_files(list(reversed(plans)), "r1", "2026-11-30T01:00:00Z")
    assert a == b and set(a) == {"answers.json", "plans.db", "site/index.html"}


def test_every_release_carries_answers_db_and_page(tmp_path: Path) -> None:
    plans = list(recorded_plans())
    ops = sorted({p.operator for p in plans})
    outcomes = [
        OperatorOutcome(operator=op, status="fresh", plans=[p for p in plans if p.operator == op])
        for op in ops
    ]
    result = publish_release(tmp_path, outcomes, now=T0)
    rel = result.path
    assert rel is not None
    manifest = read_json(rel / "manifest.json")
    assert {"answers.json", "plans.db", "site/index.html"} <= set(manifest["files"])
    assert validate_release(rel) == [] and validate_release(tmp_path / "latest") == []
    latest_page = (tmp_path / "latest" / "site" / "index.html").read_text()
    assert latest_page == (rel / "site" / "index.html").read_text()
    assert f'<code id="release">{result.release_id}</code>' in latest_page
    assert read_json(rel / "answers.json")["release"] == result.release_id


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_datasette_serves_plans_db(tmp_path: Path) -> None:
    plans = list(recorded_plans())
    db = tmp_path / "plans.db"
    build_db(db, views(plans), {"release": "r1"})
    port = _free_port()
    exe = Path(sys.executable).with_name("datasette")
    proc = subprocess.Popen(
        [str(exe), "serve", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/-/versions.json", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"datasette did not start on {base}: {out}")
                time.sleep(0.2)
        got = httpx.get(f"{base}/plans/cheapest_30_days.json?_shape=array", timeout=10).json()
        doc = answers_document("r1", "t", "1-0-0", views(plans))
        want = [
            {"operator": op, "tier": tier, "plan_id": e["id"], "price_30d": e["price_30d"]}
            for op, a in doc["operators"].items()
            for tier, e in a["cheapest_30d"].items()
            if e is not None
        ]
        keys = ("operator", "tier", "plan_id", "price_30d")
        assert [{k: r[k] for k in keys} for r in got] == want
        sql = "select count(*) as n from plans where data_only = 1"
        n = httpx.get(f"{base}/plans.json", params={"sql": sql, "_shape": "array"}, timeout=10)
        assert n.json() == [{"n": sum(p.data_only is True for p in plans)}]
        assert json.loads(httpx.get(f"{base}/plans/plans.json?_shape=objects", timeout=10).text)[
            "filtered_table_rows_count"
        ] == len(plans)
    finally:
        proc.terminate()
        proc.wait(timeout=10)

"""The `tariffs` commands as a user runs them (in-process, through typer's runner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kztariffs.cli import app
from publish.release import publish_release
from schema.flat import FACT_COLUMNS, FLAT_COLUMNS
from tests.conftest import CORPUS
from tests.planfactory import make_plan, outcome

runner = CliRunner()
TEXTS = CORPUS / "texts.jsonl"


def _records() -> list[dict]:
    if not TEXTS.is_file():
        pytest.skip(f"corpus not found at {TEXTS} (it sits beside the repo as ../shared)")
    return [json.loads(line) for line in TEXTS.read_text(encoding="utf-8").splitlines()]


def test_extract_flat_answers_for_every_corpus_text(tmp_path: Path) -> None:
    texts = {r["text"]: r for r in _records()}
    for i, (text, rec) in enumerate(texts.items()):
        page = tmp_path / f"{i}.txt"
        page.write_text(text, encoding="utf-8")
        args = ["extract", str(page), "--operator", rec["operator"], "--flat"]
        if rec["url"]:
            args += ["--url", rec["url"]]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (rec["id"], result.output)
        rows = json.loads(result.stdout)
        assert rows, f"{rec['id']}: no plan extracted"
        assert all(tuple(r) == FLAT_COLUMNS for r in rows)


def test_extract_full_schema_shows_evidence(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text("Premier 5.0\n2990 ₸/мес.\n10 ГБ интернет-трафика\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "--operator", "kcell"])
    assert result.exit_code == 0, result.output
    [plan] = json.loads(result.stdout)
    assert plan["price"]["amount"] == "2990"
    assert "2990 ₸/мес." in plan["evidence"]["price.amount"]["text"]


def test_extract_missing_file_names_it(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.html"), "--operator", "kcell"])
    assert result.exit_code == 2 and "nope.html" in result.output


def test_eval_prints_the_per_field_table() -> None:
    _records()
    result = runner.invoke(app, ["eval", str(TEXTS)])
    assert result.exit_code == 0, result.output
    assert "price_kzt" in result.output and "rollover" in result.output


def test_eval_counts_false_claims_and_shows_each_disagreement(tmp_path: Path) -> None:
    """A number published where the label says the page states none is a false claim; a
    rollover yes/no where the label says nothing is a false rollover claim."""
    page = "Премьер\n2990 тг в месяц\n10 ГБ\nНеиспользованный трафик сгорает в конце месяца."
    label = dict.fromkeys(FACT_COLUMNS) | {
        "plan_name": "Премьер",
        "price_kzt": 2990,
        "price_period_days": 30,
    }
    rec = {"id": "r1", "operator": "kcell", "url": None, "text": page, "expected": label}
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(labels)])
    assert result.exit_code == 0, result.output
    assert "false claims: 1 of 5 fields the pages leave unstated (20.0%)" in result.output
    assert "false rollover claims: 1" in result.output
    shown = runner.invoke(app, ["eval", "--show", str(labels)])
    assert "r1" in shown.output and "data_gb" in shown.output and "rollover" in shown.output


def test_validate_reports_a_broken_release(tmp_path: Path) -> None:
    res = publish_release(tmp_path, [outcome("kcell", [make_plan()])])
    ok = runner.invoke(app, ["validate", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    doc = json.loads((res.path / "plans.json").read_text())  # type: ignore[operator]
    doc["plans"][0]["price"]["period"] = "monthly"
    (res.path / "plans.json").write_text(json.dumps(doc))  # type: ignore[operator]
    bad = runner.invoke(app, ["validate", str(res.path)])
    assert bad.exit_code == 1 and "period" in bad.output


def test_run_refuses_a_folder_that_is_not_a_snapshot_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", "--recorded-dir", str(tmp_path)])
    assert result.exit_code == 2 and "not a snapshot store" in result.output


def test_reparse_without_releases_says_what_to_do(tmp_path: Path) -> None:
    result = runner.invoke(app, ["reparse", "--output", str(tmp_path)])
    assert result.exit_code == 2 and "tariffs run" in result.output

"""The scrape-and-publish flow end to end on recorded pages (one Prefect harness per session)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kztariffs.paths import RECORDED_DIR
from kztariffs.reparse import find_release, reproduce_plans_json
from publish.release import read_json, release_dirs
from publish.validate import validate_path
from schema.plan import OPERATORS
from scrapers.snapshot import Snapshot, SnapshotStore
from tests.recorded_copy import copy_store

pytestmark = pytest.mark.flow


def _run(output: Path, recorded: Path | None = None, **params: object) -> dict:
    from flows.scrape_and_publish import scrape_and_publish

    state = scrape_and_publish(
        output=str(output),
        recorded_dir=str(recorded) if recorded else None,
        return_state=True,
        **params,
    )
    assert state.is_completed(), state.message
    return {"state": state.name, **state.result()}


def test_recorded_run_publishes_all_six_brands_once(prefect_harness: None, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _run(out)
    assert first["state"] == "Completed"
    assert {r["operator"]: r["status"] for r in first["operators"]} == dict.fromkeys(
        OPERATORS, "fresh"
    )
    assert validate_path(out) and all(not p for p in validate_path(out).values())
    plans = read_json(out / "latest" / "plans.json")["plans"]
    assert {p["operator"] for p in plans} == set(OPERATORS)
    assert (out / "snapshots" / "history.jsonl").is_file()
    second = _run(out)
    assert second["release"]["created"] is False
    assert len(release_dirs(out)) == 1


def test_broken_operator_keeps_its_plans_marked_stale(
    prefect_harness: None, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _run(out)
    before = [
        p for p in read_json(out / "latest" / "plans.json")["plans"] if p["operator"] == "izi"
    ]

    def break_izi(snap: Snapshot) -> bytes:
        return (
            b"<html><body>503 Service Unavailable</body></html>"
            if snap.operator == "izi"
            else snap.body
        )

    broken = copy_store(tmp_path / "broken", break_izi)
    result = _run(out, broken)
    assert result["state"] == "Stale"
    status = {r["operator"]: r for r in result["operators"]}
    assert status["izi"]["status"] == "stale" and "zero plans" in status["izi"]["reason"]
    assert all(status[op]["status"] == "fresh" for op in OPERATORS if op != "izi")
    after = [p for p in read_json(out / "latest" / "plans.json")["plans"] if p["operator"] == "izi"]
    assert [p["id"] for p in after] == [p["id"] for p in before]
    assert all(
        p["stale_since"] and p["stale_reason"].startswith("gates: zero plans") for p in after
    )
    manifest = read_json(out / "latest" / "manifest.json")
    assert manifest["operators"]["izi"]["status"] == "stale"


def test_price_change_in_a_page_shows_in_changes_json(
    prefect_harness: None, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _run(out, operators=["altel"])
    plans = read_json(out / "latest" / "plans.json")["plans"]
    bodies = {s.url: s.body for s in SnapshotStore(RECORDED_DIR).for_operator("altel")}
    # a plan whose fee is written as plain digits on its page, so the edit below changes it
    target = next(
        p
        for p in plans
        if p["price"] and p["price"]["amount"].encode() in bodies.get(p["url"], b"")
    )
    old = target["price"]["amount"]
    new = str(int(old) + 111)

    def spaced(n: str, sep: str) -> bytes:
        return f"{int(n):,}".replace(",", sep).encode()

    def raise_price(snap: Snapshot) -> bytes:
        """The page's fee, however it is written ("1000", "1 000", "1\u00a0000"), goes up."""
        if snap.url != target["url"]:
            return snap.body
        body = snap.body.replace(old.encode(), new.encode())
        for sep in (" ", "\u00a0"):
            body = body.replace(spaced(old, sep), spaced(new, sep))
        return body

    _run(out, copy_store(tmp_path / "changed", raise_price), operators=["altel"])
    changes = read_json(out / "latest" / "changes.json")
    entry = next(c for c in changes["changed"] if c["id"] == target["id"])
    assert entry["change"] == "tariff"
    assert entry["fields"]["price.amount"] == {"before": old, "after": new}


def test_reparse_reproduces_the_release_byte_for_byte(
    prefect_harness: None, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _run(out)
    rel = find_release(out, None)
    assert reproduce_plans_json(out, rel) == (rel / "plans.json").read_bytes()
    from typer.testing import CliRunner

    from kztariffs.cli import app

    check = CliRunner().invoke(app, ["reparse", "--output", str(out), "--check"])
    assert check.exit_code == 0 and "reproduces plans.json exactly" in check.output
    again = CliRunner().invoke(app, ["reparse", "--output", str(out)])
    assert again.exit_code == 0 and "no new release" in again.output


def test_subset_run_keeps_the_other_operators(prefect_harness: None, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(out)
    total = len(read_json(out / "latest" / "plans.json")["plans"])
    result = _run(out, operators=["beeline"])
    kept = {r["operator"] for r in result["operators"] if r["status"] == "kept"}
    assert kept == set(OPERATORS) - {"beeline"}
    assert len(read_json(out / "latest" / "plans.json")["plans"]) == total


@pytest.mark.parametrize("how", [[], ["--prefect"]], ids=["direct", "prefect-local"])
def test_cli_run_then_validate(tmp_path: Path, how: list[str]) -> None:
    """The README's run command: `tariffs run` (in-process, or with --prefect its own local
    Prefect API), then validate."""
    exe = Path(sys.executable).with_name("tariffs")
    run = subprocess.run(
        [str(exe), "run", *how, "--output", str(tmp_path / "out"), "--operator", "kcell"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "kcell" in run.stdout and "fresh" in run.stdout
    check = subprocess.run(
        [str(exe), "validate", str(tmp_path / "out" / "latest")], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    assert json.loads((tmp_path / "out" / "index.json").read_text())["latest"]
    for name in ("site/index.html", "answers.json", "plans.db"):  # what readers open
        assert (tmp_path / "out" / "latest" / name).stat().st_size > 0, name


def test_reparse_with_a_changed_parser_is_labelled_technical(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from decimal import Decimal

    import kztariffs.reparse as reparse_mod
    from publish.release import publish_release
    from scrapers.registry import get_brand

    out = tmp_path / "out"
    _run(out, operators=["kcell"])
    real = get_brand("kcell")

    class Fixed(type(real)):  # type: ignore[misc]
        parser_version = "2"

        def parse(self, snap):  # type: ignore[no-untyped-def]
            drafts = real.parse(snap)
            for d in drafts:
                if d.price_amount is not None:
                    d.price_amount += Decimal(1)
            return drafts

    monkeypatch.setattr(reparse_mod, "get_brand", lambda op: Fixed() if op == "kcell" else None)
    outcomes = reparse_mod.reparse_outcomes(out, find_release(out, None))
    result = publish_release(out, outcomes)
    assert result.created and result.changes is not None
    assert result.changes["technical_only"]
    assert {c["change"] for c in result.changes["changed"]} == {"technical"}
    assert all(
        c["parser_version"] == {"before": "1", "after": "2"} for c in result.changes["changed"]
    )


def test_operator_whose_pages_cannot_be_fetched_goes_stale(
    prefect_harness: None, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _run(out, operators=["izi", "tele2"])
    missing = copy_store(tmp_path / "no-izi", lambda s: None if s.operator == "izi" else s.body)
    result = _run(out, missing, operators=["izi", "tele2"])
    assert result["state"] == "Stale"
    status = {r["operator"]: r for r in result["operators"]}
    assert status["tele2"]["status"] == "fresh"
    assert status["izi"]["status"] == "stale"
    assert status["izi"]["reason"] == "fetch failed: not recorded"
    izi = [p for p in read_json(out / "latest" / "plans.json")["plans"] if p["operator"] == "izi"]
    assert izi and all(p["stale_since"] for p in izi)
    report = read_json(out / "latest" / "report.json")["operators"]["izi"]
    assert report["errors"] and report["status"] == "stale"

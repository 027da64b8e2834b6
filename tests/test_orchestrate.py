"""The run without Prefect (`tariffs run`'s default) and its agreement with the Prefect flow."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

import kztariffs.orchestrate as orchestrate
from kztariffs.orchestrate import fetch_all, run_direct, start_run
from publish.release import read_json, release_dirs
from publish.validate import validate_path
from schema.plan import OPERATORS
from scrapers.crawl import CrawlResult
from scrapers.snapshot import SnapshotStore
from tests.recorded_copy import copy_store


def _tree(root: Path) -> dict[str, bytes]:
    """Every file of an output folder; the snapshot history is left out: it records which flow
    run fetched each page (none on the direct path)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in (".lock", "history.jsonl")
    }


@pytest.fixture
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same release time and zero durations, so two runs can be compared byte for byte."""
    monkeypatch.setattr(orchestrate, "utc_now", lambda: datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    monkeypatch.setattr("scrapers.crawl.time", SimpleNamespace(perf_counter=lambda: 0.0))
    monkeypatch.setattr("kztariffs.pipeline.time", SimpleNamespace(perf_counter=lambda: 0.0))


def test_direct_run_publishes_all_six_then_nothing_new(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_direct(output=str(out))
    assert {r["operator"]: r["status"] for r in first["operators"]} == dict.fromkeys(
        OPERATORS, "fresh"
    )
    assert first["release"]["created"] is True
    assert all(not problems for problems in validate_path(out).values())
    assert {p["operator"] for p in read_json(out / "latest" / "plans.json")["plans"]} == set(
        OPERATORS
    )
    assert SnapshotStore.is_store(out / "snapshots")
    second = run_direct(output=str(out))
    assert second["release"]["created"] is False
    assert len(release_dirs(out)) == 1


def test_direct_run_keeps_an_unfetchable_operator_stale(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_direct(output=str(out), operators=["izi", "tele2"])
    missing = copy_store(tmp_path / "no-izi", lambda s: None if s.operator == "izi" else s.body)
    result = run_direct(output=str(out), recorded_dir=str(missing), operators=["izi", "tele2"])
    status = {r["operator"]: r for r in result["operators"]}
    assert status["tele2"]["status"] == "fresh"
    assert status["izi"]["status"] == "stale" and "not recorded" in status["izi"]["reason"]
    izi = [p for p in read_json(out / "latest" / "plans.json")["plans"] if p["operator"] == "izi"]
    assert izi and all(p["stale_since"] for p in izi)


def test_unreachable_operator_is_retried_with_backoff_then_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: dict[str, int] = {}

    async def flaky(op: str, *args: object) -> CrawlResult:
        calls[op] = calls.get(op, 0) + 1
        if op == "izi" or calls[op] == 1:
            raise orchestrate.OperatorUnreachable(f"{op}: every page failed")
        return CrawlResult(operator=op)

    waits: list[float] = []

    async def no_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(orchestrate, "fetch_pages", flaky)
    start = start_run(["izi", "kcell"], "live", str(tmp_path), None)
    got = asyncio.run(fetch_all(start, retries=2, sleep=no_sleep))
    assert isinstance(got["kcell"], CrawlResult) and calls["kcell"] == 2
    assert calls["izi"] == 3
    assert got["izi"] == "fetch failed: OperatorUnreachable: izi: every page failed"
    # izi waits ~30 s then ~60 s, kcell ~30 s once (±50 % jitter)
    assert sorted(waits)[2] >= 30 and all(15 <= w <= 90 for w in waits) and len(waits) == 3


def test_cli_run_without_a_server_never_imports_prefect(tmp_path: Path) -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from kztariffs.cli import app; "
        f"r = CliRunner().invoke(app, ['run', '--output', {str(tmp_path / 'out')!r}, "
        "'--operator', 'izi']); "
        "print(r.exit_code, any(m.split('.')[0] == 'prefect' for m in sys.modules))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert run.stdout.split()[-2:] == ["0", "False"], run.stdout + run.stderr


@pytest.mark.flow
def test_direct_and_prefect_paths_write_byte_identical_releases(
    prefect_harness: None, pinned_clock: None, tmp_path: Path
) -> None:
    from flows.scrape_and_publish import scrape_and_publish

    direct = tmp_path / "direct"
    through_prefect = tmp_path / "prefect"
    no_izi = copy_store(tmp_path / "no-izi", lambda s: None if s.operator == "izi" else s.body)
    # a fresh run of all six, then one where izi's pages cannot be had (izi goes stale)
    for recorded in (None, str(no_izi)):
        summary = run_direct(output=str(direct), recorded_dir=recorded)
        state = scrape_and_publish(
            output=str(through_prefect), recorded_dir=recorded, return_state=True
        )
        assert state.is_completed(), state.message
        via_flow = state.result()
        assert via_flow["operators"] == summary["operators"]
        assert via_flow["release"]["release_id"] == summary["release"]["release_id"]
    assert state.name == "Stale" and "not recorded" in summary["operators"][3]["reason"]
    a, b = _tree(direct), _tree(through_prefect)
    assert {
        "releases/20260102T030405Z/plans.json",
        "releases/20260102T030405Z-2/izi.json",
    } <= a.keys()
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_a_server_in_the_active_prefect_profile_sends_tariffs_run_through_prefect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kztariffs.prefect_env import server_configured

    profiles = tmp_path / "profiles.toml"
    profiles.write_text(
        'active = "prod"\n[profiles.prod]\nPREFECT_API_URL = "http://127.0.0.1:4200/api"\n'
        "[profiles.ephemeral]\n"
    )
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delenv("PREFECT_PROFILE", raising=False)
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(profiles))
    assert server_configured()
    monkeypatch.setenv("PREFECT_PROFILE", "ephemeral")
    assert not server_configured()
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    assert server_configured()


class InFlight:
    """A stand-in for fetching one operator that records how many operators fetch at once."""

    def __init__(self) -> None:
        self.now = 0
        self.peak = 0
        self.lock = threading.Lock()

    async def __call__(self, op: str, *args: object, **kwargs: object) -> CrawlResult:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        await asyncio.sleep(0.5)
        with self.lock:
            self.now -= 1
        return CrawlResult(operator=op)


def test_direct_run_fetches_all_six_operators_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = InFlight()
    monkeypatch.setattr(orchestrate, "fetch_pages", fake)
    run_direct(output=str(tmp_path / "out"), publish=False)
    assert fake.peak == len(OPERATORS)


@pytest.mark.flow
def test_flow_fetches_all_six_operators_at_once(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.scrape_and_publish import scrape_and_publish

    fake = InFlight()
    monkeypatch.setattr(orchestrate, "fetch_pages", fake)
    state = scrape_and_publish(output=str(tmp_path / "out"), publish=False, return_state=True)
    assert state.is_completed(), state.message
    assert fake.peak == len(OPERATORS)


def test_a_run_that_fetched_nothing_publishes_nothing(tmp_path: Path) -> None:
    """No network (every operator's fetch failed): the last release stays latest, untouched."""
    from publish.release import publish_release, release_dirs
    from tests.planfactory import make_plan, outcome

    first = publish_release(tmp_path, [outcome("kcell", [make_plan()])])
    index = (tmp_path / "index.json").read_bytes()
    failed = outcome("kcell", [make_plan()], status="stale").model_copy(
        update={"stale_reason": "fetch failed: DNS lookup failed"}
    )
    result = orchestrate.publish_outcomes([failed], str(tmp_path), keep=None)
    assert not result.created and "nothing was fetched" in result.message
    assert release_dirs(tmp_path) == [first.path]
    assert (tmp_path / "index.json").read_bytes() == index
    # one operator fetched, another not: that is a release (the failed one carried forward)
    fresh = outcome("beeline", [make_plan("beeline")])
    assert orchestrate.publish_outcomes([failed, fresh], str(tmp_path), keep=None).created


def test_the_default_output_folder_does_not_follow_the_current_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kztariffs.paths import REPO_ROOT, default_output

    monkeypatch.delenv("KZTARIFFS_OUTPUT", raising=False)
    monkeypatch.chdir(tmp_path)
    assert default_output() == REPO_ROOT / "output"
    monkeypatch.setenv("KZTARIFFS_OUTPUT", str(tmp_path / "elsewhere"))
    assert default_output() == tmp_path / "elsewhere"

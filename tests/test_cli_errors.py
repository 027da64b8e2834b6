"""Bad input and environments, as a new user meets them: one line naming the input and the fix,
exit 2 for usage errors, checks made before Prefect starts, no traceback without --debug."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kztariffs.cli import app
from kztariffs.paths import RECORDED_DIR, SNAPSHOTS
from kztariffs.preflight import operator_names
from publish.release import publish_release
from scrapers.snapshot import SnapshotStore
from tests.planfactory import make_plan, outcome

runner = CliRunner()
PREFECT_STARTS = "starting Prefect"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_operator_names_are_case_insensitive_and_checked() -> None:
    assert operator_names(["Kcell", "BEELINE", "kcell"]) == ["kcell", "beeline"]


def test_unknown_operator_fails_at_once_listing_the_valid_ones() -> None:
    result = runner.invoke(app, ["run", "--operator", "nosuch"])
    assert result.exit_code == 2
    assert "--operator 'nosuch': no such operator; use one of activ, altel, beeline" in (
        result.output
    )
    assert PREFECT_STARTS not in result.output and "Traceback" not in result.output


def test_unwritable_output_fails_before_prefect_starts(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")  # a folder below a file cannot be made, even by root
    result = runner.invoke(app, ["run", "--operator", "Kcell", "--output", str(blocker / "out")])
    assert result.exit_code == 2, result.output
    assert "cannot write there" in result.output and "pass --output" in result.output
    assert PREFECT_STARTS not in result.output


def test_unreachable_prefect_server_is_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/api"
    result = runner.invoke(app, ["run", "--output", str(tmp_path)], env={"PREFECT_API_URL": url})
    assert result.exit_code == 2
    assert f"PREFECT_API_URL={url}: the Prefect server does not answer" in result.output
    assert "Traceback" not in result.output and PREFECT_STARTS not in result.output


def test_empty_recorded_store_is_refused(tmp_path: Path) -> None:
    (tmp_path / "meta").mkdir()
    result = runner.invoke(app, ["run", "--recorded-dir", str(tmp_path)])
    assert result.exit_code == 2 and "snapshot store is empty" in result.output


def test_extract_refuses_binary_input(tmp_path: Path) -> None:
    page = tmp_path / "photo.html"
    page.write_bytes(bytes(range(256)) * 20)
    result = runner.invoke(app, ["extract", str(page), "--operator", "kcell"])
    assert result.exit_code == 2 and "binary data, not a page" in result.output


def test_extract_takes_the_content_type_from_the_stored_snapshot() -> None:
    api = next(s for s in SnapshotStore(RECORDED_DIR).for_operator("tele2") if "api" in s.url)
    blob = RECORDED_DIR / "blobs" / api.sha256  # no suffix; stored as application/json
    result = runner.invoke(app, ["extract", str(blob), "--operator", "Tele2", "--flat"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 2 and {r["operator"] for r in rows} == {"tele2"}
    assert all(r["price_kzt"] for r in rows)


def test_messages_with_brackets_are_printed_not_eaten_as_markup(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "[nope]")])
    assert result.exit_code == 2 and "[nope]: no such folder" in result.output


def test_eval_on_a_wrong_file_names_it(tmp_path: Path) -> None:
    for content in ("this is not json\n", '{"unexpected": 1}\n', "[1, 2]\n"):
        labels = tmp_path / "labels.jsonl"
        labels.write_text(content)
        result = runner.invoke(app, ["eval", str(labels)])
        assert result.exit_code == 2, (content, result.output)
        assert f"{labels}: not a labels file" in result.output


def test_validate_on_non_utf8_files_says_so(tmp_path: Path) -> None:
    res = publish_release(tmp_path, [outcome("kcell", [make_plan()])])
    (res.path / "plans.json").write_bytes(b"\xff\xfe{}")  # type: ignore[operator]
    result = runner.invoke(app, ["validate", str(res.path)])
    assert result.exit_code == 1 and "not UTF-8 text" in result.output


def test_reparse_with_a_missing_or_corrupt_blob_names_it(tmp_path: Path) -> None:
    from kztariffs.pipeline import keep_snapshots, operator_outcome
    from scrapers.crawl import CrawlResult
    from scrapers.registry import get_brand

    snaps = SnapshotStore(RECORDED_DIR).for_operator("izi")
    keep_snapshots(snaps, tmp_path, SNAPSHOTS)
    out = operator_outcome(
        get_brand("izi"),
        crawled=CrawlResult(operator="izi", snapshots=snaps),
        previous=[],
        now=snaps[0].fetched_at,
    )
    publish_release(tmp_path, [out])
    used = sorted({sha for _url, sha in out.snapshots})[0]
    blob = SnapshotStore(tmp_path / SNAPSHOTS).blob_path(used)
    blob.write_bytes(b"rot")
    result = runner.invoke(app, ["reparse", "--output", str(tmp_path), "--check"])
    assert result.exit_code == 2 and "does not match its sha256" in result.output
    assert used in result.output and "Traceback" not in result.output
    blob.unlink()
    result = runner.invoke(app, ["reparse", "--output", str(tmp_path), "--check"])
    assert result.exit_code == 2 and "is missing" in result.output


def test_reparse_refuses_a_release_id_that_is_a_path(tmp_path: Path) -> None:
    publish_release(tmp_path, [outcome("kcell", [make_plan()])])
    result = runner.invoke(app, ["reparse", "--output", str(tmp_path), "--release", "../../x"])
    assert result.exit_code == 2 and "is not a release of" in result.output


@pytest.mark.parametrize("debug", [False, True])
def test_unexpected_errors_are_one_line_unless_debug(debug: bool) -> None:
    code = (
        "import sys; from kztariffs.preflight import quiet_tracebacks; "
        f"quiet_tracebacks({debug}); raise RuntimeError('boom')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1
    if debug:
        assert "Traceback" in done.stderr
    else:
        assert "Traceback" not in done.stderr
        assert "error: RuntimeError: boom" in done.stderr and "--debug" in done.stderr


@pytest.mark.flow
def test_dry_run_writes_nothing(prefect_harness: None, tmp_path: Path) -> None:
    from flows.scrape_and_publish import scrape_and_publish

    out = tmp_path / "out"
    state = scrape_and_publish(operators=["izi"], output=str(out), publish=False, return_state=True)
    assert state.is_completed(), state.message
    assert not out.exists() or not any(out.iterdir())


def test_live_fetch_is_not_retried_for_failures_a_minute_cannot_change() -> None:
    from kztariffs.orchestrate import worth_retrying as _worth_retrying

    def message(kind: str) -> str:
        return f"OperatorUnreachable: kcell: every page failed: {kind}; first: ('https://x', 'y')"

    assert not _worth_retrying(message("DNS lookup failed"))  # no network: say so at once
    assert not _worth_retrying(message("robots.txt disallows"))
    assert _worth_retrying(message("HTTP 503")) and _worth_retrying(message("timeout"))

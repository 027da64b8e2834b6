"""Faults of the output folder: crashes, concurrent runs, disk full, hand edits, hostile names.

Each case ends the way a consumer needs: the last good release intact, `validate` clean (it checks
index.json against releases/ and latest/), and a later publish repairing what a crash left.
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

import publish.release as rel
from kztariffs.reparse import ReparseError, find_release, reparse_outcomes
from publish.release import (
    OperatorOutcome,
    prune,
    publish_release,
    read_json,
    release_dirs,
)
from publish.validate import validate_path
from scrapers.snapshot import DamagedSnapshot, Snapshot, SnapshotStore
from tests.planfactory import make_plan, outcome

T0 = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def _outcomes(price: int = 2990) -> list[OperatorOutcome]:
    return [
        outcome("kcell", [make_plan("kcell", "plan-a", price)]),
        outcome("beeline", [make_plan("beeline", "x", 4990), make_plan("beeline", "y", 990)]),
    ]


def _problems(out: Path) -> list[str]:
    return [p for ps in validate_path(out).values() for p in ps]


def _prices(out: Path) -> dict[str, str]:
    plans = read_json(out / "latest" / "plans.json")["plans"]
    return {p["id"]: p["price"]["amount"] for p in plans}


# -- concurrent subset runs -------------------------------------------------------------------

SUBSET_CHILD = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    import publish.release as rel
    from tests.planfactory import make_plan, outcome

    out, mine, price, hold = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    # What a subset run holds when it publishes: its own operator fresh, the other one "kept"
    # as read from the release current when the run *started* (before the other run published).
    start = {p.operator: p for p in rel.load_release_plans(rel.latest_release(out))}
    other = "beeline" if mine == "kcell" else "kcell"
    print("READ", flush=True)
    time.sleep(hold)
    result = rel.publish_release(
        out,
        [outcome(mine, [make_plan(mine, "plan", price)]),
         outcome(other, [start[other]], status="kept")],
        now=datetime(2026, 11, 23, tzinfo=UTC) + timedelta(seconds=price),
    )
    print(result.release_id, flush=True)
    """
)


def test_two_concurrent_subset_runs_keep_both_updates(tmp_path: Path) -> None:
    publish_release(
        tmp_path,
        [outcome(op, [make_plan(op, "plan", 1000)]) for op in ("kcell", "beeline")],
        now=T0,
    )

    def start(op: str, price: int, hold: float) -> subprocess.Popen[bytes]:
        args = [sys.executable, "-c", SUBSET_CHILD, str(tmp_path), op, str(price), str(hold)]
        return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)

    kcell = start("kcell", 2001, 1.0)
    beeline = start("beeline", 3002, 0.0)
    assert kcell.stdout.readline().strip() == b"READ"  # type: ignore[union-attr]
    _, err1 = kcell.communicate(timeout=60)
    _, err2 = beeline.communicate(timeout=60)
    assert kcell.returncode == 0 and beeline.returncode == 0, err1 + err2
    assert _prices(tmp_path) == {"beeline:plan": "3002", "kcell:plan": "2001"}
    assert _problems(tmp_path) == []


# -- crashes ----------------------------------------------------------------------------------

KILL_AT_INDEX = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import UTC, datetime
    from pathlib import Path
    import publish.release as rel
    from tests.planfactory import make_plan, outcome

    def die(path, text):  # the release is renamed into place; index.json is next
        if Path(path).name == "index.json":
            os.kill(os.getpid(), signal.SIGKILL)

    rel.write_text_atomic = die
    rel.publish_release(Path(sys.argv[1]), [outcome("kcell", [make_plan("kcell", "p", 7777)])],
                        now=datetime(2026, 11, 23, tzinfo=UTC))
    """
)


def test_crash_between_release_rename_and_index_write_is_found_and_repaired(
    tmp_path: Path,
) -> None:
    publish_release(tmp_path, [outcome("kcell", [make_plan("kcell", "p", 1000)])], now=T0)
    child = subprocess.run([sys.executable, "-c", KILL_AT_INDEX, str(tmp_path)], env=ENV)
    assert child.returncode == -signal.SIGKILL
    assert len(release_dirs(tmp_path)) == 2
    problems = _problems(tmp_path)
    assert any("index.json" in p and "misses" in p for p in problems)  # validate no longer passes
    assert any("latest/ is not the newest release" in p for p in problems)
    # a rerun with the same (unchanged) plans repairs index.json and latest/
    again = publish_release(
        tmp_path, [outcome("kcell", [make_plan("kcell", "p", 7777)])], now=T0 + timedelta(days=2)
    )
    assert again.created is False
    newest = release_dirs(tmp_path)[-1].name
    assert read_json(tmp_path / "index.json")["latest"] == newest == again.release_id
    assert _prices(tmp_path) == {"kcell:p": "7777"}
    assert _problems(tmp_path) == []


RANDOM_KILL_CHILD = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    import publish.release as rel
    from tests.planfactory import make_plan, outcome

    out, seed = Path(sys.argv[1]), int(sys.argv[2])
    print("GO", flush=True)
    for i in range(1000):
        plans = [make_plan("kcell", f"p{j}", 1000 + seed * 1000 + i) for j in range(40)]
        rel.publish_release(out, [outcome("kcell", plans)],
                            now=datetime(2026, 11, 23, tzinfo=UTC) + timedelta(seconds=i),
                            keep=3)
    """
)


def test_kill_9_at_random_points_of_publish_twenty_times(tmp_path: Path) -> None:
    rng = random.Random(10)
    publish_release(tmp_path, [outcome("kcell", [make_plan("kcell", "p0", 1)])], now=T0)
    for seed in range(20):
        child = subprocess.Popen(
            [sys.executable, "-c", RANDOM_KILL_CHILD, str(tmp_path), str(seed)],
            stdout=subprocess.PIPE,
            env=ENV,
        )
        assert child.stdout.readline().strip() == b"GO"  # type: ignore[union-attr]
        time.sleep(rng.uniform(0.0, 0.6))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        # whatever the moment: every visible release whole, latest/ a whole release
        for rel_dir in release_dirs(tmp_path):
            assert validate_path(rel_dir) == {rel_dir: []}
        assert validate_path(tmp_path / "latest") == {tmp_path / "latest": []}
        # and the next publish leaves everything consistent, with nothing left over
        publish_release(
            tmp_path,
            [outcome("kcell", [make_plan("kcell", "p0", 50_000 + seed)])],
            now=T0 + timedelta(days=1, seconds=seed),
        )
        assert _problems(tmp_path) == [], seed
        assert not list(tmp_path.glob(".index.json.tmp-*"))
        assert not list((tmp_path / "releases").glob(".tmp-*"))
        assert not list(tmp_path.glob(".latest-new*"))


def test_corrupt_index_fails_validation_and_the_next_publish_repairs_it(tmp_path: Path) -> None:
    publish_release(tmp_path, _outcomes(), now=T0)
    (tmp_path / "index.json").write_text('{"latest": "2026', encoding="utf-8")
    (tmp_path / ".index.json.tmp-99999").write_text("left by a dead process")
    assert any("not readable JSON" in p for p in _problems(tmp_path))
    publish_release(tmp_path, _outcomes(), now=T0 + timedelta(days=1))
    assert _problems(tmp_path) == []
    assert not (tmp_path / ".index.json.tmp-99999").exists()


def test_release_folder_deleted_by_hand(tmp_path: Path) -> None:
    publish_release(tmp_path, _outcomes(), now=T0)
    second = publish_release(tmp_path, _outcomes(price=3333), now=T0 + timedelta(days=1))
    shutil.rmtree(second.path)  # type: ignore[arg-type]
    problems = _problems(tmp_path)
    assert any("not in releases/" in p for p in problems)
    latest_before = (tmp_path / "latest" / "plans.json").read_bytes()
    assert json.loads(latest_before)["release"] == second.release_id  # the mirror survives
    third = publish_release(tmp_path, _outcomes(price=3333), now=T0 + timedelta(days=2))
    assert third.created and _prices(tmp_path)["kcell:plan-a"] == "3333"
    assert _problems(tmp_path) == []


def test_disk_full_mid_release_keeps_the_last_good_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish_release(tmp_path, _outcomes(), now=T0)
    latest_before = (tmp_path / "latest" / "plans.json").read_bytes()
    original = rel.write_tree

    def full(folder: Path, files: dict[str, str]) -> None:
        original(folder, dict(list(files.items())[:3]))  # some files land, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(rel, "write_tree", full)
    with pytest.raises(OSError, match="No space left"):
        publish_release(tmp_path, _outcomes(price=5555), now=T0 + timedelta(days=1))
    assert (tmp_path / "latest" / "plans.json").read_bytes() == latest_before
    assert not list((tmp_path / "releases").glob(".tmp-*"))  # the half release is gone
    assert len(release_dirs(tmp_path)) == 1 and _problems(tmp_path) == []


# -- bookkeeping ------------------------------------------------------------------------------


def test_unchanged_run_records_when_the_data_was_last_checked(tmp_path: Path) -> None:
    publish_release(tmp_path, _outcomes(), now=T0)
    assert read_json(tmp_path / "index.json")["checked_at"] == "2026-11-22T06:00:00Z"
    again = publish_release(tmp_path, _outcomes(), now=T0 + timedelta(days=1))
    assert again.created is False
    assert read_json(tmp_path / "index.json")["checked_at"] == "2026-11-23T06:00:00Z"
    assert _problems(tmp_path) == []


def test_no_plans_at_all_publishes_nothing(tmp_path: Path) -> None:
    failed = [OperatorOutcome(operator=op, status="failed") for op in ("kcell", "beeline")]
    result = publish_release(tmp_path, failed, now=T0)
    assert result.created is False and "nothing published" in result.message
    assert release_dirs(tmp_path) == [] and not (tmp_path / "latest").exists()


# -- hostile names ----------------------------------------------------------------------------


def test_operator_name_cannot_be_a_path() -> None:
    with pytest.raises(ValidationError, match="operator"):
        OperatorOutcome(operator="../../../x", status="fresh")


@pytest.mark.parametrize("release_id", ["../../x", "/etc", "..", "releases"])
def test_reparse_refuses_a_release_id_that_is_a_path(tmp_path: Path, release_id: str) -> None:
    publish_release(tmp_path, _outcomes(), now=T0)
    with pytest.raises(ReparseError, match="is not a release of"):
        find_release(tmp_path, release_id)


def test_snapshot_record_with_a_path_for_sha256_is_never_read(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    good = Snapshot.from_response(operator="kcell", url="https://x.kz/", body=b"<p>x</p>",
                                  fetched_at=T0)  # fmt: skip
    store.put(good)
    record = good.model_dump(mode="json") | {"sha256": "../../etc/hostname"}
    with open(tmp_path / "history.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")
    assert [s.sha256 for s in store.records()] == [good.sha256]
    with pytest.raises(DamagedSnapshot, match="not a sha256"):
        store.blob_path("../../etc/hostname")


def test_csv_cells_that_would_run_as_formulas_are_quoted(tmp_path: Path) -> None:
    names = ["=HYPERLINK(1)", "+7 700", "-cmd", "@SUM(A1)", "Plain"]
    plans = [
        make_plan("kcell", f"p{i}").model_copy(update={"name": n}) for i, n in enumerate(names)
    ]
    result = publish_release(tmp_path, [outcome("kcell", plans)], now=T0)
    csv = (result.path / "plans.csv").read_text(encoding="utf-8")  # type: ignore[operator]
    cells = {line.split(",")[2].strip('"') for line in csv.splitlines()[1:]}
    assert cells == {"'=HYPERLINK(1)", "'+7 700", "'-cmd", "'@SUM(A1)", "Plain"}
    assert ",2990," in csv  # numbers are not touched


def test_datapackage_validates_with_frictionless(tmp_path: Path) -> None:
    frictionless = shutil.which("frictionless", path=str(Path(sys.executable).parent))
    assert frictionless, "frictionless is a test dependency (pyproject.toml)"
    publish_release(tmp_path, _outcomes(), now=T0)
    done = subprocess.run(
        [frictionless, "validate", "datapackage.json"],
        cwd=tmp_path / "latest",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "VALID" in done.stdout and "INVALID" not in done.stdout


# -- snapshots: history, damage, pruning ------------------------------------------------------


def _snap(url: str, body: bytes, when: datetime) -> Snapshot:
    return Snapshot.from_response(operator="kcell", url=url, body=body, fetched_at=when)


def test_every_fetch_is_a_history_record_and_a_refetch_repairs_a_damaged_blob(
    tmp_path: Path,
) -> None:
    store = SnapshotStore(tmp_path)
    first = store.put(_snap("https://x.kz/a", b"same bytes", T0), run="run-1")
    store.put(_snap("https://x.kz/a", b"same bytes", T0 + timedelta(days=1)), run="run-2")
    assert [s.fetched_at for s in store.records()] == [T0, T0 + timedelta(days=1)]
    runs = [json.loads(line)["run"] for line in (tmp_path / "history.jsonl").open()]
    assert runs == ["run-1", "run-2"]
    store.blob_path(first.sha256).write_bytes(b"bit rot")
    with pytest.raises(DamagedSnapshot, match="does not match its sha256"):
        store.load(first)
    store.put(_snap("https://x.kz/a", b"same bytes", T0 + timedelta(days=2)))
    assert store.load(first).body == b"same bytes"


def test_keep_prunes_snapshots_no_kept_release_needs(tmp_path: Path) -> None:
    now = datetime.now(UTC)  # what prune() compares the grace period with
    store = SnapshotStore(tmp_path / "snapshots")
    old = store.put(_snap("https://x.kz/a", b"old page", now - timedelta(days=30)))
    new = store.put(_snap("https://x.kz/a", b"new page", now - timedelta(days=29)))
    recent = store.put(_snap("https://x.kz/b", b"being fetched", now - timedelta(hours=1)))
    for i, snap in enumerate((old, new)):
        plan = make_plan("kcell", "a", 1000 + i, sha="0")
        plan = plan.model_copy(
            update={"source": plan.source.model_copy(update={"snapshot_sha256": snap.sha256})}
        )
        publish_release(tmp_path, [outcome("kcell", [plan])], now=now - timedelta(days=30 - i))
    assert prune(tmp_path, 1) and len(release_dirs(tmp_path)) == 1
    left = {s.sha256 for s in store.records()}
    assert left == {new.sha256, recent.sha256}  # recent: a run in progress may still need it
    assert not store.blob_path(old.sha256).exists()


def test_reparse_reads_only_the_blobs_it_needs(tmp_path: Path) -> None:
    from kztariffs.paths import SNAPSHOTS

    store = SnapshotStore(tmp_path / SNAPSHOTS)
    store.put(_snap("https://x.kz/other", b"not needed", T0))
    damaged = store.put(_snap("https://x.kz/gone", b"damaged", T0))
    store.blob_path(damaged.sha256).write_bytes(b"rot")
    publish_release(tmp_path, _outcomes(), now=T0)  # fresh, with no snapshots to re-read
    outcomes = reparse_outcomes(tmp_path, find_release(tmp_path, None))
    assert {o.operator for o in outcomes} == {"kcell", "beeline"}


# -- reparse --check holds for every kept release, whatever ran after it ---------------------


def _plain_run(out: Path, pages: Path, now: datetime) -> None:
    """A run without Prefect: crawl recorded pages, store them, gate, publish."""
    import asyncio

    from kztariffs.paths import SNAPSHOTS
    from kztariffs.pipeline import keep_snapshots, operator_outcome
    from schema.plan import OPERATORS
    from scrapers.crawl import RecordedSource, crawl
    from scrapers.registry import get_brand

    newest = rel.latest_release(out)
    previous = rel.load_release_plans(newest) if newest else []
    outcomes = []
    for op in OPERATORS:
        brand = get_brand(op)
        crawled = asyncio.run(crawl(brand, RecordedSource(SnapshotStore(pages))))
        keep_snapshots(crawled.snapshots, out, SNAPSHOTS)
        own = [p for p in previous if p.operator == op]
        outcomes.append(operator_outcome(brand, crawled=crawled, previous=own, now=now))
    publish_release(out, outcomes, now=now, keep=8)


def _pages(dest: Path, when: datetime, price: str) -> Path:
    """The recorded pages as fetched at `when`, Kcell's "conversations" plan at `price`."""
    store = SnapshotStore(dest)
    for snap in SnapshotStore(REPO / "tests" / "fixtures" / "recorded"):
        body = snap.body
        if snap.url.endswith("/conversations"):
            body = body.replace("5000 тг".encode(), f"{price} тг".encode())
        store.put(
            Snapshot.from_response(
                operator=snap.operator,
                url=snap.url,
                body=body,
                fetched_at=when,  # a re-fetch of unchanged bytes has a new time
                headers=snap.headers,
                final_url=snap.final_url,
            )
        )
    return dest


def test_reparse_check_holds_for_every_kept_release_after_ten_more_runs(tmp_path: Path) -> None:
    from kztariffs.reparse import reproduce_plans_json

    out = tmp_path / "out"
    now = datetime.now(UTC) - timedelta(days=20)
    prices = [
        "5000",
        "5000",
        "5100",
        "5100",
        "5000",
        "5200",
        "5200",
        "5200",
        "5300",
        "5000",
        "5000",
    ]
    for i, price in enumerate(prices):
        when = now + timedelta(days=i)
        _plain_run(out, _pages(tmp_path / f"pages-{i}", when, price), when)
    releases = release_dirs(out)
    assert len(releases) == 6  # one per change of price (unchanged runs make none)
    for release in releases:
        assert reproduce_plans_json(out, release) == (release / "plans.json").read_bytes(), (
            release.name
        )
    assert _problems(out) == []


def test_reparse_goes_through_the_gates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A parser that now finds nothing keeps the operator's plans, marked stale — as a run would."""
    from scrapers.kcell import Kcell

    out = tmp_path / "out"
    now = datetime.now(UTC)
    _plain_run(out, _pages(tmp_path / "pages", now, "5000"), now)
    release = find_release(out, None)
    before = [p for p in rel.load_release_plans(release) if p.operator == "kcell"]
    monkeypatch.setattr(Kcell, "parse", lambda self, snap: [])
    outcomes = {o.operator: o for o in reparse_outcomes(out, release)}
    assert outcomes["kcell"].status == "stale"
    assert outcomes["kcell"].stale_reason == "gates: zero plans, count drop"
    assert [p.id for p in outcomes["kcell"].plans] == [p.id for p in before]
    assert all(o.status == "fresh" for op, o in outcomes.items() if op != "kcell")
    result = publish_release(out, list(outcomes.values()))
    kept = [p for p in rel.load_release_plans(result.path) if p.operator == "kcell"]  # type: ignore[arg-type]
    assert [p.id for p in kept] == [p.id for p in before] and all(p.stale_since for p in kept)


def test_keep_prunes_also_when_nothing_changed(tmp_path: Path) -> None:
    for i in range(3):
        publish_release(tmp_path, _outcomes(price=1000 + i), now=T0 + timedelta(days=i))
    again = publish_release(tmp_path, _outcomes(price=1002), now=T0 + timedelta(days=5), keep=1)
    assert again.created is False
    assert [p.name for p in release_dirs(tmp_path)] == [again.release_id]
    assert _problems(tmp_path) == []


def test_a_stale_run_publishing_late_does_not_mark_fresher_plans_stale(tmp_path: Path) -> None:
    """Run B starts, kcell's fetch fails (stale, carrying the plans it read); run A fetches kcell
    fine and publishes first. B's publish keeps A's fresh plans as they are."""
    from kztariffs.pipeline import mark_stale

    old = make_plan("kcell", "p", 1000)
    publish_release(tmp_path, [outcome("kcell", [old])], now=T0)
    stale_b = OperatorOutcome(
        operator="kcell",
        status="stale",
        plans=mark_stale([old], "fetch failed: timeout", T0 + timedelta(hours=1)),
        stale_reason="fetch failed: timeout",
    )
    fresh = make_plan("kcell", "p", 1200)
    fresh = fresh.model_copy(
        update={"source": fresh.source.model_copy(update={"fetched_at": T0 + timedelta(hours=2)})}
    )
    publish_release(tmp_path, [outcome("kcell", [fresh])], now=T0 + timedelta(hours=2))  # run A
    publish_release(tmp_path, [stale_b], now=T0 + timedelta(hours=3))  # run B, late
    plans = read_json(tmp_path / "latest" / "plans.json")["plans"]
    assert [(p["price"]["amount"], p["stale_since"]) for p in plans] == [("1200", None)]
    # with nobody fresher in between, the stale outcome marks the carried plans stale
    alone = tmp_path / "alone"
    publish_release(alone, [outcome("kcell", [old])], now=T0)
    publish_release(alone, [stale_b], now=T0 + timedelta(hours=3))
    (carried,) = read_json(alone / "latest" / "plans.json")["plans"]
    assert (
        carried["price"]["amount"] == "1000" and carried["stale_reason"] == "fetch failed: timeout"
    )

"""Releases: complete, validated, idempotent, diffed, pruned, and safe against a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from publish.release import prune, publish_release, read_json, release_dirs
from publish.validate import validate_path, validate_release
from tests.planfactory import make_plan, outcome

T0 = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[1]


def _outcomes(price: int = 2990, sha: str = "a", parser_version: str = "1") -> list:
    return [
        outcome(
            "kcell", [make_plan("kcell", "plan-a", price, sha=sha, parser_version=parser_version)]
        ),
        outcome("beeline", [make_plan("beeline", "x", 4990), make_plan("beeline", "y", 990)]),
    ]


def test_release_has_every_file_and_validates(tmp_path: Path) -> None:
    result = publish_release(tmp_path, _outcomes(), now=T0)
    assert result.created and result.release_id == "20261122T060000Z"
    rel = tmp_path / "releases" / result.release_id
    names = {p.name for p in rel.iterdir()}
    assert names == {
        "plans.json", "kcell.json", "beeline.json", "manifest.json", "changes.json",
        "report.json", "schema.json", "datapackage.json", "plans.csv", "answers.json",
        "plans.db", "site",
    }  # fmt: skip
    assert validate_release(rel) == []
    doc = read_json(rel / "plans.json")
    assert [p["id"] for p in doc["plans"]] == ["beeline:x", "beeline:y", "kcell:plan-a"]
    assert read_json(rel / "beeline.json")["plans"][0]["id"] == "beeline:x"
    assert (tmp_path / "latest" / "plans.json").read_bytes() == (rel / "plans.json").read_bytes()
    index = read_json(tmp_path / "index.json")
    assert index["latest"] == result.release_id and index["releases"][0]["plans"] == 3
    csv_lines = (rel / "plans.csv").read_text().splitlines()
    assert csv_lines[0].startswith("id,operator,name") and len(csv_lines) == 4
    report = read_json(rel / "report.json")["operators"]["beeline"]
    assert report["plans"] == 2 and report["field_coverage"]["price_kzt"] == 1.0


def test_same_plans_make_no_new_release(tmp_path: Path) -> None:
    first = publish_release(tmp_path, _outcomes(), now=T0)
    again = publish_release(tmp_path, _outcomes(), now=T0 + timedelta(days=1))
    assert not again.created and again.release_id == first.release_id
    assert len(release_dirs(tmp_path)) == 1


def test_output_is_deterministic(tmp_path: Path) -> None:
    a = publish_release(tmp_path / "a", _outcomes(), now=T0)
    b = publish_release(tmp_path / "b", _outcomes(), now=T0)
    for name in (
        "plans.json", "manifest.json", "plans.csv", "datapackage.json", "answers.json",
        "plans.db", "site/index.html",
    ):  # fmt: skip
        assert (a.path / name).read_bytes() == (b.path / name).read_bytes()  # type: ignore[operator]


def test_price_change_is_a_tariff_change_field_by_field(tmp_path: Path) -> None:
    publish_release(tmp_path, _outcomes(), now=T0)
    result = publish_release(tmp_path, _outcomes(price=3490, sha="b"), now=T0 + timedelta(hours=1))
    changes = read_json(result.path / "changes.json")  # type: ignore[operator]
    assert changes["previous_release"] == "20261122T060000Z"
    [change] = changes["changed"]
    assert change["id"] == "kcell:plan-a" and change["change"] == "tariff"
    assert change["fields"] == {"price.amount": {"before": "2990", "after": "3490"}}
    assert not changes["technical_only"]


def test_parser_fix_on_the_same_page_is_a_technical_change(tmp_path: Path) -> None:
    publish_release(tmp_path, _outcomes(), now=T0)
    result = publish_release(
        tmp_path, _outcomes(price=3490, parser_version="2"), now=T0 + timedelta(hours=1)
    )
    changes = read_json(result.path / "changes.json")  # type: ignore[operator]
    assert changes["changed"][0]["change"] == "technical" and changes["technical_only"]
    assert read_json(tmp_path / "index.json")["releases"][-1]["technical_only"]


def test_added_and_removed_plans(tmp_path: Path) -> None:
    publish_release(tmp_path, _outcomes(), now=T0)
    outs = _outcomes()
    outs[1] = outcome("beeline", [make_plan("beeline", "x", 4990), make_plan("beeline", "z", 1)])
    result = publish_release(tmp_path, outs, now=T0 + timedelta(hours=1))
    changes = read_json(result.path / "changes.json")  # type: ignore[operator]
    assert [a["id"] for a in changes["added"]] == ["beeline:z"]
    assert [r["id"] for r in changes["removed"]] == ["beeline:y"]


def test_duplicate_ids_publish_nothing(tmp_path: Path) -> None:
    outs = [outcome("kcell", [make_plan(), make_plan()])]
    with pytest.raises(ValueError, match="duplicate plan ids"):
        publish_release(tmp_path, outs, now=T0)
    assert not (tmp_path / "latest").exists() and release_dirs(tmp_path) == []


def test_prune_keeps_newest_and_never_latest(tmp_path: Path) -> None:
    for i in range(4):
        publish_release(tmp_path, _outcomes(price=1000 + i), now=T0 + timedelta(hours=i))
    removed = prune(tmp_path, 2)
    assert len(removed) == 2
    remaining = [p.name for p in release_dirs(tmp_path)]
    assert remaining == ["20261122T080000Z", "20261122T090000Z"]
    assert read_json(tmp_path / "latest" / "manifest.json")["release"] == remaining[-1]
    assert [r["id"] for r in read_json(tmp_path / "index.json")["releases"]] == remaining


def test_tampered_release_fails_validation(tmp_path: Path) -> None:
    result = publish_release(tmp_path, _outcomes(), now=T0)
    csv = result.path / "plans.csv"  # type: ignore[operator]
    csv.write_text(csv.read_text() + "x\n")
    problems = validate_path(tmp_path)
    assert any("plans.csv" in p and "sha256" in p for ps in problems.values() for p in ps)


# --- a kill at any point of publishing leaves the previous release and latest/ intact ---------

CHILD = textwrap.dedent(
    """
    import os, sys, time
    from datetime import UTC, datetime
    from pathlib import Path
    import publish.release as rel
    from tests.planfactory import make_plan, outcome

    point = sys.argv[2]
    original = getattr(rel, point)

    def stall(*args, **kwargs):
        result = original(*args, **kwargs) if point != "swap_dirs" else None
        print("STALLED", flush=True)
        time.sleep(60)
        return result

    setattr(rel, point, stall)
    plans = [make_plan("kcell", f"p{i}", 5000 + i) for i in range(200)]
    rel.publish_release(Path(sys.argv[1]), [outcome("kcell", plans)],
                        now=datetime(2026, 11, 23, tzinfo=UTC))
    """
)


@pytest.mark.parametrize("point", ["write_tree", "write_text_atomic", "swap_dirs"])
def test_kill_mid_publish_keeps_last_good_release(tmp_path: Path, point: str) -> None:
    first = publish_release(tmp_path, _outcomes(), now=T0)
    latest_before = (tmp_path / "latest" / "plans.json").read_bytes()
    index_before = (tmp_path / "index.json").read_bytes()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path), point],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=REPO,
    )
    try:
        line = child.stdout.readline()  # type: ignore[union-attr]
        assert line.strip() == b"STALLED", child.stderr.read()  # type: ignore[union-attr]
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    # latest/ still mirrors the last complete release, and every visible release validates
    assert (tmp_path / "latest" / "plans.json").read_bytes() == latest_before
    assert validate_release(tmp_path / "latest") == []
    for rel in release_dirs(tmp_path):
        assert validate_release(rel) == []
    if point == "write_tree":
        assert (tmp_path / "index.json").read_bytes() == index_before
        assert [p.name for p in release_dirs(tmp_path)] == [first.release_id]
    # the next run tidies up and publishes normally
    again = publish_release(tmp_path, _outcomes(price=7777), now=T0 + timedelta(days=2))
    assert again.created
    assert read_json(tmp_path / "latest" / "manifest.json")["release"] == again.release_id
    assert not list((tmp_path / "releases").glob(".tmp-*"))
    assert json.loads((tmp_path / "index.json").read_text())["latest"] == again.release_id


SLOW_CHILD = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    import publish.release as rel
    from tests.planfactory import make_plan, outcome

    hold = float(sys.argv[3])
    original = rel.write_tree

    def slow(*args, **kwargs):
        print("WRITING", flush=True)
        time.sleep(hold)
        return original(*args, **kwargs)

    rel.write_tree = slow
    price = int(sys.argv[2])
    result = rel.publish_release(
        Path(sys.argv[1]), [outcome("kcell", [make_plan("kcell", "plan-a", price)])],
        now=datetime(2026, 11, 23, tzinfo=UTC) + timedelta(seconds=price),
    )
    print(result.release_id, flush=True)
    """
)


def test_two_publishers_at_once_take_turns(tmp_path: Path) -> None:
    publish_release(tmp_path, _outcomes(), now=T0)
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def start(price: int, hold: float) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-c", SLOW_CHILD, str(tmp_path), str(price), str(hold)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=REPO,
        )

    first = start(1001, 1.5)
    assert first.stdout.readline().strip() == b"WRITING"  # type: ignore[union-attr]
    second = start(1002, 0.0)  # starts while the first is mid-publish
    out1, err1 = first.communicate(timeout=60)
    out2, err2 = second.communicate(timeout=60)
    assert first.returncode == 0 and second.returncode == 0, err1 + err2
    id1, id2 = out1.split()[-1].decode(), out2.split()[-1].decode()
    changes = read_json(tmp_path / "releases" / id2 / "changes.json")
    assert changes["previous_release"] == id1  # the second saw the first's release
    index = read_json(tmp_path / "index.json")
    assert [r["id"] for r in index["releases"]][-2:] == [id1, id2] and index["latest"] == id2
    assert read_json(tmp_path / "latest" / "manifest.json")["release"] == id2

"""Publish a release folder, then `index.json`, then `latest/` — in that order, each atomically.

Layout of an output folder:
    releases/<release-id>/   plans.json, <operator>.json, manifest.json, changes.json,
                             report.json, schema.json, datapackage.json, plans.csv,
                             answers.json, plans.db, site/index.html
    latest/                  a copy of the newest complete release
    index.json               every release: id, time, plan count, file hashes
A crash at any point leaves the previous release, `index.json` and `latest/` as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from publish.changes import diff_releases
from publish.files import (
    dumps,
    exclusive,
    recover_swap,
    sha256_file,
    swap_dirs,
    write_text_atomic,
    write_tree,
)
from publish.readers import reader_files
from publish.tables import datapackage, flat_csv
from schema.document import schema_text
from schema.flat import FACT_COLUMNS, flatten
from schema.plan import SCHEMA_VERSION, Plan
from scrapers.snapshot import SnapshotStore

RELEASES = "releases"
SNAPSHOTS = "snapshots"  # the run's pages, beside the releases (kztariffs.paths.SNAPSHOTS)
LATEST = "latest"
INDEX = "index.json"


class OperatorOutcome(BaseModel):
    """What one operator's part of a run produced: the raw material of report.json."""

    # a plain name: it becomes a file name (<operator>.json), so no path can hide in it
    operator: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")
    # fresh: parsed this run; stale: last good plans carried forward; failed: nothing to carry;
    # kept: not part of this run (a subset of operators ran), plans copied from the last release
    status: Literal["fresh", "stale", "failed", "kept"]
    plans: list[Plan] = Field(default_factory=list)
    parser_version: str = ""
    pages_fetched: int = 0
    http_statuses: dict[str, int] = Field(default_factory=dict)
    errors: list[str] = Field(default_factory=list)
    rejections: list[str] = Field(default_factory=list)
    gates_failed: list[str] = Field(default_factory=list)
    stale_reason: str | None = None
    duration_s: float = 0.0
    # (url, sha256) of every page parsed for this operator: what `tariffs reparse` re-reads
    snapshots: list[tuple[str, str]] = Field(default_factory=list)
    # publish/drift.py: this run's crawl metrics, the baseline the next run compares with, alarms
    crawl: dict[str, Any] | None = None
    crawl_baseline: dict[str, Any] | None = None
    drift_alarms: list[str] = Field(default_factory=list)

    def report(self) -> dict[str, Any]:
        warnings = sum(len(p.warnings) for p in self.plans)
        return {
            "status": self.status,
            "plans": len(self.plans),
            "parser_version": self.parser_version,
            "pages_fetched": self.pages_fetched,
            "http_statuses": dict(sorted(self.http_statuses.items())),
            "errors": self.errors,
            "rejected_drafts": self.rejections,
            "gates_failed": self.gates_failed,
            "stale_reason": self.stale_reason,
            "warnings": warnings,
            "field_coverage": field_coverage(self.plans),
            "duration_s": round(self.duration_s, 3),
            "crawl": self.crawl,
            "crawl_baseline": self.crawl_baseline,
            "drift_alarms": self.drift_alarms,
        }


COVERAGE_FIELDS = tuple(f for f in FACT_COLUMNS if f != "rollover")


def field_coverage(plans: list[Plan]) -> dict[str, float]:
    """Share of plans with a known value per flat field (spidermon-style coverage)."""
    if not plans:
        return {f: 0.0 for f in COVERAGE_FIELDS}
    rows = [flatten(p) for p in plans]
    cov = {f: round(sum(r[f] is not None for r in rows) / len(rows), 4) for f in COVERAGE_FIELDS}
    cov["rollover"] = round(sum(r["rollover"] != "unknown" for r in rows) / len(rows), 4)
    return cov


class PublishResult(BaseModel):
    created: bool
    release_id: str | None
    path: Path | None
    message: str
    changes: dict[str, Any] | None = None


def plans_digest(plans: list[dict[str, Any]]) -> str:
    """Identity of a release's content: the plans without the time they were fetched."""
    stripped = []
    for p in plans:
        q = dict(p)
        q["source"] = {k: v for k, v in p["source"].items() if k != "fetched_at"}
        if "sources" in p:  # 1-1-0: every source of a merged plan
            q["sources"] = [{k: v for k, v in s.items() if k != "fetched_at"} for s in p["sources"]]
        stripped.append(q)
    return hashlib.sha256(dumps(stripped).encode()).hexdigest()


def release_dirs(output: Path) -> list[Path]:
    """Complete releases, oldest first (a release folder only appears once it is whole)."""
    root = Path(output) / RELEASES
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def read_json(path: Path) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def latest_release(output: Path) -> Path | None:
    dirs = release_dirs(output)
    return dirs[-1] if dirs else None


def load_release_plans(release: Path) -> list[Plan]:
    return [Plan.model_validate(p) for p in read_json(Path(release) / "plans.json")["plans"]]


def recover(output: Path) -> None:
    """Tidy what an interrupted publish left behind; never touches complete releases.

    Runs under the lock, so every temporary file of a publish found here is an orphan.
    """
    output = Path(output)
    recover_swap(output / LATEST)
    root = output / RELEASES
    if root.is_dir():
        for stray in root.glob(".tmp-*"):
            shutil.rmtree(stray, ignore_errors=True)
    for stray in output.glob(".latest-new*"):
        shutil.rmtree(stray, ignore_errors=True)
    for stray in output.glob(f".{INDEX}.tmp-*"):
        stray.unlink(missing_ok=True)


def repair_index(output: Path) -> bool:
    """Rewrite index.json when it is missing, corrupt, or disagrees with releases/ (a crash
    between a release's rename and the index write, a release folder deleted by hand)."""
    output = Path(output)
    expected = _index(output)
    try:
        current = read_json(output / INDEX)
        fine = all(current.get(k) == expected[k] for k in ("latest", "releases"))
    except (OSError, ValueError, AttributeError):
        fine = False
        expected.pop("checked_at", None)  # not from a file we cannot read
    if fine or (not expected["releases"] and not (output / INDEX).exists()):
        return False
    write_text_atomic(output / INDEX, dumps(expected))
    return True


def current_outcomes(output: Path, outcomes: list[OperatorOutcome]) -> list[OperatorOutcome]:
    """Outcomes brought up to date with the newest release, read under the lock.

    A run reads the previous release when it starts; another run may publish before it does.
    So what this run did not produce itself is taken from the release current *now*: operators
    it did not run are kept from it (also ones it never saw), and stale operators carry its
    plans forward. Two subset runs (`--operator kcell`, `--operator beeline`) then both stay.
    """
    prev_dir = latest_release(output)
    if prev_dir is None:
        return outcomes
    by_operator: dict[str, list[Plan]] = {}
    for plan in load_release_plans(prev_dir):
        by_operator.setdefault(plan.operator, []).append(plan)
    updated = []
    for o in outcomes:
        now_plans = by_operator.get(o.operator)
        if o.status == "kept" and now_plans is not None:
            o = o.model_copy(update={"plans": now_plans})
        elif o.status == "stale" and now_plans and _newer(now_plans, o.plans):
            # another run fetched this operator since: its fresher plans stand, unmarked
            o = o.model_copy(update={"status": "kept", "plans": now_plans, "stale_reason": None})
        elif o.status == "stale" and now_plans:
            since = {p.id: p.stale_since for p in o.plans}
            o = o.model_copy(
                update={
                    "plans": [
                        p.model_copy(
                            update={
                                "stale_since": p.stale_since or since.get(p.id) or _stale_time(o),
                                "stale_reason": o.stale_reason,
                            }
                        )
                        for p in now_plans
                    ]
                }
            )
        updated.append(o)
    ran = {o.operator for o in outcomes}
    for op in sorted(set(by_operator) - ran):
        updated.append(OperatorOutcome(operator=op, status="kept", plans=by_operator[op]))
    return updated


def _newer(current: list[Plan], carried: list[Plan]) -> bool:
    """Plans fetched after the ones a stale outcome carried forward, and not stale themselves."""
    if any(p.stale_since for p in current):
        return False
    latest = max(p.source.fetched_at for p in current)
    return not carried or latest > max(p.source.fetched_at for p in carried)


def _stale_time(outcome: OperatorOutcome) -> datetime | None:
    return next((p.stale_since for p in outcome.plans if p.stale_since), None)


def _new_release_id(output: Path, now: datetime) -> str:
    base = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    taken = {p.name for p in release_dirs(output)}
    newest = max(taken, default="").split("-")[0]
    if newest > base:  # a run that started earlier publishes later: ids stay in publish order
        base = newest
    rid, n = base, 1
    while rid in taken:
        n += 1
        rid = f"{base}-{n}"
    return rid


def _index(output: Path, checked_at: str | None = None) -> dict[str, Any]:
    entries = []
    for rel in release_dirs(output):
        manifest = read_json(rel / "manifest.json")
        entries.append(
            {
                "id": rel.name,
                "generated_at": manifest["generated_at"],
                "plans": manifest["plan_count"],
                "schema_version": manifest["schema_version"],
                "sha256": {
                    "plans.json": manifest["files"]["plans.json"],
                    "manifest.json": sha256_file(rel / "manifest.json"),
                },
                "technical_only": manifest.get("technical_only", False),
            }
        )
    index = {
        "schema_version": SCHEMA_VERSION,
        "latest": entries[-1]["id"] if entries else None,
        "releases": entries,
    }
    if checked_at is None:  # keep when the data was last checked, unless told anew
        try:
            checked_at = read_json(Path(output) / INDEX).get("checked_at")
        except (OSError, ValueError, AttributeError):
            checked_at = None
    if checked_at:
        index["checked_at"] = checked_at  # the last run that published, changed or not
    return index


def release_files(
    release_id: str,
    now: datetime,
    outcomes: list[OperatorOutcome],
    previous: tuple[str, list[dict[str, Any]]] | None,
) -> tuple[dict[str, str | bytes], dict[str, Any]]:
    """Every file of a release (pure: same inputs, same bytes), plus changes.json."""
    plans = _sorted_plans(outcomes)
    plan_dicts = _plan_dicts(outcomes)
    generated_at = now.astimezone(UTC).isoformat().replace("+00:00", "Z")
    by_operator = sorted(outcomes, key=lambda o: o.operator)
    doc = {
        "schema_version": SCHEMA_VERSION,
        "release": release_id,
        "generated_at": generated_at,
        "plans": plan_dicts,
    }
    files: dict[str, str | bytes] = {"plans.json": dumps(doc)}
    for o in by_operator:
        own = [p for p in plan_dicts if p["operator"] == o.operator]
        files[f"{o.operator}.json"] = dumps({**doc, "plans": own})
    changes = diff_releases(previous[1] if previous else [], plan_dicts)
    changes["previous_release"] = previous[0] if previous else None
    files["changes.json"] = dumps(changes)
    report = {o.operator: o.report() for o in by_operator}
    files["report.json"] = dumps(
        {"release": release_id, "generated_at": generated_at, "operators": report}
    )
    files["schema.json"] = schema_text()
    files["plans.csv"] = flat_csv([flatten(p) for p in plans])
    files.update(reader_files(plans, release_id, generated_at))
    hashes = {name: _sha(text) for name, text in files.items()}
    files["datapackage.json"] = dumps(
        datapackage(release_id, hashes, [o.operator for o in by_operator])
    )
    hashes["datapackage.json"] = _sha(files["datapackage.json"])
    files["manifest.json"] = dumps(
        {
            "release": release_id,
            "generated_at": generated_at,
            "schema_version": SCHEMA_VERSION,
            "plan_count": len(plans),
            "plans_digest": plans_digest(plan_dicts),
            "technical_only": changes["technical_only"],
            "operators": {
                o.operator: {
                    "status": o.status,
                    "plans": len(o.plans),
                    "parser_version": o.parser_version,
                    "stale_reason": o.stale_reason,
                    "snapshots": [{"url": u, "sha256": h} for u, h in sorted(set(o.snapshots))],
                }
                for o in by_operator
            },
            "files": dict(sorted(hashes.items())),
        }
    )
    return files, changes


def _sorted_plans(outcomes: list[OperatorOutcome]) -> list[Plan]:
    return sorted((p for o in outcomes for p in o.plans), key=lambda p: p.id)


def _plan_dicts(outcomes: list[OperatorOutcome]) -> list[dict[str, Any]]:
    """The published form of every plan of a release, sorted by id."""
    return [p.model_dump(mode="json") for p in _sorted_plans(outcomes)]


def _sha(content: str | bytes) -> str:
    data = content.encode() if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()


def publish_release(
    output: Path,
    outcomes: list[OperatorOutcome],
    *,
    now: datetime | None = None,
    keep: int | None = None,
) -> PublishResult:
    """Write a new release unless its plans equal the newest release's."""
    with exclusive(Path(output)):
        return _publish_locked(Path(output), outcomes, now=now, keep=keep)


def _publish_locked(
    output: Path, outcomes: list[OperatorOutcome], *, now: datetime | None, keep: int | None
) -> PublishResult:
    recover(output)
    repair_index(output)
    now = now or datetime.now(UTC)
    checked_at = now.astimezone(UTC).isoformat().replace("+00:00", "Z")
    outcomes = current_outcomes(output, outcomes)
    ids = [p.id for o in outcomes for p in o.plans]
    if not ids:
        return PublishResult(
            created=False,
            release_id=None,
            path=None,
            message="no plans at all (every operator failed): nothing published; "
            "see the errors above and report the run's first error",
        )
    if len(ids) != len(set(ids)):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise ValueError(f"duplicate plan ids, nothing published: {', '.join(dupes)}")
    digest = plans_digest(_plan_dicts(outcomes))

    prev_dir = latest_release(output)
    previous = None
    if prev_dir is not None:
        if read_json(prev_dir / "manifest.json").get("plans_digest") == digest:
            _sync_latest(output, prev_dir)
            write_text_atomic(output / INDEX, dumps(_index(output, checked_at)))
            if keep:
                _prune_locked(output, keep, now)
            return PublishResult(
                created=False,
                release_id=prev_dir.name,
                path=prev_dir,
                message=f"plans unchanged since release {prev_dir.name}: no new release",
            )
        previous = (prev_dir.name, read_json(prev_dir / "plans.json")["plans"])

    release_id = _new_release_id(output, now)
    files, changes = release_files(release_id, now, outcomes, previous)
    root = output / RELEASES
    root.mkdir(exist_ok=True)
    tmp = root / f".tmp-{release_id}-{os.getpid()}"
    try:
        write_tree(tmp, files)
    except BaseException:  # disk full, killed: no half release, nothing left behind
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    final = root / release_id
    os.rename(tmp, final)  # the release appears whole or not at all
    write_text_atomic(output / INDEX, dumps(_index(output, checked_at)))
    _sync_latest(output, final)
    if keep:
        _prune_locked(output, keep, now)
    return PublishResult(
        created=True,
        release_id=release_id,
        path=final,
        message=f"release {release_id}: {len(ids)} plans",
        changes=changes,
    )


def _sync_latest(output: Path, release: Path) -> None:
    """Point `latest/` at a release (a full copy), swapped in atomically."""
    latest = output / LATEST
    marker = latest / "manifest.json"
    if marker.exists() and marker.read_bytes() == (release / "manifest.json").read_bytes():
        return
    staging = output / f".latest-new-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(release, staging)
    swap_dirs(staging, latest)


def prune(output: Path, keep: int) -> list[str]:
    """Keep the newest `keep` releases; never delete the one `latest/` mirrors."""
    with exclusive(Path(output)):
        return _prune_locked(Path(output), keep, datetime.now(UTC))


def _prune_locked(output: Path, keep: int, now: datetime) -> list[str]:
    """Drop old releases, then the stored snapshots no remaining release needs."""
    if keep < 1:
        raise ValueError("keep must be at least 1")
    dirs = release_dirs(output)
    latest_manifest = Path(output) / LATEST / "manifest.json"
    pinned = read_json(latest_manifest)["release"] if latest_manifest.exists() else None
    removed = []
    doomed = []
    for rel in dirs[:-keep]:
        if rel.name == pinned:
            continue
        # out of sight in one step first: a kill mid-delete must not leave half a release
        hidden = rel.with_name(f".tmp-pruned-{rel.name}")
        os.rename(rel, hidden)
        doomed.append(hidden)
        removed.append(rel.name)
    if removed:
        write_text_atomic(Path(output) / INDEX, dumps(_index(output)))
    for hidden in doomed:
        shutil.rmtree(hidden)
    needed = {
        ref["sha256"]
        for rel in release_dirs(output)
        for info in read_json(rel / "manifest.json")["operators"].values()
        for ref in info.get("snapshots", [])
    }
    needed |= {
        p.source.snapshot_sha256 for rel in release_dirs(output) for p in load_release_plans(rel)
    }
    SnapshotStore(Path(output) / SNAPSHOTS).prune(needed, now=now)
    return removed

"""Rebuild a release's plans from its stored snapshots with today's parsers — no fetching.

When only the parser changed, the new release's changes.json labels every difference as a
technical change (same page bytes, different facts), so consumers can tell a fix from a price rise.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kztariffs.paths import SNAPSHOTS
from kztariffs.pipeline import operator_outcome
from publish.release import (
    RELEASES,
    OperatorOutcome,
    latest_release,
    load_release_plans,
    read_json,
    release_dirs,
    release_files,
)
from scrapers.crawl import CrawlResult
from scrapers.registry import get_brand
from scrapers.snapshot import DamagedSnapshot, Snapshot, SnapshotStore


class ReparseError(RuntimeError):
    pass


def find_release(output: Path, release_id: str | None) -> Path:
    if release_id is None:
        rel = latest_release(output)
        if rel is None:
            raise ReparseError(f"{output}: no releases yet; run `tariffs run` first")
        return rel
    if release_id not in {p.name for p in release_dirs(output)}:  # no "../x", no absolute path
        raise ReparseError(
            f"{release_id!r} is not a release of {output} (ids are listed in "
            f"{Path(output) / 'index.json'}, e.g. 20261130T060000Z)"
        )
    rel = Path(output) / RELEASES / release_id
    if not (rel / "manifest.json").is_file():
        raise ReparseError(f"{rel}: no such release (see {Path(output) / 'index.json'})")
    return rel


def reparse_outcomes(output: Path, release: Path) -> list[OperatorOutcome]:
    """One outcome per operator of `release`, through the same gates as a run.

    Fresh operators are re-parsed from their stored snapshots and gated against the release's own
    plans (a parser that now finds nothing keeps them, marked stale); the others are kept as they
    were. Each snapshot gets the fetch time the release recorded, so a later fetch of the same
    bytes never changes what a reparse of this release gives.
    """
    manifest = read_json(release / "manifest.json")
    plans = load_release_plans(release)
    generated = datetime.fromisoformat(manifest["generated_at"].replace("Z", "+00:00"))
    store = SnapshotStore(Path(output) / SNAPSHOTS)
    records: dict[tuple[str, str], Snapshot] = {(s.url, s.sha256): s for s in store.records()}
    fetched = {
        (s.url, s.snapshot_sha256): s.fetched_at for p in plans for s in [p.source, *p.sources]
    }
    outcomes = []
    for operator, info in sorted(manifest["operators"].items()):
        own = [p for p in plans if p.operator == operator]
        refs = [(r["url"], r["sha256"]) for r in info.get("snapshots", [])]
        if info["status"] != "fresh":
            outcomes.append(
                OperatorOutcome(
                    operator=operator,
                    status=info["status"],
                    plans=own,
                    stale_reason=info.get("stale_reason"),
                    parser_version=info.get("parser_version", ""),
                    snapshots=refs,
                )
            )
            continue
        missing = [url for url, sha in refs if (url, sha) not in records]
        if missing:
            raise ReparseError(
                f"{operator}: {len(missing)} snapshots of release {release.name} are not in "
                f"{store.root} (first: {missing[0]}); they cannot be re-parsed without fetching"
            )
        snaps = []
        for ref in refs:
            try:
                snap = store.load(records[ref])
            except DamagedSnapshot as exc:
                raise ReparseError(f"{operator}: release {release.name}: {exc}") from None
            when = fetched.get(ref)
            snaps.append(snap.model_copy(update={"fetched_at": when}) if when else snap)
        brand = get_brand(operator)
        outcomes.append(
            operator_outcome(
                brand,
                crawled=CrawlResult(operator=operator, snapshots=snaps),
                previous=own,
                now=generated,
            ).model_copy(update={"pages_fetched": 0, "duration_s": 0.0})
        )
    return outcomes


def reproduce_plans_json(output: Path, release: Path) -> bytes:
    """plans.json as today's parsers would write it for that release (same id and time)."""
    manifest = read_json(release / "manifest.json")
    outcomes = reparse_outcomes(output, release)
    now = datetime.fromisoformat(manifest["generated_at"].replace("Z", "+00:00"))
    files, _ = release_files(release.name, now, outcomes, None)
    return files["plans.json"].encode()

"""Rebuild a release's plans from its stored snapshots with today's parsers — no fetching.

When only the parser changed, the new release's changes.json labels every difference as a
technical change (same page bytes, different facts), so consumers can tell a fix from a price rise.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kztariffs.paths import SNAPSHOTS
from kztariffs.pipeline import parse_snapshots
from publish.release import (
    RELEASES,
    OperatorOutcome,
    latest_release,
    load_release_plans,
    read_json,
    release_files,
)
from scrapers.registry import get_brand
from scrapers.snapshot import Snapshot, SnapshotStore


class ReparseError(RuntimeError):
    pass


def find_release(output: Path, release_id: str | None) -> Path:
    if release_id is None:
        rel = latest_release(output)
        if rel is None:
            raise ReparseError(f"{output}: no releases yet; run `tariffs run` first")
        return rel
    rel = Path(output) / RELEASES / release_id
    if not (rel / "manifest.json").is_file():
        raise ReparseError(f"{rel}: no such release (see {Path(output) / 'index.json'})")
    return rel


def reparse_outcomes(output: Path, release: Path) -> list[OperatorOutcome]:
    """One outcome per operator of `release`: fresh operators re-parsed, stale ones kept."""
    manifest = read_json(release / "manifest.json")
    plans = load_release_plans(release)
    store = SnapshotStore(Path(output) / SNAPSHOTS)
    index: dict[tuple[str, str], Snapshot] = {(s.url, s.sha256): s for s in store}
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
        missing = [url for url, sha in refs if (url, sha) not in index]
        if missing:
            raise ReparseError(
                f"{operator}: {len(missing)} snapshots of release {release.name} are not in "
                f"{store.root} (first: {missing[0]}); they cannot be re-parsed without fetching"
            )
        brand = get_brand(operator)
        new_plans, rejections = parse_snapshots(brand, [index[r] for r in refs])
        outcomes.append(
            OperatorOutcome(
                operator=operator,
                status="fresh",
                plans=new_plans,
                rejections=rejections,
                parser_version=brand.parser_version,
                pages_fetched=0,
                snapshots=refs,
            )
        )
    return outcomes


def reproduce_plans_json(output: Path, release: Path) -> bytes:
    """plans.json as today's parsers would write it for that release (same id and time)."""
    manifest = read_json(release / "manifest.json")
    outcomes = reparse_outcomes(output, release)
    now = datetime.fromisoformat(manifest["generated_at"].replace("Z", "+00:00"))
    files, _ = release_files(release.name, now, outcomes, None)
    return files["plans.json"].encode()

"""The run, step by step, as plain functions; flows/ wraps them in Prefect tasks.

fetch (scrapers.crawl) → raw snapshots (scrapers.snapshot) → parse per brand (scrapers.<brand>)
→ normalize (normalizer) → validate (schema.build) → gates (publish.gates)
→ publish (publish.release)
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Literal

from publish.gates import GateFailure, check_gates
from publish.release import OperatorOutcome
from schema.build import Rejection, build_plan, plan_slug
from schema.draft import Draft
from schema.plan import Plan
from scrapers.base import Brand
from scrapers.snapshot import Snapshot, SnapshotStore

Source = Literal["live", "recorded"]


def parse_snapshots(brand: Brand, snapshots: Iterable[Snapshot]) -> tuple[list[Plan], list[str]]:
    """Parse and validate every snapshot of one brand; bad drafts are reported, not fatal."""
    found: list[tuple[Snapshot, Draft]] = []
    rejections: list[str] = []
    for snap in sorted(snapshots, key=lambda s: (s.url, s.sha256)):
        try:
            found += [(snap, d) for d in brand.parse(snap)]
        except Exception as exc:  # a broken page must not stop the run
            rejections.append(f"{snap.url}: parser failed: {type(exc).__name__}: {exc}")
    plans: list[Plan] = []
    for (snap, draft), slug in zip(found, unique_slugs([d for _, d in found]), strict=True):
        result = build_plan(
            draft,
            plan_id=f"{brand.operator}:{slug}",
            fetched_at=snap.fetched_at,
            snapshot_sha256=snap.sha256,
            parser_version=brand.parser_version,
        )
        if isinstance(result, Rejection):
            rejections.append(str(result))
        else:
            plans.append(result)
    return plans, rejections


def unique_slugs(drafts: list[Draft]) -> list[str]:
    """Distinct, stable slugs: plans sharing a name (one tariff at two prices) are told apart
    by their price where that separates them, else by a running number in page order."""
    base = [plan_slug(d) for d in drafts]
    counts = Counter(base)
    slugs = []
    for slug, draft in zip(base, drafts, strict=True):
        if counts[slug] > 1 and draft.price_amount is not None:
            slug = f"{slug}-{format(draft.price_amount.normalize(), 'f').replace('.', '-')}"
        slugs.append(slug)
    seen: Counter[str] = Counter()
    out = []
    for slug in slugs:
        seen[slug] += 1
        out.append(slug if seen[slug] == 1 else f"{slug}-{seen[slug]}")
    return out


def mark_stale(plans: Iterable[Plan], reason: str, now: datetime) -> list[Plan]:
    """Previous plans carried forward; a plan already stale keeps the time it went stale."""
    return [
        p.model_copy(update={"stale_since": p.stale_since or now, "stale_reason": reason})
        for p in plans
    ]


def decide(
    operator: str,
    *,
    plans: list[Plan],
    previous: list[Plan],
    now: datetime,
    fetch_errors: list[str],
    pages_fetched: int,
    rejections: list[str],
    http_statuses: dict[str, int],
    parser_version: str,
    duration_s: float,
    snapshots: list[tuple[str, str]] | None = None,
    drift_alarms: list[str] | None = None,
) -> OperatorOutcome:
    """Fresh plans if they pass the gates and no drift alarm (publish/drift.py) went off;
    otherwise the last good plans, marked stale."""
    last_good = [p for p in previous if p.stale_since is None] or previous
    failures = check_gates(plans, last_good)
    failures += [GateFailure("drift", alarm) for alarm in drift_alarms or []]
    common = {
        "operator": operator,
        "parser_version": parser_version,
        "pages_fetched": pages_fetched,
        "http_statuses": http_statuses,
        "errors": fetch_errors,
        "rejections": rejections,
        "gates_failed": [str(f) for f in failures],
        "duration_s": duration_s,
    }
    if not failures:
        return OperatorOutcome(status="fresh", plans=plans, snapshots=snapshots or [], **common)
    reason = "; ".join(str(f) for f in failures)
    if fetch_errors and not plans:
        reason = f"{reason} ({len(fetch_errors)} pages failed: {fetch_errors[0]})"
    if previous:
        return OperatorOutcome(
            status="stale",
            plans=mark_stale(previous, reason, now),
            stale_reason=reason,
            snapshots=sorted({(p.source.url or "", p.source.snapshot_sha256) for p in previous}),
            **common,
        )
    return OperatorOutcome(status="failed", plans=[], stale_reason=reason, **common)


def keep_snapshots(snapshots: Iterable[Snapshot], output: Path, subdir: str) -> None:
    """Store every page a run read beside its releases, so `tariffs reparse` never refetches."""
    store = SnapshotStore(Path(output) / subdir)
    for snap in snapshots:
        store.put(snap)


class Timer:
    def __init__(self) -> None:
        self.start = time.perf_counter()

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.start

"""The run, step by step, as plain functions; flows/ wraps them in Prefect tasks.

fetch (scrapers.crawl) → raw snapshots (scrapers.snapshot) → parse per brand (scrapers.<brand>)
→ normalize (normalizer) → validate (schema.build) → gates (publish.gates)
→ publish (publish.release)
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Literal

from publish.drift import CrawlMetrics, Drift, judge, with_drift
from publish.fallbacks import attach_fallbacks
from publish.gates import GateFailure, check_gates
from publish.merge import merge_plans
from publish.quality import quality_floor
from publish.release import OperatorOutcome
from schema.build import Rejection, build_plan, plan_slug
from schema.draft import Draft
from schema.plan import Plan
from scrapers.base import Brand
from scrapers.charset import decode_noted
from scrapers.crawl import CrawlResult
from scrapers.limits import PageRejected
from scrapers.snapshot import Snapshot, SnapshotStore

Source = Literal["live", "recorded"]


def parse_snapshots(
    brand: Brand, snapshots: Iterable[Snapshot], *, publishable: bool = True
) -> tuple[list[Plan], list[str]]:
    """Parse and validate every snapshot of one brand; bad drafts are reported, not fatal.

    `publishable` (a release): fallback packs go to their plan, one plan read from several
    sources becomes one record, and records below the quality floor are rejected. Without it
    (one page, `tariffs extract`), every draft of the page is returned as it was read."""
    found: list[tuple[Snapshot, Draft]] = []
    rejections: list[str] = []
    for snap in sorted(snapshots, key=lambda s: (s.url, s.sha256)):
        note = decode_noted(snap.body, snap.headers.get("content-type", ""))[1]
        if note:
            rejections.append(f"{snap.url}: warning: {note}")
        try:
            found += [(snap, d) for d in brand.parse(snap)]
        except PageRejected as exc:
            rejections.append(f"{snap.url}: page rejected: {exc}")
        except Exception as exc:  # a broken page must not stop the run
            rejections.append(f"{snap.url}: parser failed: {type(exc).__name__}: {exc}")
    packs = [d for _, d in found if d.fallback_only] if publishable else []
    found = [(s, d) for s, d in found if not (publishable and d.fallback_only)]
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
    if publishable:
        plans, left_out = finish_plans(plans, packs)
        rejections += left_out
    return plans, rejections


def finish_plans(plans: list[Plan], packs: list[Draft]) -> tuple[list[Plan], list[str]]:
    """Schema 1-1-0, after parsing: fallbacks attached, one record per plan, the quality floor."""
    plans, left_out = attach_fallbacks(plans, packs)
    plans, _merges = merge_plans(plans)
    plans, rejected = quality_floor(plans)
    return plans, left_out + rejected


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
    fetch_kinds: list[str] | None = None,
    drift_alarms: list[str] | None = None,
) -> OperatorOutcome:
    """Fresh plans if they pass the gates and no drift alarm (publish/drift.py) went off;
    otherwise the last good plans, marked stale.

    The published `stale_reason` is short and public ("fetch failed: connection refused",
    "gates: zero plans"); the full errors and gate reasons stay in report.json.
    """
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
    reason = public_reason(failures, fetch_errors if not plans else [], fetch_kinds or [])
    if previous:
        return OperatorOutcome(
            status="stale",
            plans=mark_stale(previous, reason, now),
            stale_reason=reason,
            snapshots=sorted({(p.source.url or "", p.source.snapshot_sha256) for p in previous}),
            **common,
        )
    return OperatorOutcome(status="failed", plans=[], stale_reason=reason, **common)


def public_reason(
    failures: list[GateFailure], fetch_errors: list[str], fetch_kinds: list[str]
) -> str:
    """Why an operator is stale, in a few public words: no paths, no exception text."""
    if fetch_errors:
        kind = Counter(fetch_kinds).most_common(1)[0][0] if fetch_kinds else None
        return f"fetch failed: {kind}" if kind else "fetch failed"
    gates = [f.gate.replace("_", " ") for f in failures if f.gate != "drift"]
    # a layout change says what moved (selectors and counts, never paths or exception text)
    drift = [f.reason for f in failures if f.gate == "drift"]
    return "; ".join([*(["gates: " + ", ".join(gates)] if gates else []), *drift])


def operator_outcome(
    brand: Brand,
    *,
    crawled: CrawlResult | None,
    previous: list[Plan],
    now: datetime,
    fetch_error: str | None = None,
    duration_s: float = 0.0,
    baseline: CrawlMetrics | None = None,
    on_drift: Callable[[str, Drift], None] | None = None,
) -> OperatorOutcome:
    """Parsed pages -> one operator's outcome (gates, drift against `baseline`, the operator's
    last good crawl, and stale carry-forward): the one path shared by a run (in-process or the
    flow) and by `tariffs reparse`."""
    timer = Timer()
    snapshots = crawled.snapshots if crawled else []
    plans, rejections = parse_snapshots(brand, snapshots)
    drift = judge(brand, snapshots, plans, baseline) if crawled else None
    errors = [f"{url}: {reason}" for url, reason in (crawled.errors if crawled else [])]
    kinds = list(crawled.kinds.values()) if crawled else []
    if fetch_error:
        errors.append(fetch_error)
        said = re.search(r"every page failed: ([^;]+);", fetch_error)  # OperatorUnreachable
        kinds.append(said.group(1) if said else "run error")
    outcome = decide(
        brand.operator,
        plans=plans,
        previous=previous,
        now=now,
        fetch_errors=errors,
        pages_fetched=len(snapshots),
        rejections=rejections,
        http_statuses=dict(crawled.statuses) if crawled else {},
        parser_version=brand.parser_version,
        duration_s=duration_s + timer.elapsed + (crawled.duration_s if crawled else 0.0),
        snapshots=[(s.url, s.sha256) for s in snapshots],
        fetch_kinds=kinds,
        drift_alarms=drift.alarms if drift else None,
    )
    if drift is not None:
        if drift.alarms and on_drift is not None:
            on_drift(brand.operator, drift)
        return with_drift(outcome, drift)
    if baseline is not None:  # nothing crawled: the baseline waits for the next good crawl
        return outcome.model_copy(update={"crawl_baseline": baseline.model_dump(mode="json")})
    return outcome


def keep_snapshots(
    snapshots: Iterable[Snapshot], output: Path, subdir: str, run: str | None = None
) -> None:
    """Store every page a run read beside its releases, so `tariffs reparse` never refetches;
    `run` (the flow run id) goes into each history record."""
    store = SnapshotStore(Path(output) / subdir)
    for snap in snapshots:
        store.put(snap, run=run)


class Timer:
    def __init__(self) -> None:
        self.start = time.perf_counter()

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.start

"""One run of the pipeline, step by step, as plain functions — the only orchestration there is.

`run_direct` chains the steps in this process (what `tariffs run` does when no Prefect server is
configured: no API server to start, no per-task API calls, no Prefect import — see OPERATIONS.md
for where the seconds went). The flow `scrape-and-publish` (flows/) wraps the same steps in
Prefect tasks for the scheduled deployment. Both fetch every operator at once (politeness is per
host, in the Fetcher), retry an unreachable operator twice (30 s, then 60 s, ±50 % jitter),
parse in operator order and publish once, so they write the same release.

This module must not import Prefect: importing it is most of what a direct run costs.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kztariffs.paths import RECORDED_DIR, SNAPSHOTS
from kztariffs.pipeline import Source, keep_snapshots
from kztariffs.pipeline import operator_outcome as pipeline_outcome
from kztariffs.settings import Settings
from publish.drift import CrawlMetrics, baselines, emit_drift_event
from publish.release import (
    OperatorOutcome,
    PublishResult,
    latest_release,
    load_release_plans,
    publish_release,
)
from schema.plan import OPERATORS, Plan
from scrapers.crawl import CrawlResult
from scrapers.registry import get_brand

# A whole operator that answered nothing is tried again: 1 + FETCH_RETRIES attempts in all.
FETCH_RETRIES = 2
FETCH_RETRY_BASE_S = 30.0  # wait before retry n (0-based): base * 2**n
FETCH_RETRY_JITTER = 0.5  # ± this fraction of the wait


class OperatorUnreachable(RuntimeError):
    """Every page of an operator failed: worth a retry of the whole operator."""


# Failures a retry in a minute does not change: no network name service, the site's own rules.
_FINAL_KINDS = ("DNS lookup failed", "robots.txt disallows", "not recorded")


def worth_retrying(message: str) -> bool:
    return not any(f"every page failed: {kind};" in message for kind in _FINAL_KINDS)


def progress(message: str) -> None:
    """To the terminal, and into the Prefect run's log when inside a flow run."""
    print(message, file=sys.stderr, flush=True)
    if "prefect" in sys.modules:  # never import Prefect on the direct path
        from prefect import get_run_logger
        from prefect.exceptions import MissingContextError

        with contextlib.suppress(MissingContextError):
            get_run_logger().info(message)


def utc_now() -> datetime:
    """The run's clock (one place, so tests can pin the release id and time)."""
    return datetime.now(UTC)


def retry_delay(attempt: int) -> float:
    """Seconds before retry `attempt` (0-based) of an operator's fetch."""
    base = FETCH_RETRY_BASE_S * 2**attempt
    return base * (1 + random.uniform(-FETCH_RETRY_JITTER, FETCH_RETRY_JITTER))


@dataclass(frozen=True)
class RunStart:
    """What a run knows before it fetches: which operators, from where, and the last release."""

    names: list[str]
    source: Source
    recorded_dir: str
    output: str
    now: datetime
    previous: dict[str, list[Plan]]
    pages_to: str = ""  # where fetched pages are kept; "" for a dry run (nothing is written)
    drift_baselines: dict[str, CrawlMetrics] | None = None  # each operator's last good crawl


def start_run(
    operators: list[str] | None,
    source: Source,
    output: str,
    recorded_dir: str | None,
    *,
    publish: bool = True,
) -> RunStart:
    """Check the operator names (fail fast, listing the valid ones) and load the last release."""
    names = sorted({o.strip().lower() for o in operators or OPERATORS})  # "Kcell" too
    for name in names:
        get_brand(name)
    prev_dir = latest_release(Path(output))
    by_operator: dict[str, list[Plan]] = {}
    for plan in load_release_plans(prev_dir) if prev_dir else []:
        by_operator.setdefault(plan.operator, []).append(plan)
    progress(f"scrape-and-publish: {', '.join(names)} from {source}")
    return RunStart(
        names=names,
        source=source,
        recorded_dir=recorded_dir or str(RECORDED_DIR),
        output=output,
        now=utc_now(),
        previous=by_operator,
        pages_to=output if publish else "",
        drift_baselines=baselines(prev_dir),
    )


async def fetch_pages(
    operator: str,
    source: Source,
    recorded_dir: str,
    output: str,
    settings: Settings | None = None,
    run: str | None = None,
) -> CrawlResult:
    """Crawl one operator (live: settings, HTTP cache, browser where the brand renders, sitemap
    fallback — kztariffs/live.py; or from recorded snapshots) and keep its pages in `output`
    ("" for a dry run: nothing is written); `run` goes into the snapshot history."""
    from kztariffs.live import crawl_operator

    crawled = await crawl_operator(
        get_brand(operator),
        source=source,
        recorded_dir=Path(recorded_dir),
        settings=settings,
        progress=progress if source == "live" else None,
    )
    result = crawled.result
    if not result.snapshots and result.errors:
        kind = next(iter(result.kinds.values()), "fetch error")
        raise OperatorUnreachable(
            f"{operator}: every page failed: {kind}; first: {result.errors[0]}"
        )
    if output:
        await asyncio.to_thread(keep_snapshots, result.snapshots, Path(output), SNAPSHOTS, run)
    progress(f"  {crawled.summary()}")
    return result


def fetch_error_text(error: BaseException) -> str:
    """How a failed fetch reads in the run's report (the same on both paths)."""
    return f"fetch failed: {type(error).__name__}: {error}"


async def fetch_all(
    start: RunStart,
    *,
    retries: int,
    settings: Settings | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> dict[str, CrawlResult | str]:
    """Every operator of the run at once; a failed one maps to its error text, after retries."""

    async def one(op: str) -> CrawlResult | str:
        for attempt in range(retries + 1):
            try:
                return await fetch_pages(
                    op, start.source, start.recorded_dir, start.pages_to, settings
                )
            except Exception as exc:  # the run goes on: the operator ends stale or failed
                if attempt == retries or not worth_retrying(str(exc)):
                    return fetch_error_text(exc)
                delay = retry_delay(attempt)
                progress(f"  {op}: {exc}; retrying in {delay:.0f} s")
                await sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    results = await asyncio.gather(*(one(op) for op in start.names))
    return dict(zip(start.names, results, strict=True))


def operator_outcome(
    operator: str,
    crawled: CrawlResult | None,
    fetch_error: str | None,
    previous: list[Plan],
    now: datetime,
    baseline: CrawlMetrics | None = None,
) -> OperatorOutcome:
    """Parse, validate, gate and check drift for one operator; never raises for bad pages
    (they are reported). The same path (`kztariffs.pipeline.operator_outcome`) as the flow and
    `tariffs reparse`; a drift alarm also emits a Prefect event (a no-op outside a flow run)."""
    outcome = pipeline_outcome(
        get_brand(operator),
        crawled=crawled,
        previous=previous,
        now=now,
        fetch_error=fetch_error,
        baseline=baseline,
        on_drift=emit_drift_event,
    )
    progress(
        f"  {operator}: {outcome.status}, {len(outcome.plans)} plans"
        + (f" ({outcome.stale_reason})" if outcome.stale_reason else "")
    )
    return outcome


def kept_outcomes(start: RunStart) -> list[OperatorOutcome]:
    """Operators of the last release that this run left out keep their plans."""
    kept = []
    for op in sorted(set(start.previous) - set(start.names)):
        baseline = (start.drift_baselines or {}).get(op)
        kept.append(
            OperatorOutcome(
                operator=op,
                status="kept",
                plans=start.previous[op],
                crawl_baseline=baseline.model_dump(mode="json") if baseline else None,
            )
        )
    return kept


def nothing_fetched(outcomes: list[OperatorOutcome]) -> bool:
    """Every operator this run tried failed to fetch (no network, a DNS failure, every site
    down): there is nothing new to publish, not even a "verified at"."""
    tried = [o for o in outcomes if o.status != "kept"]
    return bool(tried) and all(
        o.status in ("stale", "failed") and (o.stale_reason or "").startswith("fetch failed")
        for o in tried
    )


def publish_outcomes(
    outcomes: list[OperatorOutcome], output: str, keep: int | None
) -> PublishResult:
    if nothing_fetched(outcomes):
        reasons = sorted({o.stale_reason or "" for o in outcomes if o.status != "kept"})
        result = PublishResult(
            created=False,
            release_id=None,
            path=None,
            message=f"nothing was fetched ({'; '.join(reasons)}): no release, the last one stays",
        )
        progress(f"  publish: {result.message}")
        return result
    result = publish_release(Path(output), outcomes, now=utc_now(), keep=keep)
    progress(f"  publish: {result.message}")
    return result


def summary_rows(outcomes: list[OperatorOutcome]) -> list[dict[str, Any]]:
    return [
        {
            "operator": o.operator,
            "status": o.status,
            "plans": len(o.plans),
            "stale": o.status in ("stale", "failed"),
            "warnings": sum(len(p.warnings) for p in o.plans),
            "rejected": len(o.rejections),
            "errors": len(o.errors),
            "duration_s": round(o.duration_s, 2),
            "reason": o.stale_reason or "",
        }
        for o in sorted(outcomes, key=lambda o: o.operator)
    ]


def run_summary(rows: list[dict[str, Any]], result: PublishResult | None) -> dict[str, Any]:
    """What a run returns (the flow's result, `tariffs run`'s table)."""
    return {"operators": rows, "release": result.model_dump(mode="json") if result else None}


def stale_operators(summary: dict[str, Any]) -> list[str]:
    return [r["operator"] for r in summary["operators"] if r["stale"]]


def run_direct(
    operators: list[str] | None = None,
    source: Source = "recorded",
    output: str = "output",
    publish: bool = True,
    recorded_dir: str | None = None,
    keep: int | None = None,
    settings: Settings | None = None,
    publish_to: str | None = None,
) -> dict[str, Any]:
    """The whole run in this process, no Prefect; same parameters and result as the flow."""
    start = start_run(operators, source, output, recorded_dir, publish=publish)
    retries = FETCH_RETRIES if source == "live" else 0
    fetched = asyncio.run(fetch_all(start, retries=retries, settings=settings))
    outcomes = []
    for op in start.names:
        got = fetched[op]
        crawled, error = (got, None) if isinstance(got, CrawlResult) else (None, got)
        baseline = (start.drift_baselines or {}).get(op)
        outcomes.append(
            operator_outcome(op, crawled, error, start.previous.get(op, []), start.now, baseline)
        )
    outcomes += kept_outcomes(start)
    rows = summary_rows(outcomes)
    result = publish_outcomes(outcomes, output, keep) if publish else None
    if result and publish_to:
        from publish.s3 import publish_to_s3

        publish_to_s3(Path(output), publish_to, progress=progress)
    return run_summary(rows, result)

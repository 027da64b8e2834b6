"""The `scrape-and-publish` flow: one fetch and one parse task per operator, then publish.

Tasks are thin wrappers over plain functions so that the logic is testable without Prefect. Fetch
retries (Prefect's own options, with jitter); parse never retries: the same bytes give the same
result. A failing operator is reported and its last good plans are carried forward, marked stale;
the other operators still publish.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import MissingContextError
from prefect.states import Completed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff

from kztariffs.live import crawl_operator
from kztariffs.paths import RECORDED_DIR, SNAPSHOTS
from kztariffs.pipeline import Source, Timer, decide, keep_snapshots, parse_snapshots
from publish.changes import summary_markdown
from publish.drift import CrawlMetrics, baselines, emit_drift_event, judge, with_drift
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

MAX_CONCURRENT_OPERATORS = 3


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
    # and into the run's log (shown at PREFECT_LOGGING_LEVEL=INFO); outside a run: terminal only
    with contextlib.suppress(MissingContextError):
        get_run_logger().info(message)


class OperatorUnreachable(RuntimeError):
    """Every page of an operator failed: worth a retry of the whole fetch task."""


@task(
    name="fetch",
    task_run_name="fetch-{operator}",
    retries=2,
    retry_delay_seconds=exponential_backoff(backoff_factor=30),
    retry_jitter_factor=0.5,
    cache_policy=NO_CACHE,
)
def fetch_operator(operator: str, source: Source, recorded_dir: str, output: str) -> CrawlResult:
    """Fetch the operator's listing and plan pages (or read them from recorded snapshots)."""
    brand = get_brand(operator)

    # Live: settings (kztariffs/settings.py), HTTP cache, browser where the brand renders,
    # sitemap fallback (kztariffs/live.py); recorded: the same crawl over a snapshot store.
    crawled = asyncio.run(
        crawl_operator(
            brand,
            source=source,
            recorded_dir=Path(recorded_dir),
            progress=progress if source == "live" else None,
        )
    )
    result = crawled.result
    if not result.snapshots and result.errors:
        raise OperatorUnreachable(f"{operator}: every page failed, first: {result.errors[0]}")
    keep_snapshots(result.snapshots, Path(output), SNAPSHOTS)
    progress(f"  {crawled.summary()}")
    return result


@task(name="parse", task_run_name="parse-{operator}", cache_policy=NO_CACHE)
def parse_operator(
    operator: str,
    crawled: CrawlResult | None,
    fetch_error: str | None,
    previous: list[Plan],
    now: datetime,
    baseline: CrawlMetrics | None = None,
) -> OperatorOutcome:
    """Parse, validate, gate and check drift; never raises for bad pages (they are reported)."""
    timer = Timer()
    brand = get_brand(operator)
    snapshots = crawled.snapshots if crawled else []
    plans, rejections = parse_snapshots(brand, snapshots)
    drift = judge(brand, snapshots, plans, baseline) if crawled else None
    errors = [f"{url}: {reason}" for url, reason in (crawled.errors if crawled else [])]
    if fetch_error:
        errors.append(fetch_error)
    outcome = decide(
        operator,
        plans=plans,
        previous=previous,
        now=now,
        fetch_errors=errors,
        pages_fetched=len(snapshots),
        rejections=rejections,
        http_statuses=dict(crawled.statuses) if crawled else {},
        parser_version=brand.parser_version,
        duration_s=timer.elapsed + (crawled.duration_s if crawled else 0.0),
        snapshots=[(s.url, s.sha256) for s in snapshots],
        drift_alarms=drift.alarms if drift else None,
    )
    if drift is not None:
        outcome = with_drift(outcome, drift)
        if drift.alarms:
            emit_drift_event(operator, drift)
    elif baseline is not None:  # nothing crawled: the baseline waits for the next good crawl
        outcome = outcome.model_copy(update={"crawl_baseline": baseline.model_dump(mode="json")})
    progress(
        f"  {operator}: {outcome.status}, {len(outcome.plans)} plans"
        + (f" ({outcome.stale_reason})" if outcome.stale_reason else "")
    )
    return outcome


@task(name="publish", cache_policy=NO_CACHE)
def publish_task(outcomes: list[OperatorOutcome], output: str, keep: int | None) -> PublishResult:
    result = publish_release(Path(output), outcomes, keep=keep)
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


@flow(
    name="scrape-and-publish",
    task_runner=ThreadPoolTaskRunner(max_workers=MAX_CONCURRENT_OPERATORS),
    log_prints=False,
)
def scrape_and_publish(
    operators: list[str] | None = None,
    source: Source = "recorded",
    output: str = "output",
    publish: bool = True,
    recorded_dir: str | None = None,
    keep: int | None = None,
) -> Any:
    """Scrape the operators' tariff pages and publish a release into `output`.

    operators: subset to run (default: all six); the others keep their last published plans.
    source: "live" fetches the operators' sites; "recorded" reads stored snapshots.
    publish: false parses and reports without writing a release.
    """
    names = sorted(set(operators or OPERATORS))
    for name in names:
        get_brand(name)  # fail fast, with the list of valid names
    recorded = recorded_dir or str(RECORDED_DIR)
    now = datetime.now(UTC)
    prev_dir = latest_release(Path(output))
    previous = load_release_plans(prev_dir) if prev_dir else []
    drift_baselines = baselines(prev_dir)
    by_operator: dict[str, list[Plan]] = {}
    for plan in previous:
        by_operator.setdefault(plan.operator, []).append(plan)

    progress(f"scrape-and-publish: {', '.join(names)} from {source}")
    fetch = fetch_operator if source == "live" else fetch_operator.with_options(retries=0)
    futures = {op: fetch.submit(op, source, recorded, output) for op in names}
    outcomes: list[OperatorOutcome] = []
    for op in names:
        state = futures[op].wait() or futures[op].state
        crawled, error = None, None
        if state.is_completed():
            crawled = futures[op].result()
        else:
            error = f"fetch failed: {state.message or state.name}"
        outcomes.append(
            parse_operator(  # type: ignore[arg-type]
                op, crawled, error, by_operator.get(op, []), now, drift_baselines.get(op)
            )
        )
    for op in sorted(set(by_operator) - set(names)):
        kept = drift_baselines.get(op)
        outcomes.append(
            OperatorOutcome(
                operator=op,
                status="kept",
                plans=by_operator[op],
                crawl_baseline=kept.model_dump(mode="json") if kept else None,
            )
        )

    rows = summary_rows(outcomes)
    result = publish_task(outcomes, output, keep) if publish else None
    create_table_artifact(key="operators", table=rows, description="Per-operator outcome")
    if result and result.changes is not None:
        create_markdown_artifact(
            key="changes", markdown=summary_markdown(result.changes), description=result.message
        )
    summary = {
        "operators": rows,
        "release": result.model_dump(mode="json") if result else None,
    }
    stale = [r["operator"] for r in rows if r["stale"]]
    if stale:
        # A Completed state named "Stale" emits the event prefect.flow-run.Stale: alert on it.
        return Completed(name="Stale", message=f"stale: {', '.join(stale)}", data=summary)
    return summary

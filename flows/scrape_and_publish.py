"""The `scrape-and-publish` flow: one fetch and one parse task per operator, then publish.

The steps are kztariffs.orchestrate's plain functions (the same ones `tariffs run` chains without
Prefect); the tasks only wrap them. Fetch retries (Prefect's own options, with jitter, as the
direct path does); parse never retries: the same bytes give the same result. A failing operator
is reported and its last good plans are carried forward, marked stale; the other operators still
publish. Every operator is fetched at once: politeness is per host, in the Fetcher.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.states import Completed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff

from kztariffs import orchestrate
from kztariffs.orchestrate import (
    FETCH_RETRIES,
    FETCH_RETRY_BASE_S,
    FETCH_RETRY_JITTER,
    OperatorUnreachable,
    fetch_error_text,
    kept_outcomes,
    run_summary,
    stale_operators,
    start_run,
    summary_rows,
    worth_retrying,
)
from kztariffs.pipeline import Source
from publish.changes import summary_markdown
from publish.drift import CrawlMetrics
from publish.release import OperatorOutcome, PublishResult
from schema.plan import OPERATORS, Plan
from scrapers.crawl import CrawlResult

__all__ = ["OperatorUnreachable", "scrape_and_publish"]


@task(
    name="fetch",
    task_run_name="fetch-{operator}",
    retries=FETCH_RETRIES,
    retry_delay_seconds=exponential_backoff(backoff_factor=FETCH_RETRY_BASE_S),
    retry_jitter_factor=FETCH_RETRY_JITTER,
    retry_condition_fn=lambda task, run, state: worth_retrying(state.message or ""),
    cache_policy=NO_CACHE,
)
def fetch_operator(operator: str, source: Source, recorded_dir: str, output: str) -> CrawlResult:
    """Fetch the operator's listing and plan pages (or read them from recorded snapshots)."""
    run = flow_run.get_id()
    return asyncio.run(
        orchestrate.fetch_pages(
            operator, source, recorded_dir, output, run=str(run) if run else None
        )
    )


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
    return orchestrate.operator_outcome(operator, crawled, fetch_error, previous, now, baseline)


@task(name="publish", cache_policy=NO_CACHE)
def publish_task(outcomes: list[OperatorOutcome], output: str, keep: int | None) -> PublishResult:
    return orchestrate.publish_outcomes(outcomes, output, keep)


@flow(
    name="scrape-and-publish",
    task_runner=ThreadPoolTaskRunner(max_workers=len(OPERATORS)),
    log_prints=False,
)
def scrape_and_publish(
    operators: list[str] | None = None,
    source: Source = "recorded",
    output: str = "output",
    publish: bool = True,
    recorded_dir: str | None = None,
    keep: int | None = None,
    publish_to: str | None = None,
) -> Any:
    """Scrape the operators' tariff pages and publish a release into `output`.

    operators: subset to run (default: all six); the others keep their last published plans.
    source: "live" fetches the operators' sites; "recorded" reads stored snapshots.
    publish: false parses and reports without writing a release.
    publish_to: s3://bucket/prefix to upload the output folder to after publishing.
    """
    start = start_run(operators, source, output, recorded_dir, publish=publish)
    fetch = fetch_operator if source == "live" else fetch_operator.with_options(retries=0)
    futures = {
        op: fetch.submit(op, start.source, start.recorded_dir, start.pages_to) for op in start.names
    }
    outcomes: list[OperatorOutcome] = []
    for op in start.names:
        state = futures[op].wait() or futures[op].state
        crawled, error = None, None
        if state.is_completed():
            crawled = futures[op].result()
        else:
            raised = state.result(raise_on_failure=False) if state.is_failed() else None
            error = (
                fetch_error_text(raised)
                if isinstance(raised, BaseException)
                else f"fetch failed: {state.message or state.name}"
            )
        outcomes.append(
            parse_operator(  # type: ignore[arg-type]
                op,
                crawled,
                error,
                start.previous.get(op, []),
                start.now,
                (start.drift_baselines or {}).get(op),
            )
        )
    outcomes += kept_outcomes(start)

    rows = summary_rows(outcomes)
    result = publish_task(outcomes, output, keep) if publish else None
    if result and publish_to:
        from flows.upload import upload_task

        upload_task(output, publish_to)
    create_table_artifact(key="operators", table=rows, description="Per-operator outcome")
    if result and result.changes is not None:
        create_markdown_artifact(
            key="changes", markdown=summary_markdown(result.changes), description=result.message
        )
    summary = run_summary(rows, result)
    stale = stale_operators(summary)
    if stale:
        # A Completed state named "Stale" emits the event prefect.flow-run.Stale: alert on it.
        return Completed(name="Stale", message=f"stale: {', '.join(stale)}", data=summary)
    return summary

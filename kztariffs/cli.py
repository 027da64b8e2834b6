"""`tariffs`: run the pipeline, read one page, validate and score — from the command line."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kztariffs.paths import DEFAULT_OUTPUT, RECORDED_DIR
from kztariffs.prefect_env import configure, server_configured
from kztariffs.preflight import (
    InputError,
    operator_names,
    page_content_type,
    prefect_server,
    quiet_tracebacks,
    writable_folder,
)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Kazakh mobile tariffs: scrape, normalise, validate and publish versioned JSON.",
)
err = Console(stderr=True, soft_wrap=True)


class SourceOpt(StrEnum):
    live = "live"
    recorded = "recorded"


EXIT_STALE = 3  # the release was published, but some operator is stale or failed


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}")  # "[...]" in a message is not markup
    raise typer.Exit(code)


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show full tracebacks of unexpected errors.")
    ] = False,
) -> None:
    quiet_tracebacks(debug)


@app.command()
def run(
    source: Annotated[SourceOpt, typer.Option(help="Where pages come from.")] = SourceOpt.recorded,
    live: Annotated[bool, typer.Option("--live", help="Shortcut for --source live.")] = False,
    recorded_dir: Annotated[
        Path, typer.Option(help="Snapshot store read by --source recorded.")
    ] = RECORDED_DIR,
    operator: Annotated[
        list[str] | None, typer.Option("--operator", "-o", help="Only this operator (repeat).")
    ] = None,
    output: Annotated[Path, typer.Option(help="Output folder for releases.")] = DEFAULT_OUTPUT,
    publish: Annotated[bool, typer.Option(help="Write a release (--no-publish: dry run).")] = True,
    keep: Annotated[
        int | None, typer.Option(help="Keep only the newest N releases.", min=1)
    ] = None,
    publish_to: Annotated[
        str | None, typer.Option(help="Then upload the output to s3://bucket/prefix.")
    ] = None,
    prefect: Annotated[
        bool,
        typer.Option(
            "--prefect", help="Run as a Prefect flow (implied when PREFECT_API_URL is set)."
        ),
    ] = False,
) -> None:
    """Run the pipeline: in this process, or as the Prefect flow with --prefect/PREFECT_API_URL."""
    src = "live" if live else source.value
    from scrapers.snapshot import SnapshotStore

    if src == "live":
        _with_settings(lambda _settings: None)  # bad settings: say so before anything starts

    if src == "recorded" and not SnapshotStore.is_store(recorded_dir):
        _fail(
            f"{recorded_dir} is not a snapshot store (no history.jsonl or meta/ folder); "
            "pass --recorded-dir"
        )
    if src == "recorded" and not SnapshotStore(recorded_dir).records():
        _fail(f"{recorded_dir}: the snapshot store is empty; pass --recorded-dir or use --live")
    try:  # everything that can be checked before anything starts (Prefect takes 10-30 s)
        operators = operator_names(operator)
        if publish:
            writable_folder(output)
        server = prefect_server()
    except InputError as exc:
        _fail(str(exc))
    err.print(f"[dim]output: {escape(str(output.resolve()))}[/]")
    params: dict[str, Any] = {
        "operators": operators,
        "source": src,
        "output": str(output),
        "publish": publish,
        "recorded_dir": str(recorded_dir),
        "keep": keep,
        "publish_to": publish_to,
    }
    if prefect or server or server_configured():
        summary = _run_flow(params, server)
    else:
        from kztariffs.orchestrate import run_direct

        try:
            summary = run_direct(**params)
        except Exception as exc:  # the flow path reports this as a failed run: same exit code
            _fail(f"run failed: {type(exc).__name__}: {exc}", 1)
    _print_summary(summary)
    if any(r["stale"] for r in summary["operators"]):
        raise typer.Exit(EXIT_STALE)


def _run_flow(params: dict[str, Any], server: str | None) -> dict[str, Any]:
    """The same run as the flow scrape-and-publish: on PREFECT_API_URL, else Prefect local mode."""
    configure()
    from flows.scrape_and_publish import scrape_and_publish

    if server:
        err.print(f"[dim]using the Prefect server at {escape(server)} (PREFECT_API_URL)…[/]")
    elif not server_configured():
        err.print("[dim]starting Prefect (local mode; the first run takes ~20 s)…[/]")
    state = scrape_and_publish(**params, return_state=True)
    if state.is_failed() or state.is_crashed():
        _fail(f"flow run {state.name}: {state.message}", 1)
    summary: dict[str, Any] = state.result()
    return summary


def _print_summary(summary: dict[str, Any]) -> None:
    table = Table(title="scrape-and-publish")
    for col in ("operator", "status", "plans", "warnings", "rejected", "errors", "seconds"):
        table.add_column(col, justify="left" if col in ("operator", "status") else "right")
    for r in summary["operators"]:
        style = {"stale": "yellow", "failed": "red"}.get(r["status"], "")
        table.add_row(
            r["operator"],
            f"[{style}]{r['status']}[/]" if style else r["status"],
            str(r["plans"]),
            str(r["warnings"]),
            str(r["rejected"]),
            str(r["errors"]),
            f"{r['duration_s']:.2f}",
        )
    Console().print(table)
    for r in summary["operators"]:
        if r["reason"]:
            err.print(f"[yellow]{r['operator']}[/]: {r['reason']}")
    release = summary.get("release")
    if release:
        Console().print(release["message"])


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="An HTML page, JSON payload or plain-text page.")],
    operator: Annotated[str, typer.Option(help="Operator the page belongs to.")],
    url: Annotated[str | None, typer.Option(help="The page's URL (helps name plans).")] = None,
    flat: Annotated[bool, typer.Option(help="Print the flat projection.")] = False,
) -> None:
    """Print the plans found in one page as a JSON array."""
    from kztariffs.extract import extract_page
    from schema.flat import flatten

    if not file.is_file():
        _fail(f"{file}: no such file")
    body = file.read_bytes()
    try:
        content_type = page_content_type(file, body)
        known = operator_names([operator])
    except InputError as exc:
        if "binary" in str(exc):
            _fail(str(exc))
        known = None  # not one of the six brands: the generic parser reads it
    plans, rejections = extract_page(
        body,
        operator=known[0] if known else operator.strip().lower(),
        url=url or file.resolve().as_uri(),
        content_type=content_type,
        fetched_at=datetime.fromtimestamp(file.stat().st_mtime, UTC),
    )
    for r in rejections:
        err.print(f"[yellow]rejected:[/] {escape(r)}")
    rows = [flatten(p) if flat else p.model_dump(mode="json") for p in plans]
    # flat rows keep the column order of plans.csv; full plans use sorted keys like releases
    sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=not flat) + "\n")


@app.command()
def validate(
    folder: Annotated[Path, typer.Argument(help="A release folder, or an output folder.")],
) -> None:
    """Check a release (or every release of an output folder) against the schema."""
    from publish.validate import validate_path

    if not folder.exists():
        _fail(f"{folder}: no such folder; pass a release folder or an output folder")
    results = validate_path(folder)
    bad = 0
    for path, problems in results.items():
        if problems:
            bad += 1
            err.print(f"[red]✗[/] {path}")
            for p in problems:
                err.print(f"    {escape(p)}")
        else:
            Console().print(f"[green]✓[/] {path}")
    if bad:
        raise typer.Exit(1)


@app.command(name="publish")
def publish_remote(
    to: Annotated[str, typer.Option("--to", help="Destination: s3://bucket/prefix.")],
    output: Annotated[Path, typer.Option(help="Output folder to upload.")] = DEFAULT_OUTPUT,
) -> None:
    """Upload releases, then index.json, then latest/ to S3-compatible storage (env credentials)."""
    from botocore.exceptions import BotoCoreError, ClientError

    from publish.s3 import S3PublishError, publish_to_s3

    try:
        report = publish_to_s3(output, to, progress=err.print)
    except S3PublishError as exc:
        _fail(str(exc))
    except (BotoCoreError, ClientError) as exc:
        _fail(f"{to}: {exc}", 1)
    Console().print(
        f"{to}: {len(report.releases_uploaded)} releases uploaded, "
        f"{len(report.releases_present)} already there; latest/ = {report.latest}"
    )


@app.command(name="eval")
def evaluate(
    labels: Annotated[Path, typer.Argument(help="Labelled texts (JSONL, corpus format).")],
    show: Annotated[
        bool, typer.Option("--show", help="Also list every record and field that disagrees.")
    ] = False,
) -> None:
    """Score `extract --flat` against a labelled file: accuracy per field, false claims, false
    rollover claims (and per shape for generated pages)."""
    from kztariffs.evaluate import evaluate_file, format_mismatches, format_report

    if not labels.is_file():
        _fail(f"{labels}: no such file")
    try:
        report = evaluate_file(labels)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        _fail(
            f"{labels}: not a labels file ({type(exc).__name__}: {exc}); pass JSON Lines in the "
            "corpus format (one object per line with `text` and its labels)"
        )
    if show and report.mismatches:
        typer.echo(format_mismatches(report))
    Console().print(format_report(report), highlight=False)


@app.command()
def reparse(
    release: Annotated[
        str | None, typer.Option(help="Release id to re-parse (default: the newest).")
    ] = None,
    output: Annotated[Path, typer.Option(help="Output folder holding the releases.")] = (
        DEFAULT_OUTPUT
    ),
    check: Annotated[
        bool, typer.Option(help="Only check that re-parsing reproduces plans.json byte for byte.")
    ] = False,
) -> None:
    """Rebuild plans from stored snapshots with the current parsers (no fetching)."""
    from kztariffs.reparse import ReparseError, find_release, reparse_outcomes, reproduce_plans_json
    from publish.release import publish_release

    try:
        rel = find_release(output, release)
        if check:
            same = reproduce_plans_json(output, rel) == (rel / "plans.json").read_bytes()
            if not same:
                _fail(f"re-parsing {rel.name} gives different plans (parser changed?)", 1)
            Console().print(f"[green]✓[/] re-parsing {rel.name} reproduces plans.json exactly")
            return
        outcomes = reparse_outcomes(output, rel)
    except ReparseError as exc:
        _fail(str(exc))
    except (OSError, ValueError) as exc:  # a damaged release or store: name it
        _fail(f"{output}: cannot re-parse ({type(exc).__name__}: {exc})", 1)
    result = publish_release(output, outcomes)
    Console().print(result.message)
    if result.changes is not None:
        from publish.changes import summary_markdown

        Console().print(summary_markdown(result.changes), highlight=False)


@app.command()
def probe(
    live: Annotated[bool, typer.Option("--live", help="Fetch the real sites (else recorded).")] = (
        False
    ),
    operator: Annotated[
        list[str] | None, typer.Option("--operator", "-o", help="Only this operator (repeat).")
    ] = None,
    recorded_dir: Annotated[
        Path, typer.Option(help="Snapshot store read without --live.")
    ] = RECORDED_DIR,
    report: Annotated[Path, typer.Option(help="Where to write the JSON report.")] = Path(
        "probe-report.json"
    ),
) -> None:
    """Show what each brand module sees on its pages: status, size, links, offers, selectors."""
    from kztariffs.probe import probe as run_probe
    from kztariffs.probe import probe_table, report_json
    from schema.plan import OPERATORS
    from scrapers.snapshot import SnapshotStore

    if not live and not SnapshotStore.is_store(recorded_dir):
        _fail(
            f"{recorded_dir} is not a snapshot store (no history.jsonl or meta/ folder); "
            "pass --recorded-dir"
        )
    result = _with_settings(
        lambda s: run_probe(
            operator or list(OPERATORS),
            source="live" if live else "recorded",
            recorded_dir=recorded_dir,
            settings=s,
            progress=_progress,
        )
    )
    Console(width=200).print(probe_table(result))
    for op, info in result["operators"].items():
        err.print(info["summary"], highlight=False)
        if info["selectors_matching_nowhere"]:
            nowhere = ", ".join(info["selectors_matching_nowhere"])
            err.print(f"[yellow]{op}[/]: selectors matching nothing on any page: {nowhere}")
    report.write_text(report_json(result), encoding="utf-8")
    err.print(f"report: {report}")


@app.command()
def record(
    to: Annotated[Path, typer.Option("--to", help="Snapshot store to write (created).")],
    operator: Annotated[list[str], typer.Option("--operator", "-o", help="Operator (repeat).")],
    live: Annotated[bool, typer.Option("--live", help="Required: record reads the real sites.")] = (
        False
    ),
) -> None:
    """Capture an operator's live pages into a snapshot store for `--recorded-dir` replays."""
    from kztariffs.probe import record as run_record

    if not live:
        _fail("record reads the operators' real sites: pass --live to confirm")
    for op in operator:
        crawled = _with_settings(
            lambda s, op=op: run_record(op, to, settings=s, progress=_progress)
        )
        err.print(crawled.summary(), highlight=False)
    Console().print(
        f"recorded into {to}; replay with --recorded-dir {to}", highlight=False, soft_wrap=True
    )


def _progress(message: str) -> None:
    """One line per page on the terminal, timestamped (rich), for live crawls."""
    _log.log(message, highlight=False)


_log = Console(stderr=True, log_path=False, soft_wrap=True)


def _with_settings(action: Any) -> Any:
    """Run `action(settings)`, turning bad settings and unknown operators into clear errors."""
    from pydantic import ValidationError

    from kztariffs.settings import Settings, settings_file
    from scrapers.registry import UnknownOperator

    try:
        settings = Settings()
    except ValidationError as exc:
        _fail(f"bad settings (KZTARIFFS_* environment or {settings_file()}):\n{exc}")
    try:
        return action(settings)
    except UnknownOperator as exc:
        _fail(str(exc))


@app.command()
def serve() -> None:
    """Serve the deployment scrape-and-publish/daily (06:00 Asia/Almaty) on PREFECT_API_URL.

    One long-running process: it registers the deployment and runs its runs, scheduled or
    triggered. Ctrl-C or SIGTERM stops it cleanly (and pauses the schedule).
    """
    configure()
    from kztariffs.remote import RemoteError, serve_daily

    try:
        serve_daily()
    except RemoteError as exc:
        _fail(str(exc))


@app.command()
def trigger(
    operator: Annotated[
        list[str] | None, typer.Option("--operator", "-o", help="Only this operator (repeat).")
    ] = None,
    source: Annotated[
        SourceOpt | None, typer.Option(help="Where pages come from (default: the deployment's).")
    ] = None,
    output: Annotated[
        str | None, typer.Option(help="Output folder, as seen by the machine running the flow.")
    ] = None,
    publish: Annotated[
        bool | None, typer.Option("--publish/--no-publish", help="Write a release or not.")
    ] = None,
    recorded_dir: Annotated[
        str | None, typer.Option(help="Snapshot store for --source recorded (on the runner).")
    ] = None,
    wait: Annotated[
        bool, typer.Option(help="Follow the run to its end; exit 1 if it failed, 3 if Stale.")
    ] = False,
) -> None:
    """Start a run of scrape-and-publish/daily on the server in PREFECT_API_URL."""
    configure()
    from kztariffs.remote import RemoteError, exit_code, follow
    from kztariffs.remote import trigger as start_run

    try:
        operators = operator_names(operator)
    except InputError as exc:
        _fail(str(exc))
    given = {
        "operators": operators,
        "source": source.value if source else None,
        "output": output,
        "publish": publish,
        "recorded_dir": recorded_dir,
    }
    try:
        flow_run = start_run({k: v for k, v in given.items() if v is not None})
    except RemoteError as exc:
        _fail(str(exc))
    from prefect.settings import PREFECT_UI_URL

    ui = PREFECT_UI_URL.value()
    Console().print(
        f"flow run {flow_run.name} ({flow_run.id})"
        + (f": {ui}/runs/flow-run/{flow_run.id}" if ui else ""),
        highlight=False,
        soft_wrap=True,
    )
    if not wait:
        return

    def show(state: Any) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        detail = f" — {state.message}" if state.message else ""
        Console().print(f"{stamp} {state.name}{detail}", highlight=False, soft_wrap=True)

    code = exit_code(follow(flow_run.id, show))
    if code:
        raise typer.Exit(code)


if __name__ == "__main__":
    app()

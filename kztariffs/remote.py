"""Talk to a real Prefect server: serve the daily deployment, trigger it, follow a run.

Everything here needs PREFECT_API_URL: without it Prefect would start a temporary local API, which
never fires schedules and vanishes with the process (STACK.md), so we refuse with a clear error.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

import httpx

from flows.deploy import CRON, FULL_NAME, TIMEZONE

if TYPE_CHECKING:
    from prefect.client.schemas.objects import FlowRun, State

EXIT_FAILED = 1
EXIT_STALE = 3  # same code as `tariffs run`: published, but some operator is stale or failed


class RemoteError(RuntimeError):
    """No server configured, server down, deployment missing: an operator's error, not a bug."""


def api_url() -> str:
    """The configured server's API URL, after checking that it answers."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        raise RemoteError(
            "no Prefect server configured: set PREFECT_API_URL "
            "(e.g. export PREFECT_API_URL=http://127.0.0.1:4200/api) — see OPERATIONS.md"
        )
    try:
        httpx.get(f"{url.rstrip('/')}/health", timeout=10).raise_for_status()
    except httpx.HTTPError as exc:
        raise RemoteError(
            f"the Prefect server at PREFECT_API_URL={url} does not answer "
            f"({type(exc).__name__}: {exc}); is `prefect server start` running?"
        ) from exc
    return url


def serve_daily() -> None:
    """Register `scrape-and-publish/daily` with its cron and run its runs until stopped.

    Ctrl-C and SIGTERM end the same way: asyncio cancels the runner, which pauses the schedule
    (nobody would run it) and exits 0.
    """
    from prefect.runner import Runner

    from flows.deploy import daily_deployment

    class _Runner(Runner):
        def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
            # Prefect's own handler calls sys.exit inside the event loop; re-raise as SIGINT so
            # asyncio.run's Ctrl-C handling cancels the runner cleanly instead.
            signal.raise_signal(signal.SIGINT)

    url = api_url()
    # A process started in the background by a non-interactive shell inherits SIGINT ignored,
    # which asyncio.run then leaves alone: restore Python's Ctrl-C handler explicitly.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    runner = _Runner(name="tariffs-serve", pause_on_shutdown=True)
    runner.add_deployment(daily_deployment())
    print(
        f"serving {FULL_NAME} ({CRON}, {TIMEZONE}) on {url}; Ctrl-C or SIGTERM stops",
        flush=True,
    )
    with contextlib.suppress(KeyboardInterrupt):  # how asyncio.run reports the clean stop
        asyncio.run(runner.start())
    print("stopped; the schedule is paused until `tariffs serve` runs again", flush=True)


def trigger(parameters: dict[str, Any]) -> FlowRun:
    """Create a run of the daily deployment now; parameters override the deployment's."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    url = api_url()
    with get_client(sync_client=True) as client:
        try:
            deployment = client.read_deployment_by_name(FULL_NAME)
        except ObjectNotFound:
            raise RemoteError(
                f"deployment {FULL_NAME} is not registered on {url}: "
                "start `tariffs serve`, or `prefect --no-prompt deploy --all` for workers"
            ) from None
        return client.create_flow_run_from_deployment(deployment.id, parameters=parameters)


def follow(
    flow_run_id: UUID, on_change: Callable[[State], None], poll_seconds: float = 1.0
) -> State:
    """Poll a flow run until it reaches a final state, reporting each state change."""
    from prefect.client.orchestration import get_client

    last: tuple[str, str] | None = None
    with get_client(sync_client=True) as client:
        while True:
            state = client.read_flow_run(flow_run_id).state
            if state is not None:
                key = (state.type.value, state.name or "")
                if key != last:
                    on_change(state)
                    last = key
                if state.is_final():
                    return state
            time.sleep(poll_seconds)


def exit_code(state: State) -> int:
    """0 for Completed, EXIT_STALE for the Completed state named "Stale", else EXIT_FAILED."""
    if state.is_completed():
        return EXIT_STALE if state.name == "Stale" else 0
    return EXIT_FAILED

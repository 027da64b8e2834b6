"""Scheduled and manual runs on a real `prefect server start`, both documented ways.

One server per module (temporary PREFECT_HOME, free port on 127.0.0.1). Every child gets its
settings through an env dict, never through this process's environment, and every child is
stopped the way an operator would stop it (SIGTERM for `tariffs serve`, SIGINT for workers);
process groups are killed after that, so nothing outlives the test.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

import httpx
import pytest

from flows.deploy import DATA_DIR_ENV, FULL_NAME, WORK_POOL
from schema.plan import OPERATORS

if TYPE_CHECKING:
    from prefect.client.orchestration import SyncPrefectClient
    from prefect.client.schemas.objects import FlowRun

pytestmark = pytest.mark.server

REPO = Path(__file__).resolve().parents[1]
RECORDED = REPO / "tests" / "fixtures" / "recorded"
BIN = Path(sys.executable).parent
ALMATY = timezone(timedelta(hours=5))  # UTC+5 all year since 2024-03-01
T = TypeVar("T")


def _exe(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else name


@dataclass
class Child:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: signal.Signals, timeout: float = 30) -> int | None:
        """Stop gracefully with `sig`; returns the exit code, or None if it had to be killed."""
        code: int | None = self.popen.poll()
        if code is None:
            self.popen.send_signal(sig)
            try:
                code = self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                code = None
        # The flow-run processes it started are in its group: leave none behind.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(10)
        return code


@dataclass
class Server:
    url: str
    root: Path
    children: list[Child] = field(default_factory=list)

    def env(self, **extra: str) -> dict[str, str]:
        """Environment for a client child: this server, quiet, fast polling; nothing inherited
        from this test session's Prefect settings."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(
            PREFECT_HOME=str(self.root / "client-home"),
            PREFECT_API_URL=self.url,
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            DO_NOT_TRACK="1",
            PYTHONUNBUFFERED="1",  # complete logs when a child is stopped
            PREFECT_LOGGING_LEVEL="WARNING",
            PREFECT_RUNNER_POLL_FREQUENCY="1",
            PREFECT_WORKER_QUERY_SECONDS="1",
        )
        env.update(extra)
        return env

    def spawn(self, name: str, args: list[str], env: dict[str, str], cwd: Path) -> Child:
        log = self.root / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                args,
                env=env,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed as a whole at the end
            )
        child = Child(name, popen, log)
        self.children.append(child)
        return child

    def run(self, args: list[str], cwd: Path, timeout: float = 60, **env: str) -> str:
        proc = subprocess.run(
            args, env=self.env(**env), cwd=cwd, capture_output=True, text=True, timeout=timeout
        )
        assert proc.returncode == 0, f"{args}: exit {proc.returncode}\n{proc.stdout}{proc.stderr}"
        return proc.stdout + proc.stderr

    def client(self) -> SyncPrefectClient:
        from prefect.client.orchestration import SyncPrefectClient

        return SyncPrefectClient(self.url)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(
    what: str,
    probe: Callable[[], T | None],
    timeout: float,
    watch: tuple[Child, ...] = (),
    every: float = 0.5,
) -> T:
    """Poll `probe` until it returns something truthy; fail early if a watched child died."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        dead = [c for c in watch if c.popen.poll() is not None]
        if dead or time.monotonic() > deadline:
            reason = f"{dead[0].name} exited" if dead else f"not within {timeout:.0f} s"
            logs = "\n".join(f"--- {c.name}\n{c.output()[-3000:]}" for c in watch)
            pytest.fail(f"waiting for {what}: {reason}\n{logs}")
        time.sleep(every)


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("prefect-server")
    srv = Server(url=f"http://127.0.0.1:{_free_port()}/api", root=root)
    # Children must see SIGINT at its default: one inherits "ignored" when pytest itself was
    # started in the background by a non-interactive shell, and workers then ignore Ctrl-C.
    # A handler (unlike SIG_IGN) resets to the default across exec.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    env = srv.env(
        PREFECT_HOME=str(root / "server-home"),
        PREFECT_UI_ENABLED="false",
        # The scheduler picks up new deployments on this loop (default 5 s).
        PREFECT_SERVER_SERVICES_SCHEDULER_RECENT_DEPLOYMENTS_LOOP_SECONDS="1",
    )
    env.pop("PREFECT_API_URL")
    port = srv.url.split(":")[-1].split("/")[0]
    proc = srv.spawn(
        "server",
        [_exe("prefect"), "server", "start", "--host", "127.0.0.1", "--port", port],
        env,
        root,
    )
    try:
        wait_for("prefect server", lambda: _healthy(srv.url), timeout=120, watch=(proc,))
        yield srv
    finally:
        for child in reversed(srv.children):
            child.stop(signal.SIGINT if child.name.startswith("worker") else signal.SIGTERM)
        signal.signal(signal.SIGINT, previous)


def next_six_almaty(after: datetime) -> datetime:
    local = after.astimezone(ALMATY)
    six = local.replace(hour=6, minute=0, second=0, microsecond=0)
    if six <= local:
        six += timedelta(days=1)
    return six.astimezone(UTC)


def _scheduled_runs(client: SyncPrefectClient) -> list[FlowRun]:
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    runs = client.read_flow_runs(
        deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=["daily"])),
        flow_run_filter=FlowRunFilter(
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))
        ),
    )
    return [r for r in runs if r.auto_scheduled]


def _artifact_keys(client: SyncPrefectClient, run_id: UUID) -> set[str]:
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    artifacts = client.read_artifacts(
        flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run_id]))
    )
    return {a.key for a in artifacts if a.key}


def _tariffs(server: Server, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_exe("tariffs"), *args],
        env=server.env(),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_serve_schedules_daily_and_runs_a_manual_trigger(server: Server, tmp_path: Path) -> None:
    """`tariffs serve` registers the 06:00 Almaty cron; `tariffs trigger --wait` runs on it."""
    registered_after = datetime.now(UTC)
    serve = server.spawn("serve", [_exe("tariffs"), "serve"], server.env(), tmp_path)
    try:
        with server.client() as client:
            scheduled = wait_for(
                "the scheduler to create runs of the daily deployment",
                lambda: _scheduled_runs(client),
                timeout=60,
                watch=(serve,),
            )
            starts = sorted(r.expected_start_time.astimezone(UTC) for r in scheduled)
            assert starts[0] in {
                next_six_almaty(registered_after),
                next_six_almaty(datetime.now(UTC)),  # the test ran across 01:00 UTC
            }, starts
            assert all((s.hour, s.minute) == (1, 0) for s in starts), starts  # 06:00 at UTC+5

            out = tmp_path / "out"
            options = [
                "--source",
                "recorded",
                "--recorded-dir",
                str(RECORDED),
                "--output",
                str(out),
            ]
            trigger = _tariffs(server, ["trigger", *options, "--wait"], cwd=tmp_path)
            report = trigger.stdout + trigger.stderr
            assert trigger.returncode == 0, report + serve.output()[-3000:]
            changes = re.findall(r"^\d\d:\d\d:\d\d (\w+)", report, re.MULTILINE)
            assert len(changes) >= 2 and changes[-1] == "Completed", report  # states as they change
            found = re.search(r"\(([0-9a-f-]{36})\)", report)
            assert found, report
            run_id = UUID(found.group(1))
            run = client.read_flow_run(run_id)
            assert run.state and run.state.is_completed() and run.state.name == "Completed"
            assert run.parameters["source"] == "recorded" and run.parameters["output"] == str(out)
            # Artifacts are written before the flow returns, so they exist by now.
            assert _artifact_keys(client, run_id) == {"operators", "changes"}

            validated = _tariffs(server, ["validate", str(out / "latest")], cwd=tmp_path)
            assert validated.returncode == 0, validated.stdout + validated.stderr
            plans = json.loads((out / "latest" / "plans.json").read_text(encoding="utf-8"))["plans"]
            assert {p["operator"] for p in plans} == set(OPERATORS)

            # SIGTERM: the same clean stop as Ctrl-C, which pauses the schedule on the way out.
            assert serve.stop(signal.SIGTERM) == 0, serve.output()[-3000:]
            assert "stopped" in serve.output()
            assert client.read_deployment_by_name(FULL_NAME).paused
    finally:  # a failure above must not leave it serving the next test's runs
        serve.stop(signal.SIGTERM)


def _submitted_by(client: SyncPrefectClient, run_id: UUID) -> str | None:
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])))
    for log in logs:
        found = re.match(r"Worker '([^']+)' submitting flow run", log.message)
        if found:
            return found.group(1)
    return None


def test_second_worker_takes_a_run_while_the_first_is_busy(server: Server, tmp_path: Path) -> None:
    """prefect.yaml + process pool: two workers (limit 1 each), two runs at once."""
    from prefect.client.schemas.objects import WorkerStatus

    server.run(
        [_exe("prefect"), "work-pool", "create", WORK_POOL, "--type", "process", "--overwrite"],
        cwd=tmp_path,
    )
    server.run([_exe("prefect"), "--no-prompt", "deploy", "--all"], cwd=REPO)

    worker_env = server.env(
        PREFECT_LOGGING_LEVEL="INFO",  # the "Worker 'w1' submitting" line goes to the run's logs
        **{DATA_DIR_ENV: str(tmp_path / "worker-data")},
    )
    start_worker = [_exe("prefect"), "worker", "start", "--pool", WORK_POOL, "--limit", "1"]
    workers = tuple(
        server.spawn(f"worker-{name}", [*start_worker, "--name", name], worker_env, tmp_path)
        for name in ("w1", "w2")
    )
    with server.client() as client:

        def online() -> bool:
            found = client.read_workers_for_work_pool(WORK_POOL)
            up = {w.name for w in found if w.status == WorkerStatus.ONLINE}
            return {"w1", "w2"} <= up

        wait_for("both workers online", online, timeout=60, watch=workers)

        def start_run(n: int) -> subprocess.Popen[str]:
            params = {
                "source": "recorded",
                "recorded_dir": str(RECORDED),
                "output": str(tmp_path / f"out-{n}"),
                "publish": False,
            }
            command = [_exe("prefect"), "deployment", "run", FULL_NAME, "--params"]
            return subprocess.Popen(
                [*command, json.dumps(params)],
                env=server.env(),
                cwd=tmp_path,
                stdout=subprocess.PIPE,
                text=True,
            )

        starts = [start_run(n) for n in range(2)]  # the first is still running when both exist
        outputs = [p.communicate(timeout=60)[0] for p in starts]
        assert all(p.returncode == 0 for p in starts), outputs
        run_ids = [UUID(re.findall(r"UUID: ([0-9a-f-]{36})", o)[0]) for o in outputs]

        def finished() -> list[FlowRun] | None:
            runs = [client.read_flow_run(i) for i in run_ids]
            return runs if all(r.state and r.state.is_final() for r in runs) else None

        runs = wait_for("both runs to finish", finished, timeout=120, watch=workers)
        for run in runs:
            logs = "".join(w.output()[-4000:] for w in workers)
            assert run.state and run.state.is_completed(), f"{run.state}\n{logs}"
            assert _artifact_keys(client, run.id) == {"operators"}  # publish=false: no changes
        by = [
            wait_for("the worker's submit log", lambda i=i: _submitted_by(client, i), timeout=30)
            for i in run_ids
        ]
        assert sorted(by) == ["w1", "w2"], by

    for worker in workers:
        assert worker.stop(signal.SIGINT) is not None, f"{worker.name} ignored SIGINT"

"""Benchmark `tariffs run` on the recorded pages against `tariffs reparse --check` (same output).

Every figure is a fresh `tariffs` process, timed from outside (wall clock, Python start included):
    cold run     empty output folder, fresh PREFECT_HOME, and an empty bytecode cache
                 (PYTHONPYCACHEPREFIX), so every module is compiled from source
    warm run     the same command again on that output (nothing changed: no new release)
    reparse      `tariffs reparse --check` on that output (the same parsing, no orchestration)
Median of --repeat runs for warm and reparse. With --prefect-too the same cold/warm pair runs
through Prefect (`tariffs run --prefect`, its temporary local API), and --phases splits a Prefect
run into import, API start and flow run. Goals (issue 13): warm ≤ 2.5 × reparse, cold ≤ 10 s.
Run by hand, not by pytest:
    python bench/bench_run.py [--repeat 3] [--prefect-too] [--phases]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARIFFS = Path(sys.executable).with_name("tariffs")


def timed(args: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run([str(TARIFFS), *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"tariffs {' '.join(args)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return elapsed


def base_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(home)
    return env


def measure(work: Path, extra: list[str], repeat: int) -> tuple[float, float, float]:
    """(cold run, median warm run, median reparse --check), in seconds."""
    home, out, pyc = work / "home", work / "out", work / "pycache"
    env = base_env(home)
    cold = timed(["run", *extra, "--output", str(out)], {**env, "PYTHONPYCACHEPREFIX": str(pyc)})
    warm = [timed(["run", *extra, "--output", str(out)], env) for _ in range(repeat)]
    check = [timed(["reparse", "--check", "--output", str(out)], env) for _ in range(repeat)]
    return cold, statistics.median(warm), statistics.median(check)


PHASES = """
import sys, time
t0 = time.perf_counter()
from kztariffs.prefect_env import configure
configure()
from flows.scrape_and_publish import scrape_and_publish
from prefect.server.api.server import SubprocessASGIServer
from prefect.settings import PREFECT_API_URL, temporary_settings
t1 = time.perf_counter()
server = SubprocessASGIServer()
server.start(timeout=120)
t2 = time.perf_counter()
with temporary_settings({PREFECT_API_URL: server.api_url}):
    state = scrape_and_publish(output=sys.argv[1], return_state=True)
t3 = time.perf_counter()
server.stop()
from kztariffs.orchestrate import run_direct
t4 = time.perf_counter()
run_direct(output=sys.argv[1] + "-direct")
t5 = time.perf_counter()
print(f"{t1 - t0:.2f} {t2 - t1:.2f} {t3 - t2:.2f} {t5 - t4:.2f}")
"""


def phases(work: Path) -> None:
    env = base_env(work / "home-phases")
    for label in ("first (migrates the API's database)", "second"):
        done = subprocess.run(
            [sys.executable, "-c", PHASES, str(work / "out-phases")],
            env=env,
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        if done.returncode != 0:
            sys.exit(done.stderr[-2000:])
        imp, api, run, direct = (float(x) for x in done.stdout.split())
        print(
            f"  Prefect path, {label}: import prefect + flow {imp:.2f} s, "
            f"start temporary API {api:.2f} s, flow run (task-run API calls) {run:.2f} s; "
            f"the same run in-process {direct:.2f} s"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--prefect-too", action="store_true", help="also time `tariffs run --prefect`")
    ap.add_argument("--phases", action="store_true", help="split a Prefect run into its phases")
    args = ap.parse_args()

    print(f"tariffs run on the recorded pages, {os.cpu_count()} cores, median of {args.repeat}")
    variants = [("direct (default)", [])] + ([("--prefect", ["--prefect"])] * args.prefect_too)
    for label, extra in variants:
        with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
            cold, warm, check = measure(Path(tmp), extra, args.repeat)
        print(
            f"  {label:17} cold {cold:6.2f} s   warm {warm:6.2f} s   reparse --check "
            f"{check:5.2f} s   warm/reparse {warm / check:5.2f}x (goal ≤ 2.5)   "
            f"cold/reparse {cold / check:5.2f}x   cold ≤ 10 s: {'yes' if cold <= 10 else 'NO'}"
        )
    if args.phases:
        with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
            phases(Path(tmp))


if __name__ == "__main__":
    main()

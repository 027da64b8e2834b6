"""Benchmark the pure part of a run: parse + validate every recorded page, then publish.

Prints figures (pages/s, plans/s, peak Python memory); run by hand, not by pytest:
    python bench/bench_pipeline.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path

from kztariffs.paths import RECORDED_DIR
from kztariffs.pipeline import parse_snapshots
from publish.release import OperatorOutcome, publish_release
from schema.plan import OPERATORS
from scrapers.registry import get_brand
from scrapers.snapshot import SnapshotStore


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()

    store = SnapshotStore(RECORDED_DIR)
    snaps = {op: store.for_operator(op) for op in OPERATORS}
    pages = sum(len(s) for s in snaps.values())

    def parse_all() -> list[OperatorOutcome]:
        return [
            OperatorOutcome(
                operator=op, status="fresh", plans=parse_snapshots(get_brand(op), snaps[op])[0]
            )
            for op in OPERATORS
        ]

    outcomes = parse_all()  # warm-up: imports and compiled regexes
    plans = sum(len(o.plans) for o in outcomes) * args.rounds
    t0 = time.perf_counter()
    for _ in range(args.rounds):
        parse_all()
    parse_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        t1 = time.perf_counter()
        publish_release(Path(tmp), outcomes)
        publish_s = time.perf_counter() - t1
    # Memory in a separate pass: tracing slows Python down too much to time alongside.
    tracemalloc.start()
    parse_all()
    _, parse_peak = tracemalloc.get_traced_memory()
    with tempfile.TemporaryDirectory() as tmp:
        publish_release(Path(tmp), outcomes)
    _, peak = tracemalloc.get_traced_memory()
    print(f"recorded pages: {pages}, rounds: {args.rounds}")
    print(
        f"parse+validate: {pages * args.rounds / parse_s:,.0f} pages/s, "
        f"{plans / parse_s:,.0f} plans/s ({parse_s:.2f} s)"
    )
    print(f"publish one release ({plans // args.rounds} plans): {publish_s * 1000:.0f} ms")
    print(f"peak traced memory: parse {parse_peak / 2**20:.1f} MiB, overall {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()

"""Benchmark the pure part of a run: extraction speed on the corpus, then parse + validate every
recorded page, then publish.

Extraction (issue 13, goal ≥ 1,000 corpus texts per second per core): `extract_plans` over the
distinct texts of ../shared/corpus/texts.jsonl, one process, CPU time, best of --rounds; every
cache of the normalizer is emptied before each text, so a figure is the cold cost of a page,
never a lookup. The eval figures printed beside it (corpus, and --gen-records generated pages
of seed 8) show that speed was not bought with accuracy.

Prints figures (texts/s, pages/s, plans/s, peak Python memory); run by hand, not by pytest:
    python bench/bench_pipeline.py [--rounds 20] [--corpus PATH] [--gen-records 600]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from kztariffs.evaluate import evaluate_file, evaluate_records
from kztariffs.paths import RECORDED_DIR, REPO_ROOT
from kztariffs.pipeline import parse_snapshots
from normalizer import extract_plans, memo
from publish.release import OperatorOutcome, publish_release
from schema.plan import OPERATORS
from scrapers.registry import get_brand
from scrapers.snapshot import SnapshotStore

CORPUS = REPO_ROOT.parent / "shared" / "corpus" / "texts.jsonl"
GOAL_TEXTS_PER_S = 1000


def extraction(corpus: Path, rounds: int) -> None:
    """Corpus texts per second of CPU time, cold caches, best of `rounds`."""
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    texts = sorted({(r["text"], r["operator"], r.get("url") or "") for r in records})
    for text, operator, url in texts:  # warm-up: imports, compiled patterns, the automaton
        extract_plans(text, operator=operator, url=url or None)
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for text, operator, url in texts:
            memo.clear()
            extract_plans(text, operator=operator, url=url or None)
        best = min(best, time.process_time() - start)
    rate = len(texts) / best
    print(
        f"extraction: {rate:,.0f} corpus texts/s per core (cold caches; {len(texts)} distinct "
        f"texts, best of {rounds}; goal {GOAL_TEXTS_PER_S:,}: {rate / GOAL_TEXTS_PER_S:.2f}x)"
    )


def accuracy(corpus: Path, gen_records: int) -> None:
    """The eval figures of `tariffs eval`, beside the speed they were measured with."""
    sets = [("corpus", evaluate_file(corpus))]
    if gen_records:
        sys.path.insert(0, str(REPO_ROOT))  # the test page generator lives in tests/
        from tests.pagegen.records import generate_records

        sets.append((f"generated, seed 8, {gen_records} records", evaluate_records(
            generate_records(gen_records, 8)
        )))  # fmt: skip
    for name, report in sets:
        print(
            f"  eval {name}: {100 * report.overall:.1f}% facts right, false claims "
            f"{report.false_claims}/{report.stated_none}, false rollover claims "
            f"{report.false_rollover_claims}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="labelled texts (corpus format)")
    ap.add_argument(
        "--gen-records", type=int, default=600, help="generated records to eval (0: none)"
    )
    args = ap.parse_args()

    if args.corpus.is_file():
        extraction(args.corpus, args.rounds)
        accuracy(args.corpus, args.gen_records)
    else:
        print(f"extraction: skipped, no corpus at {args.corpus} (pass --corpus PATH)")

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

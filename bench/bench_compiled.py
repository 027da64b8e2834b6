"""What a compiled normalizer would give (issue 13: is a compiled core the way to 1,000 texts/s?).

Copies `normalizer/` and `schema/` to a temporary directory, compiles the normalizer's modules
there with mypyc (`pip install -e '.[bench]'` brings mypy), then prints the extraction figure of
`bench_pipeline.py` (cold caches, CPU time, best of --rounds) for the source and for the compiled
copy, each in a fresh process, and their ratio. The checkout itself is never compiled, so an
edited module can never be shadowed by a stale build.

    python bench/bench_compiled.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_SETUP = """
from pathlib import Path
from mypyc.build import mypycify
from setuptools import setup

modules = sorted(str(p) for p in Path("normalizer").glob("*.py") if p.name != "__init__.py")
setup(name="normalizer-compiled", ext_modules=mypycify(
    ["--ignore-missing-imports", *modules], opt_level="3"
))
"""
# run in a fresh process: the figure of bench_pipeline.extraction, and where normalizer came from
_MEASURE = """
import dataclasses, hashlib, json, sys
sys.path[:0] = {paths!r}
import bench_pipeline
import normalizer.extract
print("from", normalizer.extract.__file__, file=sys.stderr)
bench_pipeline.extraction(bench_pipeline.CORPUS, {rounds})
records = [json.loads(line) for line in bench_pipeline.CORPUS.read_text("utf-8").splitlines()]
drafts = [
    [dataclasses.asdict(d) for d in normalizer.extract_plans(r["text"], operator=r["operator"])]
    for r in records
]
digest = hashlib.sha256(json.dumps(drafts, sort_keys=True, default=str).encode()).hexdigest()
print("output", digest[:16], file=sys.stderr)
"""


def compile_copy(into: Path) -> None:
    """The normalizer (and the schema it imports for types) compiled by mypyc under `into`."""
    for package in ("normalizer", "schema"):
        shutil.copytree(REPO / package, into / package, ignore=shutil.ignore_patterns("*.pyc"))
    (into / "setup.py").write_text(_SETUP, encoding="utf-8")
    jobs = str(os.cpu_count() or 1)
    done = subprocess.run(
        [sys.executable, "setup.py", "build_ext", "--inplace", "-j", jobs],
        cwd=into,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-15:])
        sys.exit(f"mypyc could not compile the normalizer (pip install -e '.[bench]'?):\n{tail}")


def extraction_line(paths: list[str], rounds: int) -> str:
    code = _MEASURE.format(paths=[*paths, str(REPO / "bench"), str(REPO)], rounds=rounds)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        sys.exit(f"the extraction benchmark failed:\n{done.stderr[-2000:]}")
    *_, origin, output = done.stderr.strip().splitlines()
    return f"{done.stdout.strip()}\n    ({origin}; {output} on the corpus)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kztariffs-mypyc-") as tmp:
        print("compiling the normalizer with mypyc (about a minute) …", flush=True)
        compile_copy(Path(tmp))
        source = extraction_line([], args.rounds)
        compiled = extraction_line([tmp], args.rounds)
    print(f"source:   {source}")
    print(f"compiled: {compiled}")
    rate = [float(line.split()[1].replace(",", "")) for line in (source, compiled)]
    same = source.split("output ")[1][:16] == compiled.split("output ")[1][:16]
    print(f"compiled / source: {rate[1] / rate[0]:.2f}x; the same plans: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()

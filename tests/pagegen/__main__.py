"""`python -m tests.pagegen --n 600 --seed 1 --out FILE.jsonl`: dump generated labelled records."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.pagegen.records import generate_records, write_jsonl


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.pagegen", description=__doc__)
    parser.add_argument("--n", type=int, default=600, help="number of records (one per offer)")
    parser.add_argument("--seed", type=int, default=1, help="run seed (same seed, same file)")
    parser.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    if not args.out.parent.is_dir():
        parser.error(f"--out {args.out}: folder {args.out.parent} does not exist; create it first")
    records = generate_records(args.n, args.seed)
    write_jsonl(records, args.out)
    pages = len({r["text"] for r in records})
    print(f"wrote {len(records)} records from {pages} pages to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

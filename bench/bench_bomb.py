"""Peak memory and time of refusing a gzip bomb, served by a local server.

Prints figures; run by hand, not by pytest:
    python bench/bench_bomb.py --layers 2 --mib 1024   # 1 GiB of zeros behind a 1.8 KB body
    python bench/bench_bomb.py --layers 1 --mib 200

The cap counts decoded bytes as they are decoded (scrapers/inflate.py), so RSS stays near its
starting point whatever the ratio; before, httpx inflated each chunk whole (2 GB RSS here).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import resource
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.httpserver

from scrapers.fetch import Fetcher, FetchSettings, TooLarge
from tests.httpserver import Reply, TestServer


def bomb(layers: int, mib: int) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    zero = bytes(1 << 20)
    body = b"".join(c.compress(zero) for _ in range(mib)) + c.flush()
    for _ in range(layers - 1):
        body = gzip.compress(body, 9)
    return body


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--mib", type=int, default=1024)
    args = ap.parse_args()
    body = bomb(args.layers, args.mib)
    before = rss_mb()
    encoding = ", ".join(["gzip"] * args.layers)
    with TestServer() as srv:
        srv.route("/p", Reply(body=body, headers={"Content-Encoding": encoding}))
        started = time.perf_counter()
        async with Fetcher(FetchSettings(delay_floor_s=0, max_attempts=1)) as fetcher:
            try:
                await fetcher.fetch(srv.url("/p"), operator="bench")
                outcome = "accepted (!)"
            except TooLarge as exc:
                outcome = f"refused: {exc.reason}"
        took = time.perf_counter() - started
    print(f"{encoding}: {args.mib} MiB decoded behind {len(body):,} bytes")
    print(f"{outcome}; {took:.2f} s; peak RSS {rss_mb():.0f} MB (before the fetch {before:.0f} MB)")


if __name__ == "__main__":
    asyncio.run(main())

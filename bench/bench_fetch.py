"""Benchmark the fetch layer: N pages from a local server through the real Fetcher.

Serves the recorded pages (tests/fixtures/recorded) from tests.httpserver on 127.0.0.1, cycling
through them under distinct paths until N, and fetches them with the delay floor set to 0, so the
figures are the fetcher's own overhead (robots, per-host lock, streaming, snapshots), not
politeness. Prints pages/s, MB/s (timed pass) and peak memory (a second, traced pass); run by
hand, not by pytest:
    python bench/bench_fetch.py [--pages 500] [--hosts 2] [--http2]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kztariffs.paths import RECORDED_DIR
from scrapers.fetch import Fetcher, FetchSettings
from scrapers.snapshot import Snapshot, SnapshotStore
from tests.httpserver import Reply, TestServer


def pages(n: int) -> list[Snapshot]:
    recorded = list(SnapshotStore(RECORDED_DIR))
    if not recorded:  # no recordings: 40 KiB of plain HTML per page
        body = b"<html><body>" + b"<p>plan 1990 KZT</p>" * 2000 + b"</body></html>"
        recorded = [
            Snapshot.from_response(
                operator="x", url="http://x/p", body=body, fetched_at=datetime.now(UTC)
            )
        ]
    return [recorded[i % len(recorded)] for i in range(n)]


async def run(urls: list[str], settings: FetchSettings) -> int:
    async with Fetcher(settings) as f:
        snaps = await asyncio.gather(*(f.fetch(u, operator="bench") for u in urls))
    return sum(len(s.body) for s in snaps)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument(
        "--hosts",
        type=int,
        choices=(1, 2),
        default=2,
        help="1: all on 127.0.0.1; 2: split over 127.0.0.1 and localhost",
    )
    ap.add_argument("--http2", action="store_true", help="offer HTTP/2 (the server speaks 1.1)")
    args = ap.parse_args()

    settings = FetchSettings(delay_floor_s=0, http2=args.http2)
    with TestServer() as srv:
        urls = []
        for i, snap in enumerate(pages(args.pages)):
            srv.route(
                f"/p/{i}",
                Reply(
                    body=snap.body,
                    headers={"Content-Type": snap.headers.get("content-type", "text/html")},
                ),
            )
            host = "localhost" if args.hosts == 2 and i % 2 else "127.0.0.1"
            urls.append(srv.url(f"/p/{i}", host=host))
        t0 = time.perf_counter()
        total = asyncio.run(run(urls, settings))
        elapsed = time.perf_counter() - t0
        # A second pass for memory: tracemalloc slows the first one down 2-3x.
        tracemalloc.start()
        asyncio.run(run(urls, settings))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pages:        {args.pages} over {args.hosts} host(s), {total / 1e6:.1f} MB")
    print(f"elapsed:      {elapsed:.2f} s")
    print(f"pages/s:      {args.pages / elapsed:.0f}")
    print(f"MB/s:         {total / 1e6 / elapsed:.1f}")
    print(f"peak Python:  {peak / 1e6:.1f} MB (tracemalloc, includes the server thread)")
    print(f"peak RSS:     {rss_mb:.0f} MB (whole process)")


if __name__ == "__main__":
    main()

"""Benchmark conditional GET: bytes of an unchanged re-run against a cold run.

Serves every recorded page (tests/fixtures/recorded) from a 127.0.0.1 site that honours ETag /
Last-Modified (tests/conditional_server.py), fetches them all through `CachingFetcher` with an
empty cache folder (cold run), then again with a new Fetcher on the same folder (the next day's
run, nothing changed), and prints the body bytes the site sent each time. Run by hand:
    python bench/bench_conditional_get.py [--last-modified-only]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kztariffs.paths import RECORDED_DIR
from scrapers.cache import CachingFetcher
from scrapers.fetch import FetchSettings
from scrapers.snapshot import SnapshotStore
from tests.conditional_server import ConditionalSite

SETTINGS = FetchSettings(delay_floor_s=0, timeout_s=10)


def site_pages() -> dict[str, tuple[bytes, str]]:
    found = {}
    for i, snap in enumerate(SnapshotStore(RECORDED_DIR)):
        if snap.status != 200:
            continue
        found[f"/{i}{urlsplit(snap.url).path}"] = (snap.body, snap.headers.get("content-type", ""))
    return found


async def run_once(site: ConditionalSite, cache: Path) -> tuple[float, int]:
    t0 = time.perf_counter()
    async with CachingFetcher(SETTINGS, cache_dir=cache) as fetcher:
        for path in sorted(site.pages):
            await fetcher.fetch(site.url(path), operator="bench")
    return time.perf_counter() - t0, fetcher.wire.not_modified


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--last-modified-only", action="store_true", help="send no ETag")
    args = parser.parse_args()
    pages = site_pages()
    with (
        tempfile.TemporaryDirectory() as tmp,
        ConditionalSite(pages, etag=not args.last_modified_only) as site,
    ):
        cold_s, _ = asyncio.run(run_once(site, Path(tmp)))
        cold = site.body_bytes
        site.reset_counts()
        warm_s, revalidated = asyncio.run(run_once(site, Path(tmp)))
        warm = site.body_bytes
    print(f"pages: {len(pages)} ({'Last-Modified only' if args.last_modified_only else 'ETag'})")
    print(f"cold run:      {cold:>10,} body bytes  {cold_s:6.2f} s")
    print(f"unchanged run: {warm:>10,} body bytes  {warm_s:6.2f} s  ({revalidated} answered 304)")
    print(f"re-run / cold: {warm / cold:.2%} of the bytes (target <= 10%)")


if __name__ == "__main__":
    main()

"""Benchmark a crawl at the politeness limit: our crawler against a minimal Scrapy spider.

A mirror of six hosts × --pages HTML pages (~20 KB each, 10 links per page in a tree, plus one link
per page into /private/, which robots.txt disallows) is served from six loopback hosts
(127.0.0.1–127.0.0.6, one threaded server each) with --latency seconds before every answer.
Both crawlers run with the same politeness: one request in flight per host, --delay seconds
between the starts of two requests to a host, no jitter, robots.txt obeyed. The politeness limit
is the slowest host's requests (its pages plus robots.txt) × delay (× latency, if that is
longer): no polite crawler can be faster. Each crawler runs in its own process (the servers stay
here), which reports its wall time for the crawl, CPU seconds (user + system) during it and its
peak RSS.

Goals (issue 13): ours within 1.1× of the limit, at least as fast as Scrapy, with less CPU.
Defaults (6 × 333 pages, 0.05 s delay, 0.02 s latency) keep the whole bench under ~1 minute of
wall time. Needs Scrapy: `pip install -e '.[bench]'`. Run by hand, not by pytest:
    python bench/bench_crawl.py [--pages 333] [--delay 0.05] [--latency 0.02]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

REPO = Path(__file__).resolve().parents[1]
HOSTS = [f"127.0.0.{i}" for i in range(1, 7)]
FANOUT = 10
FILLER = "<p>Тариф: 2990 ₸ в месяц, 30 ГБ интернета, безлимит на номера сети.</p>\n" * 170


def page_html(host: str, i: int, pages: int) -> bytes:
    children = range(FANOUT * i + 1, min(FANOUT * (i + 1) + 1, pages))
    links = [f'<a href="/p/{c}">plan {c}</a>' for c in children]
    links.append(f'<a href="/private/{i}">account</a>')
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>page {i} on {host}</title>"
        f"</head><body><h1>Page {i}</h1>{''.join(links)}{FILLER}</body></html>"
    ).encode()


def serve(host: str, pages: int, latency: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else every answer waits ~40 ms for a delayed ACK

        def do_GET(self) -> None:
            time.sleep(latency)
            path = self.path.split("?")[0]
            ctype = "text/html; charset=utf-8"
            if path == "/robots.txt":
                status, body, ctype = 200, b"User-agent: *\nDisallow: /private/\n", "text/plain"
            elif path == "/":
                status, body = 200, page_html(host, 0, pages)
            elif path.startswith("/p/") and path[3:].isdigit() and int(path[3:]) < pages:
                status, body = 200, page_html(host, int(path[3:]), pages)
            else:
                status, body = 404, b"not found"
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    loop = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    loop.daemon = True
    loop.start()
    return server


def usage_since(before: resource.struct_rusage, t0: float, pages: int) -> str:
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    figures = {"wall": time.perf_counter() - t0, "cpu": cpu, "rss_mb": after.ru_maxrss / 1024}
    return json.dumps({**figures, "pages": pages})


def crawl_ours(starts: list[str], delay: float, max_pages: int) -> str:
    """Our crawler as a run uses it: one Fetcher, every brand at once (crawl_many)."""
    sys.path.insert(0, str(REPO))
    from scrapers.base import Brand
    from scrapers.crawl import LiveSource, crawl_many
    from scrapers.fetch import Fetcher, FetchSettings

    brands = [
        type(
            f"Mirror{i}",
            (Brand,),
            {
                "operator": f"op{i}",
                "hosts": frozenset({url.split("/")[2].split(":")[0]}),
                "start_urls": (url,),
                "plan_link_selector": "a[href]",
            },
        )()
        for i, url in enumerate(starts)
    ]

    async def run() -> int:
        async with Fetcher(FetchSettings(delay_floor_s=delay)) as fetcher:
            results = await crawl_many(brands, LiveSource(fetcher), max_pages=max_pages)
        return sum(len(r.snapshots) for r in results.values())

    before, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    pages = asyncio.run(run())
    return usage_since(before, t0, pages)


def crawl_scrapy(starts: list[str], delay: float) -> str:
    """A minimal Scrapy spider with the same politeness: follow every link, robots obeyed."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    seen: list[str] = []

    class Mirror(scrapy.Spider):  # type: ignore[misc]
        name = "mirror"
        start_urls = starts
        allowed_domains: ClassVar[list[str]] = [url.split("/")[2].split(":")[0] for url in starts]

        def parse(self, response: Any) -> Any:
            seen.append(response.url)
            yield from response.follow_all(css="a::attr(href)", callback=self.parse)

    process = CrawlerProcess(
        settings={
            "CONCURRENT_REQUESTS": 16,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
            "DOWNLOAD_DELAY": delay,
            "DOWNLOAD_DELAY_JITTER": 0,
            "ROBOTSTXT_OBEY": True,
            "LOG_LEVEL": "WARNING",
            "TELNETCONSOLE_ENABLED": False,
            "USER_AGENT": "bench",
        }
    )
    process.crawl(Mirror)
    before, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    process.start()
    return usage_since(before, t0, len(seen))


def run_child(*args: str) -> dict[str, float]:
    """One crawler in a fresh process: its CPU and RSS are its own, not the servers'."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, cwd=REPO
    )
    if done.returncode != 0:
        sys.exit(done.stderr[-3000:])
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=333, help="pages per host")
    ap.add_argument("--delay", type=float, default=0.05, help="delay floor per host (s)")
    ap.add_argument("--latency", type=float, default=0.02, help="server latency per answer (s)")
    ap.add_argument("--skip-scrapy", action="store_true")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        which, starts, delay, *rest = args.child
        if which == "ours":
            print(crawl_ours(json.loads(starts), float(delay), int(rest[0])))
        else:
            print(crawl_scrapy(json.loads(starts), float(delay)))
        return

    with ExitStack() as stack:
        servers = [serve(h, args.pages, args.latency) for h in HOSTS]
        for s in servers:
            stack.callback(s.shutdown)
        starts = [f"http://{h}:{s.server_address[1]}/" for h, s in zip(HOSTS, servers, strict=True)]
        limit = (args.pages + 1) * max(args.delay, args.latency)  # + robots.txt per host
        print(
            f"mirror: {len(HOSTS)} hosts × {args.pages} pages = {len(HOSTS) * args.pages} pages, "
            f"delay {args.delay} s, latency {args.latency} s; politeness limit {limit:.2f} s"
        )
        runs = [("ours", (json.dumps(starts), str(args.delay), str(args.pages * 3)))]
        if not args.skip_scrapy:
            runs.append(("scrapy", (json.dumps(starts), str(args.delay))))
        results = {}
        for name, child_args in runs:
            r = results[name] = run_child(name, *child_args)
            print(
                f"  {name:7} {r['pages']:5.0f} pages  wall {r['wall']:6.2f} s  "
                f"{r['pages'] / r['wall']:6.1f} pages/s  CPU {r['cpu']:5.2f} s  "
                f"peak RSS {r['rss_mb']:5.0f} MB  wall/limit {r['wall'] / limit:4.2f}x"
            )
    ours = results["ours"]
    print(f"ours within 1.1× of the limit: {'yes' if ours['wall'] <= 1.1 * limit else 'NO'}")
    if "scrapy" in results:
        theirs = results["scrapy"]
        print(
            f"ours/scrapy: wall {ours['wall'] / theirs['wall']:.2f}x, "
            f"CPU {ours['cpu'] / theirs['cpu']:.2f}x, RSS {ours['rss_mb'] / theirs['rss_mb']:.2f}x"
        )


if __name__ == "__main__":
    main()

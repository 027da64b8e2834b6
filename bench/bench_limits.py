"""How parse time grows with page size, line length and nesting, up to the limits of
scrapers/limits.py. Prints seconds per case; run by hand, not by pytest:
    python bench/bench_limits.py [--max-kb 512]

A page past a limit is rejected in a scan of its bytes; the figures show what the limits protect
against (and where the parse is not yet linear: long lines inside the normalizer).
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

from kztariffs.pipeline import parse_snapshots
from scrapers.limits import MAX_HTML_DEPTH, MAX_LINE_CHARS
from scrapers.registry import get_brand
from scrapers.snapshot import Snapshot

CARD = (
    "<div class='card'><h3>Тариф {i}</h3><p>Интернет 20 ГБ, 300 минут на все сети</p>"
    "<p>Абонентская плата 2990 ₸ в месяц</p></div>\n"
)


def _snap(body: bytes) -> Snapshot:
    return Snapshot.from_response(
        operator="kcell",
        url="https://www.kcell.kz/ru/product/x",
        body=body,
        fetched_at=datetime.now(UTC),
        headers={"content-type": "text/html; charset=utf-8"},
    )


def _time(body: bytes) -> tuple[float, int, str]:
    started = time.perf_counter()
    plans, notes = parse_snapshots(get_brand("kcell"), [_snap(body)])
    took = time.perf_counter() - started
    rejected = next((n.split("page rejected: ")[1][:40] for n in notes if "rejected" in n), "")
    return took, len(plans), rejected


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--max-kb", type=int, default=512)
    args = ap.parse_args()
    print(f"{'case':<34} {'bytes':>10} {'seconds':>8} {'plans':>6}  rejected")
    kb = 16
    while kb <= args.max_kb:
        cards = "".join(CARD.format(i=i) for i in range(kb * 1024 // len(CARD.encode())))
        body = f"<html><body><main><h1>Тарифы</h1>{cards}</main></body></html>".encode()
        took, n, why = _time(body)
        print(f"{'many lines, ' + str(kb) + ' KB':<34} {len(body):>10} {took:>8.3f} {n:>6}  {why}")
        kb *= 2
    for chars in (1_000, 4_000, 16_000, 64_000, MAX_LINE_CHARS):
        line = ("Интернет 20 ГБ, 2990 ₸ в месяц; " * (chars // 32 + 1))[:chars]
        body = f"<html><body><main><p>{line}</p></main></body></html>".encode()
        took, n, why = _time(body)
        case = f"one line of {chars} chars"
        print(f"{case:<34} {len(body):>10} {took:>8.3f} {n:>6}  {why}")
    for depth in (100, MAX_HTML_DEPTH, 100_000):
        body = b"<div>" * depth + CARD.format(i=0).encode() + b"</div>" * depth
        took, n, why = _time(body)
        print(f"{'nested ' + str(depth) + ' deep':<34} {len(body):>10} {took:>8.3f} {n:>6}  {why}")


if __name__ == "__main__":
    main()

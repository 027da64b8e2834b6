"""`tariffs probe` and `tariffs record`: look at the sites before trusting a run, and keep them.

probe: for each start page and discovered page of each operator, what the brand module saw
(scrapers/diagnose.py), as a table and a JSON report. It crawls exactly like a scheduled run
(kztariffs/live.py) but publishes nothing. record: the same live crawl, every page written to a
snapshot store that `--recorded-dir` replays, so real pages become fixtures the day they are seen.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from rich.table import Table

from kztariffs.live import LiveCrawl, configured, crawl_operator
from kztariffs.settings import Settings
from scrapers.crawl import Progress
from scrapers.diagnose import diagnose_all, selectors_matching_nowhere
from scrapers.registry import get_brand
from scrapers.snapshot import SnapshotStore


def probe_operator(
    operator: str,
    *,
    source: Literal["live", "recorded"],
    recorded_dir: Path | None,
    settings: Settings,
    progress: Progress | None = None,
) -> dict[str, Any]:
    brand = configured(get_brand(operator), settings)
    crawled: LiveCrawl = asyncio.run(
        crawl_operator(
            brand,
            source=source,
            recorded_dir=recorded_dir,
            settings=settings,
            progress=progress,
        )
    )
    pages = diagnose_all(brand, crawled.result.snapshots)
    return {
        "summary": crawled.summary(),
        "pages": [p.model_dump(mode="json") for p in pages],
        "errors": [{"url": u, "reason": r} for u, r in sorted(crawled.result.errors)],
        "skipped": sorted(crawled.result.skipped),
        "offers": sum(p.offers for p in pages),
        "selectors_matching_nowhere": selectors_matching_nowhere(brand, pages),
    }


def probe(
    operators: list[str],
    *,
    source: Literal["live", "recorded"],
    recorded_dir: Path | None,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    settings = settings or Settings()
    return {
        "generated_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "source": source,
        "operators": {
            op: probe_operator(
                op,
                source=source,
                recorded_dir=recorded_dir,
                settings=settings,
                progress=progress,
            )
            for op in sorted(set(operators))
        },
    }


def report_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def probe_table(report: dict[str, Any]) -> Table:
    table = Table(title=f"probe ({report['source']})")
    for col in ("operator", "url", "status", "bytes", "rendered", "links", "offers", "facts/offer"):
        table.add_column(col, justify="left" if col in ("operator", "url") else "right")
    table.add_column("selectors matching nothing")
    for op, info in report["operators"].items():
        for p in info["pages"]:
            table.add_row(
                op,
                p["url"] + (" (captured)" if p["captured_by"] else ""),
                str(p["status"]),
                f"{p['bytes']:,}",
                "yes" if p["rendered"] else "",
                str(p["links"]),
                str(p["offers"]) if not p["error"] else f"[red]{p['error']}[/]",
                ",".join(map(str, p["facts_per_offer"])),
                ", ".join(p["selectors_unmatched"]),
            )
        for e in info["errors"]:
            table.add_row(op, e["url"], "[red]failed[/]", "", "", "", "", "", e["reason"])
    return table


def record(
    operator: str,
    to: Path,
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> LiveCrawl:
    """Crawl one operator live and write every page it read into the snapshot store `to`."""
    settings = settings or Settings()
    store = SnapshotStore(to)
    return asyncio.run(
        crawl_operator(
            get_brand(operator),
            source="live",
            settings=settings,
            store=store,
            progress=progress,
        )
    )

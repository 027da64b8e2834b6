"""Drift alarms (spidermon-style): did an operator's site change shape since the last good run?

The gates (publish/gates.py) judge the plans; drift judges the crawl that produced them. Per
operator, each run measures pages found, offers per page, field coverage and, for every CSS
selector the brand relies on, on how many pages it matched. Compared with the baseline kept in
the previous release's report.json (the last good crawl: a held operator keeps its old baseline,
so a broken layout keeps alarming until fixed), these hold the operator stale:

- a selector that matched on some page before and matches on none now ("selectors matched
  nothing"): the markup was renamed, even if the fallbacks still found something;
- pages found fell by more than MAX_PAGES_DROP;
- offers per page fell by more than MAX_OFFERS_PER_PAGE_DROP.

Field coverage is reported here (what moved) and gated in publish/gates.py. An alarm also emits
the Prefect event `kztariffs.operator.drift` so that an automation can notify someone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from publish.release import OperatorOutcome, field_coverage, read_json
from schema.plan import Plan
from scrapers.base import Brand
from scrapers.snapshot import Snapshot

MAX_PAGES_DROP = 0.5
MAX_OFFERS_PER_PAGE_DROP = 0.5
EVENT = "kztariffs.operator.drift"


class CrawlMetrics(BaseModel):
    """What one operator's crawl looked like; stored in report.json as the next run's baseline."""

    pages: int
    offers: int
    offers_per_page: float
    selectors: dict[str, int] = Field(default_factory=dict)  # selector -> HTML pages matched
    field_coverage: dict[str, float] = Field(default_factory=dict)


class Drift(BaseModel):
    metrics: CrawlMetrics
    baseline: CrawlMetrics | None
    alarms: list[str] = Field(default_factory=list)
    moved: dict[str, Any] = Field(default_factory=dict)  # metric -> {"before", "after"}


def selector_hits(brand: Brand, snapshots: Iterable[Snapshot]) -> dict[str, int]:
    from selectolax.lexbor import LexborHTMLParser

    from scrapers.diagnose import brand_selectors

    selectors = brand_selectors(brand)
    hits: Counter[str] = Counter({s: 0 for s in selectors})
    for snap in snapshots:
        if "html" not in snap.content_type or snap.status >= 400:
            continue
        tree = LexborHTMLParser(snap.text())
        for selector in selectors:
            try:
                if tree.css_first(selector) is not None:
                    hits[selector] += 1
            except Exception:  # unreadable selector: counts as matching nothing
                continue
    return dict(sorted(hits.items()))


def crawl_metrics(brand: Brand, snapshots: list[Snapshot], plans: list[Plan]) -> CrawlMetrics:
    pages = len([s for s in snapshots if s.status < 400])
    return CrawlMetrics(
        pages=pages,
        offers=len(plans),
        offers_per_page=round(len(plans) / pages, 4) if pages else 0.0,
        selectors=selector_hits(brand, snapshots),
        field_coverage=field_coverage(plans),
    )


def _fell(before: float, after: float, limit: float) -> bool:
    return before > 0 and after < before * (1 - limit)


def compare(metrics: CrawlMetrics, baseline: CrawlMetrics | None) -> Drift:
    """Alarms and what moved, against the baseline (no baseline: no alarm, first crawl)."""
    drift = Drift(metrics=metrics, baseline=baseline)
    if baseline is None:
        return drift
    # selectors the brand still uses (a brand fixed for a new layout drops the old ones)
    lost = sorted(
        s for s, n in baseline.selectors.items() if n > 0 and metrics.selectors.get(s) == 0
    )
    if lost:
        drift.alarms.append("selectors matched nothing: " + ", ".join(lost))
    if _fell(baseline.pages, metrics.pages, MAX_PAGES_DROP):
        drift.alarms.append(f"pages found fell from {baseline.pages} to {metrics.pages}")
    if _fell(baseline.offers_per_page, metrics.offers_per_page, MAX_OFFERS_PER_PAGE_DROP):
        drift.alarms.append(
            f"offers per page fell from {baseline.offers_per_page:g} to {metrics.offers_per_page:g}"
        )
    for name in ("pages", "offers", "offers_per_page"):
        before, after = getattr(baseline, name), getattr(metrics, name)
        if before != after:
            drift.moved[name] = {"before": before, "after": after}
    for kind in ("selectors", "field_coverage"):
        old, new = getattr(baseline, kind), getattr(metrics, kind)
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                drift.moved[f"{kind}.{key}"] = {"before": old.get(key), "after": new.get(key)}
    return drift


def baselines(release: Path | None) -> dict[str, CrawlMetrics]:
    """Each operator's crawl baseline from a release's report.json (absent: none)."""
    if release is None or not (Path(release) / "report.json").is_file():
        return {}
    found = {}
    for op, info in read_json(Path(release) / "report.json")["operators"].items():
        raw = info.get("crawl_baseline")
        if raw:
            try:
                found[op] = CrawlMetrics.model_validate(raw)
            except ValidationError:  # an older report's shape: start a new baseline
                continue
    return found


def emit_drift_event(operator: str, drift: Drift) -> None:
    """The Prefect event an automation can alert on (a no-op outside a Prefect run context)."""
    from prefect.events import emit_event

    emit_event(
        event=EVENT,
        resource={"prefect.resource.id": f"kztariffs.operator.{operator}"},
        payload={"operator": operator, "alarms": drift.alarms, "moved": drift.moved},
    )


def judge(
    brand: Brand, snapshots: list[Snapshot], plans: list[Plan], baseline: CrawlMetrics | None
) -> Drift:
    """This crawl's metrics compared with the operator's baseline."""
    return compare(crawl_metrics(brand, snapshots, plans), baseline)


def with_drift(outcome: OperatorOutcome, drift: Drift) -> OperatorOutcome:
    """The outcome carrying its crawl metrics; only a fresh outcome moves the baseline."""
    metrics = drift.metrics.model_dump(mode="json")
    if outcome.status == "fresh":
        baseline = metrics
    else:
        baseline = drift.baseline.model_dump(mode="json") if drift.baseline else None
    return outcome.model_copy(
        update={"crawl": metrics, "crawl_baseline": baseline, "drift_alarms": drift.alarms}
    )

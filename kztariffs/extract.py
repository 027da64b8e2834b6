"""One page in, validated plans out: the path shared by `tariffs extract` and `tariffs eval`."""

from __future__ import annotations

from datetime import datetime

from kztariffs.pipeline import parse_snapshots
from schema.plan import Plan
from scrapers.base import Brand
from scrapers.snapshot import Snapshot


def brand_for(operator: str) -> Brand:
    """The brand's own parser when there is one, else the brand-less generic parser."""
    from scrapers.registry import BRANDS

    if operator in BRANDS:
        return BRANDS[operator]
    from scrapers.generic import GenericBrand

    return GenericBrand(operator)


def extract_page(
    body: bytes,
    *,
    operator: str,
    url: str,
    content_type: str,
    fetched_at: datetime,
) -> tuple[list[Plan], list[str]]:
    """Plans found on one page, and the drafts rejected by validation (as messages)."""
    snap = Snapshot.from_response(
        operator=operator,
        url=url,
        body=body,
        fetched_at=fetched_at,
        headers={"content-type": content_type},
    )
    return parse_snapshots(brand_for(operator), [snap], publishable=False)

"""The normalizer's per-text caches change nothing a page gives: cold, warm and after other
pages, every page comes out the same (cached readers are pure and return immutable values)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from kztariffs.extract import extract_page
from normalizer import memo
from tests.fixtures.unseen.pages import PAGES


def _plans(page: dict[str, Any]) -> str:
    plans, rejected = extract_page(
        page["text"].encode(),
        operator=page["operator"],
        url=page["url"],
        content_type=f"{page['content_type']}; charset=utf-8",
        fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
    )
    return json.dumps([p.model_dump(mode="json") for p in plans] + rejected, sort_keys=True)


def test_cached_and_uncached_extraction_agree() -> None:
    assert len(PAGES) >= 5
    cold = []
    for page in PAGES:
        memo.clear()
        cold.append(_plans(page))
    warm = [_plans(page) for page in PAGES]  # every cache filled by the pages before
    backwards = [_plans(page) for page in reversed(PAGES)][::-1]
    assert cold == warm == backwards
    assert all(json.loads(c)[:1] for c in cold)  # every page gives a plan

"""Generated pages as corpus-format records (texts.jsonl), one record per offer.

Records add `content_type` and `shape` to the corpus fields (id, operator, url, lang, text,
expected). Several records share one page text, as in the corpus. Page i of a run uses its own
seed, so a run is reproducible and every shape × language gets an equal share of pages.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.pagegen.page import PAGE_LANGS, SHAPES, Page, build_page


def page_records(page: Page, page_id: str) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{page_id}-{i}",
            "operator": page.operator,
            "url": page.url,
            "lang": page.lang,
            "shape": page.shape,
            "content_type": page.content_type,
            "text": page.text,
            "expected": offer.label(),
        }
        for i, offer in enumerate(page.offers)
    ]


def pages(seed: int) -> Iterator[tuple[str, Page]]:
    """Endless pages, cycling shape fastest and language next."""
    i = 0
    while True:
        shape = SHAPES[i % len(SHAPES)]
        lang = PAGE_LANGS[(i // len(SHAPES)) % len(PAGE_LANGS)]
        rng = random.Random(f"pagegen:{seed}:{i}")
        yield f"gen-{seed}-{i:04d}-{shape}-{lang}", build_page(rng, shape, lang)
        i += 1


def generate_records(n: int, seed: int) -> list[dict[str, Any]]:
    """The first `n` records of the run `seed` (a page's records may be cut at the end)."""
    out: list[dict[str, Any]] = []
    for page_id, page in pages(seed):
        if len(out) >= n:
            break
        out += page_records(page, page_id)
    return out[:n]


def write_jsonl(records: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")

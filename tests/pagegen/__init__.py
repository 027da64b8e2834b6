"""Generated tariff pages with known facts: the yardstick for reading pages never seen before.

Modules: `facts` (an offer's facts and its corpus label), `vocab` (spellings per language),
`lines` (facts as printed phrases), `decoys` (numbers that are not facts), `shapes` (one renderer
per layout), `page` (draw + render one page), `records` (corpus-format JSONL records),
`strategies` (hypothesis).
`python -m tests.pagegen --n 600 --seed 1 --out FILE.jsonl` dumps records.
"""

from tests.pagegen.page import PAGE_LANGS, SHAPES, Page, build_page, generate_page

__all__ = ["PAGE_LANGS", "SHAPES", "Page", "build_page", "generate_page"]

"""Pages whose markup the brand modules have not seen (a redesign) still give facts and links."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapers.registry import get_brand
from scrapers.snapshot import Snapshot

WHEN = datetime(2026, 11, 1, tzinfo=UTC)


def _page(url: str, html: str) -> Snapshot:
    return Snapshot.from_response(
        operator="beeline",
        url=url,
        body=html.encode(),
        fetched_at=WHEN,
        headers={"content-type": "text/html; charset=utf-8"},
    )


REDESIGNED_PLAN = """<html><head><title>x</title></head><body>
<header><nav><a href="/ru/products/tariffs">Тарифы</a></nav></header>
<main><div class="new-layout"><h1>Новый тариф 20</h1>
<div class="row"><span>Интернет</span><b>20 ГБ</b></div>
<div class="row"><span>Звонки на номера Beeline</span><b>Безлимит</b></div>
<div class="row"><span>Абонентская плата</span><b>3990 ₸ в месяц</b></div>
</div></main><footer>© 2026 <a href="/ru/about">О компании</a></footer></body></html>"""

REDESIGNED_LISTING = """<html><body><main><h1>Тарифы</h1>
<div class="grid"><div><a href="/ru/products/tariffs/novyi-20">Новый 20</a></div>
<div><a href="/ru/products/tariffs/novyi-30">Новый 30</a></div>
<div><a href="https://example.org/ru/products/tariffs/elsewhere">elsewhere</a></div>
<div><a href="/ru/about">О компании</a></div></div></main></body></html>"""


def test_a_plan_page_in_unseen_markup_is_read_from_its_main_content() -> None:
    brand = get_brand("beeline")
    [draft] = brand.parse(_page("https://beeline.kz/ru/products/tariffs/novyi-20", REDESIGNED_PLAN))
    assert draft.name == "Новый тариф 20"
    assert draft.price_amount == 3990 and draft.price_period in ("P1M", "P30D")
    assert draft.data_quota_mb == 20 * 1024 and draft.voice_onnet == "unlimited"


def test_a_listing_in_unseen_markup_links_to_the_pages_below_it() -> None:
    brand = get_brand("beeline")
    listing = _page("https://beeline.kz/ru/products/tariffs", REDESIGNED_LISTING)
    assert brand.discover(listing) == [
        "https://beeline.kz/ru/products/tariffs/novyi-20",
        "https://beeline.kz/ru/products/tariffs/novyi-30",
    ]
    assert brand.parse(listing) == []


def test_adjacent_inline_elements_are_not_glued() -> None:
    from scrapers.html_text import html_to_text

    html = "<div><span>Интернет</span><b>20 ГБ</b></div><p>x<sup>2</sup> и <i>Шексіз</i></p>"
    assert html_to_text(html).splitlines()[:2] == ["Интернет 20 ГБ", "x2 и Шексіз"]

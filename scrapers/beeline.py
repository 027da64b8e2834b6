"""Beeline: beeline.kz (ru/kk, consumer and /b2b/) and the redesigned new.beeline.kz.

Plan pages hold a `.tariff-detail`: label/value blocks ("-", label, value) for the summary, then
tables for what the fee includes and what it costs. The b2b section lives under /b2b/.
"""

from __future__ import annotations

from scrapers.html_brand import HtmlBrand


class Beeline(HtmlBrand):
    operator = "beeline"
    hosts = frozenset({"beeline.kz", "www.beeline.kz", "new.beeline.kz"})
    start_urls = (
        "https://beeline.kz/ru/products/tariffs",
        "https://beeline.kz/kk/products/tariffs",
        "https://beeline.kz/b2b/ru/products/tariffs",
    )
    plan_link_selector = ".tariffs-catalog a.tariff-card__link"
    region_selectors = (".tariff-detail",)
    title_selector = "h1"
    strip_selectors = (".breadcrumbs", "form", ".btn", ".tariff-detail__other-tariffs")

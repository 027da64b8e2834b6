"""Kcell: www.kcell.kz (ru/kk/en product pages) and the business site b2b.kcell.kz."""

from __future__ import annotations

from scrapers.kcell_cms import KcellCms


class Kcell(KcellCms):
    operator = "kcell"
    hosts = frozenset({"www.kcell.kz", "kcell.kz", "b2b.kcell.kz"})
    business_hosts = frozenset({"b2b.kcell.kz"})
    start_urls = (
        "https://www.kcell.kz/en/product/tariffs",
        "https://b2b.kcell.kz/ru/product/tariffs",
    )

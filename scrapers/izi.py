"""izi: Kcell's digital brand. izi.me is the shop; the terms of each product are static HTML
documents on content.izi.me, which is where the facts are read."""

from __future__ import annotations

from scrapers.html_brand import HtmlBrand


class Izi(HtmlBrand):
    operator = "izi"
    hosts = frozenset({"izi.me", "www.izi.me", "content.izi.me"})
    start_urls = ("https://izi.me/ru/unlims",)
    plan_link_selector = "a.product-card__details"
    region_selectors = (".product-details",)
    title_selector = "h1"

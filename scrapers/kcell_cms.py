"""The CMS shared by Kcell and activ (one company, one site engine, two brands).

Product pages keep their facts in `.product-detail`: either one plan as text and tables, or a list
of `.product-card`s, one per package of the product. Listing pages are `.product-list`s of links.
"""

from __future__ import annotations

from scrapers.html_brand import HtmlBrand


class KcellCms(HtmlBrand):
    region_selectors = (".product-detail",)
    card_selector = ".product-card"
    card_title_selector = ".product-card__title"
    title_selector = "h1"
    strip_selectors = (
        ".breadcrumbs",
        "form",
        ".btn",
        ".product-detail__related",
        ".product-detail__apps",
    )
    qualify_card_titles = True
    plan_link_selector = ".product-list a.product-list__link"

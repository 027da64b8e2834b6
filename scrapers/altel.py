"""Altel: the new altel.kz runs on the Tele2 platform (JSON API, page state); the legacy
altel4g.kz pages are server-rendered tables read from the DOM."""

from __future__ import annotations

from scrapers.t2_platform import T2Platform


class Altel(T2Platform):
    operator = "altel"
    hosts = frozenset({"altel.kz", "www.altel.kz", "altel4g.kz", "www.altel4g.kz"})
    start_urls = (
        "https://altel.kz/tariffs",
        "https://altel.kz/api/catalog/v1/tariffs?lang=kk",
        "https://altel4g.kz/tarifnye-plany",
    )
    # Platform tariff cards, and the legacy site's tariff list.
    plan_link_selector = "a.tariff-card__link, .tariffs-list a.tariff-item__more"
    # altel4g.kz: the tariff's server-rendered block.
    region_selectors = (".tariff-detail",)

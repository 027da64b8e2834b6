"""activ: Kcell's prepaid brand on the same CMS, plans and packs under activ.kz/<lang>/service/."""

from __future__ import annotations

from scrapers.kcell_cms import KcellCms


class Activ(KcellCms):
    operator = "activ"
    hosts = frozenset({"activ.kz", "www.activ.kz"})
    start_urls = (
        "https://activ.kz/ru/service/tariffs",
        "https://activ.kz/en/service/tariffs",
    )

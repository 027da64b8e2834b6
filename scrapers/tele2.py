"""Tele2: tele2.kz is a JavaScript app; tariffs come from its catalogue API and page state."""

from __future__ import annotations

from scrapers.t2_platform import T2Platform


class Tele2(T2Platform):
    operator = "tele2"
    hosts = frozenset({"tele2.kz", "www.tele2.kz"})
    start_urls = (
        "https://tele2.kz/tariffs/archive",
        "https://tele2.kz/api/catalog/v1/tariffs?lang=ru",
    )

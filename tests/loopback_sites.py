"""Loopback copies of server-rendered operator sites, in the markup the brand modules expect.

`beeline_site(srv)` serves a Beeline-style catalogue (listing of `.tariff-card__link`s, plan pages
with a `.tariff-detail`) and `local_brand(operator, srv)` returns the real brand pointed at it.
`card_class` renames the listing's card links, as a redesign would.
"""

from __future__ import annotations

from scrapers.base import Brand
from scrapers.registry import get_brand
from tests.httpserver import Reply, TestServer

PLANS = {
    "start": ("Старт", 2990, 25),
    "online": ("Онлайн", 4490, 60),
    "max": ("Максимум", 6990, 120),
}


def plan_html(name: str, price: int, gb: int, region: str = "tariff-detail") -> str:
    return (
        f'<html><body><main><div class="{region}"><h1>{name}</h1>'
        f"<p>Абонентская плата {price} ₸ в месяц</p><p>Интернет: {gb} ГБ</p>"
        "<p>Звонки на номера сети: безлимитно</p></div></main></body></html>"
    )


def beeline_site(srv: TestServer, *, card_class: str = "tariff-card__link") -> None:
    links = "".join(
        f'<a class="{card_class}" href="/ru/products/tariffs/{slug}">{name}</a>'
        for slug, (name, _, _) in PLANS.items()
    )
    srv.route(
        "/ru/products/tariffs",
        Reply.html(f'<html><body><div class="tariffs-catalog">{links}</div></body></html>'),
    )
    for slug, (name, price, gb) in PLANS.items():
        srv.route(f"/ru/products/tariffs/{slug}", Reply.html(plan_html(name, price, gb)))


def kcell_site(srv: TestServer) -> None:
    links = "".join(
        f'<a class="product-list__link" href="/ru/tariffs/{slug}">{name}</a>'
        for slug, (name, _, _) in PLANS.items()
    )
    srv.route(
        "/ru/tariffs",
        Reply.html(f'<html><body><div class="product-list">{links}</div></body></html>'),
    )
    for slug, (name, price, gb) in PLANS.items():
        srv.route(f"/ru/tariffs/{slug}", Reply.html(plan_html(name, price, gb, "product-detail")))


def local_brand(operator: str, srv: TestServer, start_path: str) -> Brand:
    real = get_brand(operator)

    class Local(type(real)):  # type: ignore[misc]
        hosts = frozenset({"127.0.0.1"})
        start_urls = (srv.url(start_path),)

    return Local()

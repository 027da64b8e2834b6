# ruff: noqa: E501  (phrase tables in three languages read best one entry per line)
"""One generated page: draw offers for a shape, make them consistent, render, wrap.

`build_page(rng, shape, lang, operator)` is the single entry point; `generate_page(seed, …)` is
its seeded plain-random form and `strategies.pages()` its hypothesis form. A page's `offers` are
the ground truth: `offer.label()` is what the page states about that offer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from html import escape
from typing import Any

from tests.pagegen import decoys, shapes
from tests.pagegen import vocab as v
from tests.pagegen.facts import GB_SIZES, MB_SIZES, MINUTES, Kind, Offer, draw_offer, rollover_topic

SHAPES = (
    "cards", "row_table", "col_table", "col_table_unit_labels", "pack_list", "sections",
    "label_value", "prose", "pipe_text", "single",
)  # fmt: skip
PAGE_LANGS = ("ru", "kk", "en", "mixed")
OPERATORS = ("beeline", "kcell", "activ", "izi", "tele2", "altel")
DOMAINS = {"beeline": "beeline.kz", "kcell": "www.kcell.kz", "activ": "www.activ.kz", "izi": "izi.me", "tele2": "tele2.kz", "altel": "altel.kz"}  # fmt: skip
SLUGS = ("tariffs", "internet-packs", "offers", "mobile", "packs", "prepaid")
HTML_ONLY = {"cards", "row_table", "col_table", "col_table_unit_labels"}
TEXT_ONLY = {"pipe_text"}
TABLE_LIKE = {"row_table", "col_table", "col_table_unit_labels", "pipe_text"}
SINGLE_TOKEN_NAMES = ("Smart", "Comfort", "Start", "Max", "Flex", "Тиімді", "Комфорт", "Стартовый", "Премьер", "Еркін")  # fmt: skip


@dataclass
class Page:
    shape: str
    lang: str
    operator: str
    url: str
    content_type: str  # "text/html" or "text/plain"
    text: str
    offers: list[Offer]

    def labels(self) -> list[dict[str, Any]]:
        return [o.label() for o in self.offers]


def _kinds(rng: random.Random, shape: str, n: int) -> list[Kind]:
    if shape == "pack_list":
        return ["data_pack" if rng.random() < 0.75 else "minute_pack"] * n
    if shape == "sections":
        n = max(n, 2)
        split = rng.randint(1, n - 1)
        return ["minute_pack"] * split + ["data_pack"] * (n - split)
    if shape in ("cards", "label_value", "prose", "single"):
        return [rng.choice(("plan", "plan", "plan", "data_plan", "data_pack")) for _ in range(n)]
    return [
        rng.choice(("plan", "plan", "plan", "data_plan"))
    ] * n  # a table compares like with like


def _distinct_quantities(rng: random.Random, offers: list[Offer]) -> None:
    """Packs on one page differ in size (their size is their name)."""
    seen: set[tuple[Any, ...]] = set()
    for o in offers:
        for _ in range(30):
            key = (o.kind, o.data_value, o.data_unit, o.data_unlimited, o.offnet)
            if key not in seen:
                break
            if o.kind == "minute_pack":
                o.offnet = rng.choice(MINUTES)
            elif o.data_unlimited:
                o.data_unlimited, o.data_value = False, rng.choice(GB_SIZES)
            elif o.data_unit == "MB":
                o.data_value = rng.choice(MB_SIZES)
            else:
                o.data_value = rng.choice(GB_SIZES)
        seen.add((o.kind, o.data_value, o.data_unit, o.data_unlimited, o.offnet))


def _pack_head(rng: random.Random, offer: Offer, lang: str) -> str:
    """A pack's own words: its size as printed (`7 ГБ`, `500МБ`, `100 мин`)."""
    if offer.kind == "minute_pack":
        assert isinstance(offer.offnet, int)
        return f"{v.fmt_int(rng, offer.offnet)} {rng.choice(v.MIN_UNITS[lang])}"
    if offer.data_unlimited:
        return {"ru": "Безлимитный интернет", "kk": "Шексіз интернет", "en": "Unlimited data"}[lang]
    assert offer.data_value is not None
    return v.data_amount(rng, offer.data_value, offer.data_unit, lang)


def _name_packs(rng: random.Random, offers: list[Offer], lang: str, bare: bool) -> None:
    for o in offers:
        if o.kind not in ("data_pack", "minute_pack"):
            continue
        ln = v.pick_lang(rng, lang)
        head = _pack_head(rng, o, ln)
        if bare:
            o.name = head
        else:
            word = {"data_pack": {"ru": "Интернет-пакет", "kk": "Интернет-топтама", "en": "Data pack"}, "minute_pack": {"ru": "Пакет минут", "kk": "Минут топтамасы", "en": "Minute pack"}}[o.kind][ln]  # fmt: skip
            o.name = f"{word} {head}"


def _align(rng: random.Random, offers: list[Offer], unit_labels: bool) -> None:
    """Table pages state the same facts for every offer, and one rollover rule for all of them."""
    for attr, sizes in (("onnet", MINUTES), ("offnet", MINUTES), ("sms", (50, 100, 200))):
        if any(getattr(o, attr) is not None for o in offers):
            for o in offers:
                if getattr(o, attr) is None:
                    setattr(o, attr, rng.choice(sizes))
    if any(o.data_value is not None or o.data_unlimited for o in offers):
        for o in offers:
            if o.data_value is None and not o.data_unlimited:
                o.data_value, o.data_unit = rng.choice(GB_SIZES), "GB"
    for o in offers:
        if o.price_kzt is None or unit_labels:
            o.price_kzt = o.price_kzt or 2990
            o.period_days = 30 if unit_labels or o.period_days is None else o.period_days
        if unit_labels:
            o.price_from = o.period_as_count = False
            o.period_days = 30
            if o.price_kzt < 900:
                o.price_kzt = 1990
            if o.data_unit == "MB":
                o.data_value, o.data_unit = rng.choice(GB_SIZES), "GB"
    _share_rollover(offers)


def _share_rollover(offers: list[Offer]) -> None:
    """One rollover sentence serves a whole table or list: it holds only if it is about every offer."""
    topics = {rollover_topic(o) for o in offers}
    value = offers[0].rollover if len(topics) == 1 and None not in topics else None
    for o in offers:
        o.rollover = value


def _avoid_name_numbers(offers: list[Offer]) -> None:
    """A number in a name is a decoy only when it is not also one of the facts."""
    for o in offers:
        if o.name_numbers and any(float(n) in o.numbers() for n in o.name_numbers):
            o.name = o.name.rsplit(" ", 1)[0] + " Bonus"
            o.name_numbers = ()


def draw_offers(rng: random.Random, shape: str, lang: str, n: int) -> list[Offer]:
    taken: set[str] = set()
    offers = [
        draw_offer(rng, kind, v.pick_lang(rng, lang), taken) for kind in _kinds(rng, shape, n)
    ]
    _distinct_quantities(rng, offers)
    _name_packs(rng, offers, lang, bare=shape in ("pack_list", "sections"))
    _avoid_name_numbers(offers)
    if shape in TABLE_LIKE:
        _align(rng, offers, unit_labels=shape == "col_table_unit_labels")
    if shape == "pack_list":
        _share_rollover(offers)
    if shape == "sections":
        for kind in ("minute_pack", "data_pack"):
            group = [o for o in offers if o.kind == kind]
            if group:
                _share_rollover(group)
    return offers


def _render_body(rng: random.Random, shape: str, ctx: shapes.Ctx, html: bool) -> str:
    if shape == "cards":
        return shapes.cards(ctx)
    if shape == "row_table":
        return shapes.row_table(ctx)
    if shape in ("col_table", "col_table_unit_labels"):
        return shapes.col_table(ctx, units_in_label=shape == "col_table_unit_labels")
    lines = {
        "pack_list": lambda: shapes.pack_list(ctx, html),
        "sections": lambda: shapes.sections(ctx, html),
        "label_value": lambda: shapes.label_value(ctx),
        "prose": lambda: shapes.prose(ctx),
        "single": lambda: shapes.single(ctx, html),
    }[shape]()
    if html and shape in ("label_value", "prose"):
        tag = "p" if shape == "prose" else "div"
        return "\n".join(f"<{tag}>{escape(line, quote=False)}</{tag}>" for line in lines if line)
    return "\n".join(lines)


def _wrap_html(rng: random.Random, body: str, lang: str, operator: str, title: str) -> str:
    ln = v.pick_lang(rng, lang)
    nav = decoys.nav_line(rng, ln) if rng.random() < 0.4 else rng.choice(v.HEADINGS["plans"][ln])
    html = (
        f'<!DOCTYPE html>\n<html lang="{ln}"><head><meta charset="utf-8"><title>{escape(title)} | {operator}</title></head>'
        f'<body><header><nav><a href="/">{operator}</a> <a href="/tariffs">{escape(nav)}</a></nav></header>\n'
        f"<main>\n{body}\n</main><footer>© {operator}</footer></body></html>"
    )  # fmt: skip
    if rng.random() < 0.5:
        html = html.replace(v.NBSP, "&nbsp;")
    return html


def build_page(rng: random.Random, shape: str, lang: str, operator: str | None = None) -> Page:
    """A page of `shape` in `lang` (ru, kk, en, mixed) with 1–6 offers (one for `single`)."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}; pick one of {', '.join(SHAPES)}")
    operator = operator or rng.choice(OPERATORS)
    n = 1 if shape == "single" else rng.randint(2 if shape == "sections" else 1, 6)
    offers = draw_offers(rng, shape, lang, n)
    if shape == "pipe_text" and rng.random() < 0.34:
        style = "spaces"
        names = rng.sample(SINGLE_TOKEN_NAMES, len(offers))
        for o, name in zip(offers, names, strict=True):
            if o.kind in ("plan", "data_plan"):
                o.name, o.name_numbers = name, ()
        _align(rng, offers, unit_labels=True)
    else:
        style = None
    html = shape in HTML_ONLY or (shape not in TEXT_ONLY and rng.random() < 0.5)
    ctx = shapes.Ctx(rng, lang, operator, offers)
    if shape == "pipe_text":
        body = "\n".join(shapes.pipe_text(ctx, style))
    else:
        body = _render_body(rng, shape, ctx, html)
    ln = v.pick_lang(rng, lang)
    title = offers[0].name if shape == "single" else rng.choice(v.HEADINGS["plans"][ln])
    url = f"https://{DOMAINS[operator]}/{ln if ln != 'ru' else 'ru'}/{rng.choice(SLUGS)}"
    if html:
        text = _wrap_html(rng, body, lang, operator, title)
    else:
        head = [] if shape == "single" else [title]
        text = "\n".join([*head, body]).strip() + "\n"
    return Page(shape, lang, operator, url, "text/html" if html else "text/plain", text, offers)


def generate_page(seed: int | str, shape: str, lang: str, operator: str | None = None) -> Page:
    """The seeded plain-random entry point: the same arguments always give the same page."""
    return build_page(random.Random(f"{seed}:{shape}:{lang}:{operator}"), shape, lang, operator)

# ruff: noqa: E501  (phrase tables in three languages read best one entry per line)
"""Renderers, one per page shape: offers (already drawn and named) in, page body out.

Every renderer states each offer's facts once, in the layout real operator pages use, and adds
decoys (numbers that are not facts). HTML renderers return a fragment for `page.wrap_html`; text
renderers return lines.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from html import escape

from tests.pagegen import decoys
from tests.pagegen import vocab as v
from tests.pagegen.facts import Offer
from tests.pagegen.lines import Phrase, minutes_value, phrases, rollover_line, sms_value


@dataclass
class Ctx:
    rng: random.Random
    lang: str
    operator: str
    offers: list[Offer]

    def ln(self) -> str:
        return v.pick_lang(self.rng, self.lang)

    def decoy(self, offer: Offer) -> str:
        return decoys.offer_decoy(self.rng, self.ln(), offer.numbers() | self.all_numbers())

    def all_numbers(self) -> set[float]:
        return set().union(*(o.numbers() for o in self.offers))


def _e(text: str) -> str:
    return escape(text, quote=False)


# Class-name sets of card markup: invented ones (the extractor has never seen them) and the one
# Kcell's CMS uses (tests/fixtures/recorded).
CARD_CLASSES = (
    ("offer-tile", "offer-tile__name", "offer-tile__cost", "offer-tile__item"),
    ("plan-box", "plan-box-title", "plan-box-price", "plan-box-row"),
    ("tariff", "tariff-name", "tariff-price", "tariff-option"),
    ("swiper-slide pkg", "pkg__head", "pkg__sum", "pkg__li"),
    ("product-card", "product-card__title", "product-card__price", "product-card__feature"),
)


def _random_classes(rng: random.Random) -> tuple[str, str, str, str]:
    stem = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz") for _ in range(2))
    return tuple(f"{stem}-{rng.randrange(16**4):04x}" for _ in range(4))  # type: ignore[return-value]


def cards(ctx: Ctx) -> str:
    """Repeated sibling cards: title, price, feature list, notes, a button."""
    rng = ctx.rng
    card, title, price, item = (
        rng.choice(CARD_CLASSES) if rng.random() < 0.5 else _random_classes(rng)
    )
    title_tag = rng.choice(("h3", "div", "strong", "h2"))
    out = [f'<div class="{rng.choice(("row", "grid", "cards-wrap", "x-list"))}">']
    for offer in ctx.offers:
        ph = phrases(rng, offer, ctx.lang, ctx.operator)
        parts = [f'<div class="{card}"><{title_tag} class="{title}">{_e(offer.name)}</{title_tag}>']
        rest = [p for p in ph if p.key != "price"]
        for p in ph:
            if p.key == "price":
                parts.append(f'<div class="{price}">{_e(p.value)}</div>')
        parts.append(
            "<ul>" + "".join(f'<li class="{item}">{_e(p.line)}</li>' for p in rest) + "</ul>"
        )
        roll = rollover_line(rng, offer, ctx.lang)
        if roll:
            parts.append(f"<p>{_e(roll)}</p>")
        if rng.random() < 0.5:
            parts.append(f"<small>{_e(ctx.decoy(offer))}</small>")
        parts.append(f'<a class="btn" href="#">{rng.choice(v.CONNECT[ctx.ln()])}</a></div>')
        out.append("".join(parts))
    out.append("</div>")
    return "\n".join(out)


TABLE_KEYS = ("price", "data", "onnet", "offnet", "sms", "validity")


def _table_phrases(ctx: Ctx) -> tuple[list[str], list[dict[str, Phrase]]]:
    """Per offer its phrases by key, and the keys every offer states (aligned by `page.align`)."""
    per_offer = [
        {p.key: p for p in phrases(ctx.rng, o, ctx.lang, ctx.operator)} for o in ctx.offers
    ]
    keys = [k for k in TABLE_KEYS if all(k in d for d in per_offer)]
    return keys, per_offer


def _footnotes(ctx: Ctx) -> list[str]:
    """A shared rollover rule (all offers of a table share it) and a page decoy or two."""
    notes = []
    roll = rollover_line(ctx.rng, ctx.offers[0], ctx.lang)
    if roll:
        notes.append(roll)
    if ctx.rng.random() < 0.7:
        notes.append(decoys.page_decoy(ctx.rng, ctx.ln(), ctx.all_numbers()))
    return notes


def row_table(ctx: Ctx) -> str:
    """One row per plan; a header row of labels; units in the cells."""
    keys, per_offer = _table_phrases(ctx)
    header = [v.label(ctx.rng, "name", ctx.ln(), ctx.operator)] + [
        per_offer[0][k].label for k in keys
    ]
    extra = ctx.rng.random() < 0.4
    if extra:
        header.append(
            {"ru": "Сверх пакета", "kk": "Топтамадан тыс", "en": "Out of bundle"}[ctx.ln()]
        )
    rows = ["<tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr>"]
    for offer, d in zip(ctx.offers, per_offer, strict=True):
        cells = [offer.name] + [d[k].value for k in keys]
        if extra:
            cells.append(decoys.overage(ctx.rng, ctx.ln(), offer.numbers()))
        rows.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
    notes = "".join(f"<p>{_e(n)}</p>" for n in _footnotes(ctx))
    return f'<table class="{ctx.rng.choice(("table", "t-compare", "price-table"))}">' + "".join(rows) + "</table>" + notes  # fmt: skip


def _unit_cell(ctx: Ctx, offer: Offer, key: str) -> str:
    """A bare number for a row whose label carries the unit (`Интернет, ГБ` → `10`)."""
    rng = ctx.rng
    value = {"price": offer.price_kzt, "data": offer.data_value, "onnet": offer.onnet, "offnet": offer.offnet, "sms": offer.sms}[key]  # fmt: skip
    if key == "data" and offer.data_unlimited:
        return rng.choice(v.UNLIMITED[ctx.ln()])
    if value == "unlimited":
        return rng.choice(v.UNLIMITED[ctx.ln()])
    assert value is not None
    return v.fmt_decimal(rng, float(value), ctx.ln())


def col_table(ctx: Ctx, units_in_label: bool) -> str:
    """One column per plan; row labels on the left; units in the cells or only in the label."""
    keys, per_offer = _table_phrases(ctx)
    if units_in_label:
        keys = [k for k in keys if k != "validity"]
    head = "<tr><th></th>" + "".join(f"<th>{_e(o.name)}</th>" for o in ctx.offers) + "</tr>"
    rows = [head]
    for key in keys:
        if units_in_label:
            lab = v.unit_label(ctx.rng, key, ctx.ln(), ctx.operator)
            cells = [_unit_cell(ctx, o, key) for o in ctx.offers]
        else:
            lab = per_offer[0][key].label
            cells = [d[key].value for d in per_offer]
        rows.append(
            f"<tr><td>{_e(lab)}</td>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>"
        )
    notes = "".join(f"<p>{_e(n)}</p>" for n in _footnotes(ctx))
    return '<table class="compare">' + "".join(rows) + "</table>" + notes


def pack_line(ctx: Ctx, offer: Offer, head: str) -> str:
    """`7 ГБ за 1990 тенге`, `10 GB — 2 490 ₸`, `500МБ – 490 тенге за 7 дней`."""
    rng, ln = ctx.rng, ctx.ln()
    ph = {p.key: p for p in phrases(rng, offer, ln, ctx.operator)}
    price = ph["price"].value
    validity = ph["validity"].value if "validity" in ph else None
    dash = rng.choice((" — ", " – ", " - "))
    if ln == "ru":
        line = rng.choice((f"{head} за {price}", f"{head}{dash}{price}"))
        if validity:
            line += rng.choice(
                (f" за {validity}", f" на {validity}", f", срок действия {validity}")
            )
    elif ln == "kk":
        line = f"{head}{dash}{price}"
        if validity:
            line += rng.choice((f", мерзімі {validity}", f" ({validity} ішінде)"))
    else:
        line = rng.choice((f"{head} for {price}", f"{head}{dash}{price}"))
        if validity:
            line += rng.choice((f" for {validity}", f", valid {validity}"))
    return line


def _pack_block(ctx: Ctx, offers: list[Offer], heading_key: str, html: bool) -> list[str]:
    ln = ctx.ln()
    heading = ctx.rng.choice(v.HEADINGS[heading_key][ln])
    items = [pack_line(ctx, o, o.name) for o in offers]
    roll = rollover_line(ctx.rng, offers[0], ctx.lang)
    if not html:
        bullet = ctx.rng.choice(("", "• ", "- "))
        return [heading, *(bullet + i for i in items), *([roll] if roll else [])]
    body = [
        f"<h3>{_e(heading)}</h3>",
        "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>",
    ]
    if roll:
        body.append(f"<p>{_e(roll)}</p>")
    return body


def pack_list(ctx: Ctx, html: bool) -> list[str]:
    """One pack per line under a heading; a shared rollover rule after the list."""
    out = _pack_block(ctx, ctx.offers, "data_packs" if ctx.offers[0].kind == "data_pack" else "minute_packs", html)  # fmt: skip
    decoy = decoys.page_decoy(ctx.rng, ctx.ln(), ctx.all_numbers())
    out.append(f"<p>{_e(decoy)}</p>" if html else decoy)
    return out


def sections(ctx: Ctx, html: bool) -> list[str]:
    """`Пакеты минут:` … `Интернет-пакеты:` …: each heading's rollover rule is about its own packs."""
    groups = [
        ("minute_packs", [o for o in ctx.offers if o.kind == "minute_pack"]),
        ("data_packs", [o for o in ctx.offers if o.kind == "data_pack"]),
    ]
    ctx.rng.shuffle(groups)
    out: list[str] = []
    for key, offers in groups:
        if offers:
            out += _pack_block(ctx, offers, key, html)
    if ctx.rng.random() < 0.6:
        decoy = decoys.page_decoy(ctx.rng, ctx.ln(), ctx.all_numbers())
        out.append(f"<p>{_e(decoy)}</p>" if html else decoy)
    return out


def label_value(ctx: Ctx) -> list[str]:
    """Per offer a heading then `Label: value` lines, or label and value on lines of their own."""
    rng = ctx.rng
    style = rng.choice(("colon", "split", "dash"))
    out: list[str] = []
    for offer in ctx.offers:
        out.append(offer.name)
        for p in phrases(rng, offer, ctx.lang, ctx.operator):
            if style == "colon":
                out.append(f"{p.label}: {p.value}")
            elif style == "split":
                out += [p.label, p.value]
            else:
                out += ["-", p.label, p.value]
        roll = rollover_line(rng, offer, ctx.lang)
        if roll:
            out.append(roll)
        if rng.random() < 0.4:
            out.append(ctx.decoy(offer))
        out.append("")
    return out


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    word = {"ru": " и ", "kk": " және ", "en": " and "}[lang]
    return ", ".join(items[:-1]) + word + items[-1]


def _prose_allowances(rng: random.Random, offer: Offer, lang: str, operator: str) -> list[str]:
    """Allowances as parts of a sentence: `10 ГБ интернета`, `безлимитные звонки на номера X`."""
    net = v.network_name(operator, lang)
    out = []
    if offer.data_unlimited:
        out.append(
            {"ru": "безлимитный интернет", "kk": "шексіз интернет", "en": "unlimited data"}[lang]
        )
    elif offer.data_value is not None:
        amount = v.data_amount(rng, offer.data_value, offer.data_unit, lang)
        out.append(
            {"ru": f"{amount} интернета", "kk": f"{amount} интернет", "en": f"{amount} of data"}[
                lang
            ]
        )
    if offer.onnet == "unlimited":
        out.append({"ru": f"безлимитные звонки на номера {net}", "kk": f"{net} нөмірлеріне шексіз қоңыраулар", "en": f"unlimited calls to {net} numbers"}[lang])  # fmt: skip
    elif offer.onnet is not None:
        m = minutes_value(rng, offer.onnet, lang)
        out.append({"ru": f"{m} на номера {net}", "kk": f"{net} нөмірлеріне {m}", "en": f"{m} to {net} numbers"}[lang])  # fmt: skip
    if offer.offnet == "unlimited":
        out.append({"ru": "безлимитные звонки на другие сети", "kk": "басқа операторларға шексіз қоңыраулар", "en": "unlimited calls to other networks"}[lang])  # fmt: skip
    elif offer.offnet is not None:
        m = minutes_value(rng, offer.offnet, lang)
        out.append({"ru": f"{m} на другие сети", "kk": f"басқа операторларға {m}", "en": f"{m} to other networks"}[lang])  # fmt: skip
    if offer.sms == "unlimited":
        out.append({"ru": "безлимитные SMS", "kk": "шексіз SMS", "en": "unlimited SMS"}[lang])
    elif offer.sms is not None:
        out.append(sms_value(rng, offer.sms, lang))
    return out


def prose(ctx: Ctx) -> list[str]:
    """A paragraph per offer: name and fee in one sentence, the allowances in the next."""
    rng = ctx.rng
    out: list[str] = []
    for offer in ctx.offers:
        ln = v.pick_lang(rng, ctx.lang)
        ph = {p.key: p for p in phrases(rng, offer, ln, ctx.operator)}
        pack = offer.kind in ("data_pack", "minute_pack")
        first = {"ru": f"{'Пакет' if pack else 'Тариф'} «{offer.name}»", "kk": f"«{offer.name}» {'топтамасы' if pack else 'тарифі'}", "en": f"The {offer.name} {'pack' if pack else 'plan'}"}[ln]  # fmt: skip
        if "price" in ph:
            price = ph["price"].value.rstrip(".")
            first += {"ru": f" стоит {price}.", "kk": f": {price}.", "en": f" costs {price}."}[ln]  # fmt: skip
        else:
            first += "."
        allow = _prose_allowances(rng, offer, ln, ctx.operator)
        text = [first]
        if allow:
            intro = {"ru": "В пакет входят: ", "kk": "Топтамаға кіреді: ", "en": "It includes "}[ln]
            text.append(intro + _join(allow, ln) + ".")
        if "validity" in ph:
            text.append(ph["validity"].line + ".")
        roll = rollover_line(rng, offer, ln)
        if roll:
            text.append(roll)
        if rng.random() < 0.5:
            text.append(ctx.decoy(offer).rstrip(".") + ".")
        out.append(" ".join(text))
        out.append("")
    return out


def pipe_text(ctx: Ctx, style: str | None) -> list[str]:
    """A table flattened to text: pipes between cells, row-major or column-major, or (style
    "spaces", one-word names and units in the labels) a label followed by one value per plan."""
    keys, per_offer = _table_phrases(ctx)
    style = style or ctx.rng.choice(("rows", "columns"))
    out: list[str] = []
    if style == "rows":
        out.append(" | ".join([v.label(ctx.rng, "name", ctx.ln(), ctx.operator)] + [per_offer[0][k].label for k in keys]) + " |")  # fmt: skip
        for offer, d in zip(ctx.offers, per_offer, strict=True):
            out.append(" | ".join([offer.name] + [d[k].value for k in keys]) + " |")
    elif style == "columns":
        out.append(" | ".join([v.label(ctx.rng, "name", ctx.ln(), ctx.operator)] + [o.name for o in ctx.offers]) + " |")  # fmt: skip
        for key in keys:
            out.append(
                " | ".join([per_offer[0][key].label] + [d[key].value for d in per_offer]) + " |"
            )
    else:
        out.append(" ".join([v.label(ctx.rng, "name", ctx.ln(), ctx.operator)] + [o.name for o in ctx.offers]))  # fmt: skip
        for key in (k for k in keys if k != "validity"):
            lab = v.unit_label(ctx.rng, key, ctx.ln(), ctx.operator)
            out.append(" ".join([lab] + [_unit_cell(ctx, o, key) for o in ctx.offers]))
    return [*out, "", *_footnotes(ctx)]


def single(ctx: Ctx, html: bool) -> list[str]:
    """One plan's own page: its name as the title, facts as lines, terms, decoys."""
    offer = ctx.offers[0]
    rng = ctx.rng
    ph = phrases(rng, offer, ctx.lang, ctx.operator)
    lines = [p.line if p.key not in ("price", "validity") else f"{p.label}: {p.value}" for p in ph]
    roll = rollover_line(rng, offer, ctx.lang)
    notes = [roll] if roll else []
    notes += [ctx.decoy(offer) for _ in range(rng.randint(0, 2))]
    if not html:
        return [offer.name, *lines, "", *notes]
    return [
        f"<h1>{_e(offer.name)}</h1>",
        "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>",
        *(f"<p>{_e(n)}</p>" for n in notes),
    ]

# ruff: noqa: E501  (phrase tables in three languages read best one entry per line)
"""One offer's facts as the phrases a page prints: a value per fact, a label per fact, a line.

Shapes take what they need: tables and label/value blocks use `(label, value)`, cards and lists use
the natural `line`, prose joins lines into sentences. Only stated facts produce phrases.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tests.pagegen import vocab as v
from tests.pagegen.facts import Allowance, Offer, rollover_topic


@dataclass(frozen=True)
class Phrase:
    key: str  # price, data, onnet, offnet, sms, validity
    label: str
    value: str
    line: str


def price_value(rng: random.Random, offer: Offer, lang: str) -> str:
    assert offer.price_kzt is not None
    if offer.price_kzt == 0:
        return rng.choice(v.FREE[lang])
    if offer.price_from:
        assert offer.period_days is not None
        return v.lower_bound_fee(rng, offer.price_kzt, offer.period_days, lang)
    return v.fee(rng, offer.price_kzt, offer.period_days, offer.period_as_count, lang)


def data_value(rng: random.Random, offer: Offer, lang: str) -> str:
    if offer.data_unlimited:
        return rng.choice(v.UNLIMITED[lang])
    assert offer.data_value is not None
    return v.data_amount(rng, offer.data_value, offer.data_unit, lang)


def minutes_value(rng: random.Random, amount: Allowance, lang: str) -> str:
    if amount == "unlimited":
        return rng.choice(v.UNLIMITED[lang])
    assert isinstance(amount, int)
    return f"{v.fmt_int(rng, amount)} {rng.choice(v.MIN_UNITS[lang])}"


def sms_value(rng: random.Random, amount: Allowance, lang: str) -> str:
    if amount == "unlimited":
        return rng.choice(v.UNLIMITED[lang])
    assert isinstance(amount, int)
    return f"{v.fmt_int(rng, amount)} {rng.choice(v.SMS_UNITS[lang])}"


def _data_line(rng: random.Random, value: str, unlimited: bool, lang: str) -> str:
    if unlimited:
        return rng.choice(
            {"ru": ("Безлимитный интернет", f"Интернет: {value}"), "kk": ("Шексіз интернет", f"Интернет: {value}"), "en": ("Unlimited data", f"Data: {value}")}[lang]
        )  # fmt: skip
    return rng.choice(
        {"ru": (f"{value} интернет-трафика", f"Интернет: {value}", f"{value} интернета"), "kk": (f"{value} интернет", f"Интернет-трафик: {value}"), "en": (f"{value} of data", f"Data: {value}", f"{value} internet")}[lang]
    )  # fmt: skip


def _onnet_line(rng: random.Random, value: str, unlimited: bool, lang: str, net: str) -> str:
    if unlimited and rng.random() < 0.5:
        return {"ru": f"Безлимитные звонки на номера {net}", "kk": f"{net} нөмірлеріне шексіз қоңыраулар", "en": f"Unlimited calls to {net} numbers"}[lang]  # fmt: skip
    return rng.choice(
        {"ru": (f"{value} на номера {net}", f"Звонки внутри сети {net}: {value}"), "kk": (f"{net} нөмірлеріне {value}", f"{net} желісі ішінде: {value}"), "en": (f"{value} to {net} numbers", f"Calls to {net}: {value}")}[lang]
    )  # fmt: skip


def _offnet_line(rng: random.Random, value: str, lang: str) -> str:
    return rng.choice(
        {"ru": (f"{value} на другие мобильные номера по РК", f"Звонки на другие сети: {value}", f"{value} на номера других операторов"), "kk": (f"ҚР-дағы басқа мобильді нөмірлерге {value}", f"Басқа операторларға: {value}"), "en": (f"{value} to other KZ networks", f"Calls to other networks: {value}")}[lang]
    )  # fmt: skip


def _sms_line(rng: random.Random, value: str, unlimited: bool, lang: str) -> str:
    if unlimited:
        return {"ru": f"SMS: {value}", "kk": f"SMS: {value}", "en": f"SMS: {value}"}[lang]
    return rng.choice({"ru": (f"{value} на номера РК", value), "kk": (value,), "en": (value, f"{value} to any KZ number")}[lang])  # fmt: skip


def validity_value(rng: random.Random, offer: Offer, lang: str) -> str:
    assert offer.validity_hours is not None
    return v.hours_text(rng, offer.validity_hours, lang)


def phrases(rng: random.Random, offer: Offer, lang: str, operator: str) -> list[Phrase]:
    """The stated facts of `offer` in page order: price, data, on-net, off-net, SMS, validity."""
    out: list[Phrase] = []
    if offer.price_kzt is not None:
        ln = v.pick_lang(rng, lang)
        key = "price" if offer.kind in ("plan", "data_plan") else "pack_price"
        value = price_value(rng, offer, ln)
        out.append(Phrase("price", v.label(rng, key, ln, operator), value, value))
    if offer.data_value is not None or offer.data_unlimited:
        ln = v.pick_lang(rng, lang)
        value = data_value(rng, offer, ln)
        line = _data_line(rng, value, offer.data_unlimited, ln)
        out.append(Phrase("data", v.label(rng, "data", ln, operator), value, line))
    if offer.onnet is not None:
        ln = v.pick_lang(rng, lang)
        value = minutes_value(rng, offer.onnet, ln)
        net = v.network_name(operator, ln)
        line = _onnet_line(rng, value, offer.onnet == "unlimited", ln, net)
        out.append(Phrase("onnet", v.label(rng, "onnet", ln, operator), value, line))
    if offer.offnet is not None:
        ln = v.pick_lang(rng, lang)
        value = minutes_value(rng, offer.offnet, ln)
        out.append(Phrase("offnet", v.label(rng, "offnet", ln, operator), value, _offnet_line(rng, value, ln)))  # fmt: skip
    if offer.sms is not None:
        ln = v.pick_lang(rng, lang)
        value = sms_value(rng, offer.sms, ln)
        line = _sms_line(rng, value, offer.sms == "unlimited", ln)
        out.append(Phrase("sms", v.label(rng, "sms", ln, operator), value, line))
    if offer.validity_hours is not None:
        ln = v.pick_lang(rng, lang)
        value = validity_value(rng, offer, ln)
        lab = v.label(rng, "validity", ln, operator)
        out.append(Phrase("validity", lab, value, f"{lab}: {value}"))
    return out


def rollover_line(rng: random.Random, offer: Offer, lang: str) -> str | None:
    if offer.rollover is None:
        return None
    topic = rollover_topic(offer)
    assert topic is not None
    return v.rollover_sentence(rng, offer.rollover, topic, v.pick_lang(rng, lang))

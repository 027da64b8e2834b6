# ruff: noqa: E501  (phrase tables in three languages read best one entry per line)
"""Numbers a page states that are NOT facts of any offer: the extractor must not publish them.

Overage rates, USSD codes, speeds (top speed and the throttle after the cap), device prices,
top-up thresholds, hotspot limits and the fallback daily fee. Each decoy picks its number clear
of the offer's real numbers, so a published decoy is always visible as a wrong or invented value.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from tests.pagegen.vocab import fmt_int


def _pick(rng: random.Random, choices: tuple[int, ...], avoid: set[float]) -> int:
    free = [c for c in choices if float(c) not in avoid]
    return rng.choice(free or list(choices))


def overage(rng: random.Random, lang: str, avoid: set[float]) -> str:
    n = _pick(rng, (3, 4, 5, 8, 9, 11, 14), avoid)
    return rng.choice(
        {
            "ru": (f"Сверх пакета: {n} тг за 1 МБ", f"После исчерпания пакета — {n} тг/мин", "Интернет сверх пакета — 20,16 тг/мб", f"Звонки сверх пакета {n} ₸/мин"),
            "kk": (f"Топтамадан тыс: {n} теңге/ Mb", f"Топтама біткен соң {n} тг/мин"),
            "en": (f"Out of bundle: {n} ₸/min", "Data, per MB 0,5 tenge", f"Beyond the pack: {n} tg per 1 MB"),
        }[lang]
    )  # fmt: skip


def ussd(rng: random.Random, lang: str, avoid: set[float]) -> str:
    code = rng.choice(("*111*1#", "*707*3#", "*100*2#", "*888*4*1*2#", "*515#"))
    return {
        "ru": f"Подключить: {code}",
        "kk": f"Қосу үшін {code} теріңіз",
        "en": f"Dial {code} to activate",
    }[lang]


def speed(rng: random.Random, lang: str, avoid: set[float]) -> str:
    top = rng.choice((20, 50, 100, 150))
    cap = rng.choice((64, 128, 256))
    return rng.choice(
        {
            "ru": (f"Скорость до {top} Мбит/с", f"После исчерпания трафика скорость снижается до {cap} кбит/с"),
            "kk": (f"Жылдамдығы {top} Мбит/с дейін", f"Трафик біткен соң жылдамдық {cap} кбит/с дейін төмендейді"),
            "en": (f"Speeds up to {top} Mbps", f"After the quota the speed drops to {cap} kbit/s"),
        }[lang]
    )  # fmt: skip


def device(rng: random.Random, lang: str, avoid: set[float]) -> str:
    price = fmt_int(rng, _pick(rng, (13990, 14990, 19990, 24990), avoid))
    return rng.choice(
        {
            "ru": (f"Роутер — {price} ₸", f"Модем 4G: {price} тенге"),
            "kk": (f"Роутер құны — {price} ₸",),
            "en": (f"Router cost {price} tenge", f"4G modem: {price} ₸"),
        }[lang]
    )  # fmt: skip


def top_up(rng: random.Random, lang: str, avoid: set[float]) -> str:
    n = fmt_int(rng, _pick(rng, (1000, 2000, 3000, 5000), avoid))
    return {
        "ru": f"Чтобы подключить, пополните баланс на {n} тенге.",
        "kk": f"Қосу үшін балансты {n} теңгеге толтырыңыз.",
        "en": f"Top up {n} tenge to activate.",
    }[lang]


def hotspot(rng: random.Random, lang: str, avoid: set[float]) -> str:
    n = _pick(rng, (5, 10, 20), avoid)
    return {
        "ru": f"Раздача интернета: до {n} ГБ",
        "kk": f"Интернетті тарату: {n} ГБ дейін",
        "en": f"Tethering: up to {n} GB",
    }[lang]


def fallback_fee(rng: random.Random, lang: str, avoid: set[float]) -> str:
    n = _pick(rng, (190, 290, 390), avoid)
    return {
        "ru": f"Если абонентская плата не списана, действует ежедневный пакет за {n} тг в сутки.",
        "kk": f"Ай сайынғы төлем ұсталмаса, тәулігіне {n} тг ұсталады.",
        "en": f"If the monthly fee cannot be charged, a daily fee of {n} ₸ per day applies.",
    }[lang]


# Decoys that may sit inside an offer (card, row note, block) and those about the page.
OFFER_DECOYS: tuple[Callable[[random.Random, str, set[float]], str], ...] = (
    overage, ussd, speed, hotspot, top_up,
)  # fmt: skip
PAGE_DECOYS: tuple[Callable[[random.Random, str, set[float]], str], ...] = (
    overage, ussd, speed, device, top_up, fallback_fee,
)  # fmt: skip


def nav_line(rng: random.Random, lang: str) -> str:
    """The site menu's `Тарифы от 5000 тг`: a page-wide lower bound, no offer's price."""
    n = fmt_int(rng, rng.choice((1990, 5000)))
    return {"ru": f"Тарифы от {n} тг", "kk": f"Тарифтер {n} тг бастап", "en": f"Plans from {n} tg"}[
        lang
    ]


def offer_decoy(rng: random.Random, lang: str, avoid: set[float]) -> str:
    return rng.choice(OFFER_DECOYS)(rng, lang, avoid)


def page_decoy(rng: random.Random, lang: str, avoid: set[float]) -> str:
    return rng.choice(PAGE_DECOYS)(rng, lang, avoid)

# ruff: noqa: E501  (phrase tables in three languages read best one entry per line)
"""The facts of one offer, drawn at random, and the corpus-format label they give.

An `Offer` holds what the page will state and nothing else: a fact left as None is not rendered
anywhere, so its label is null. Rendering hints that change the truth (a lower-bound `от` price, a
period written as a day count) live here too, so `label()` is the one place that maps facts to the
ground truth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["plan", "data_plan", "data_pack", "minute_pack"]
Allowance = int | Literal["unlimited"] | None

GB_SIZES = (1, 1.5, 2, 3, 5, 7, 10, 12, 15, 20, 25, 30, 40, 50, 100)
MB_SIZES = (100, 150, 175, 300, 500, 700)
PLAN_PRICES = (990, 1490, 1690, 1990, 2490, 2990, 3490, 3990, 4500, 4990, 5990, 6990, 8990, 12990)
DAY_PRICES = (29, 39, 49, 70, 90, 120, 150)
WEEK_PRICES = (490, 690, 840, 990, 1290)
PACK_PRICES = (190, 290, 390, 490, 650, 990, 1290, 1990, 2490, 2990)
MINUTES = (30, 50, 60, 100, 120, 150, 200, 300, 450, 500, 1000, 1500, 2000)
SMS_COUNTS = (25, 50, 100, 200, 300, 500, 1000)
VALIDITY_HOURS = (1, 3, 24, 72, 168, 720, 30 * 24, 7 * 24, 24)

PLAN_NAMES = {
    "ru": ("Всё просто", "Мой город", "Супер Смарт", "Бизнес Плюс", "Оптимальный", "Комфорт", "Стартовый", "Семейный", "Общайся", "Премьер", "Легкий", "Свобода"),
    "kk": ("Бәрі бар", "Тиімді", "Қалалық", "Жастар", "Отбасы", "Ыңғайлы", "Сөйлес", "Еркін"),
    "en": ("Smart", "Comfort", "Start", "Max", "Family", "Business Pro", "Easy", "Go", "Premier", "Talk", "Bonus", "Flex"),
}  # fmt: skip
DATA_PLAN_WORDS = {"ru": ("Модем", "Роутер", "Планшет"), "kk": ("Модем", "Роутер"), "en": ("Modem", "Router", "Tablet")}  # fmt: skip
SUFFIXES = ("", "", "", "+", " Plus", " Pro", " Max", " Lite", " 2.0", " 5.0")


@dataclass
class Offer:
    name: str
    kind: Kind
    price_kzt: int | None = None
    price_from: bool = False  # rendered "от 2990 тг/мес": a lower bound, so the price is not exact
    period_days: int | None = None  # 1, 7, 30; None for a one-off pack
    period_as_count: bool = False  # rendered "каждые 30 дней": the allowance lasts the period
    data_value: float | None = None
    data_unit: Literal["GB", "MB"] = "GB"
    data_unlimited: bool = False
    onnet: Allowance = None
    offnet: Allowance = None
    sms: Allowance = None
    validity_hours: int | None = None
    rollover: Literal["yes", "no"] | None = None
    name_numbers: tuple[int, ...] = field(default_factory=tuple)  # numbers inside the name (decoys)

    @property
    def has_voice(self) -> bool:
        return self.onnet is not None or self.offnet is not None

    @property
    def data_gb(self) -> float | None:
        if self.data_value is None:
            return None
        return self.data_value if self.data_unit == "GB" else self.data_value / 1024

    def label(self) -> dict[str, Any]:
        """The corpus `expected` record: what the page states, null where it states nothing."""
        if self.validity_hours is not None:
            days = self.validity_hours / 24
            validity: float | int | None = int(days) if days == int(days) else days
        elif self.period_as_count:
            validity = self.period_days
        else:
            validity = None
        if self.data_value is not None:
            unlimited: bool | None = False
        else:
            unlimited = True if self.data_unlimited else None
        return {
            "plan_name": self.name,
            "price_kzt": None if self.price_from else self.price_kzt,
            "price_period_days": self.period_days,
            "data_gb": self.data_gb,
            "data_unlimited": unlimited,
            "voice_onnet_min": self.onnet,
            "voice_offnet_min": self.offnet,
            "sms_count": self.sms,
            "validity_days": validity,
            "rollover": self.rollover,
            "data_only": self.kind in ("data_plan", "data_pack"),
        }

    def numbers(self) -> set[float]:
        """Every number the offer's facts state (decoy numbers must stay clear of these)."""
        values = {self.price_kzt, self.data_value, self.validity_hours, self.period_days}
        values |= {v for v in (self.onnet, self.offnet, self.sms) if isinstance(v, int)}
        if self.validity_hours:
            values.add(self.validity_hours // 24)
        return {float(v) for v in values if v is not None}


def _allowance(
    rng: random.Random, p_none: float, p_unlim: float, sizes: tuple[int, ...]
) -> Allowance:
    r = rng.random()
    if r < p_none:
        return None
    if r < p_none + p_unlim:
        return "unlimited"
    return rng.choice(sizes)


def _data(rng: random.Random, offer: Offer, p_none: float, p_unlim: float) -> None:
    r = rng.random()
    if r < p_none:
        return
    if r < p_none + p_unlim:
        offer.data_unlimited = True
    elif rng.random() < 0.2:
        offer.data_value, offer.data_unit = rng.choice(MB_SIZES), "MB"
    else:
        offer.data_value, offer.data_unit = rng.choice(GB_SIZES), "GB"


def plan_name(
    rng: random.Random, lang: str, kind: Kind, taken: set[str]
) -> tuple[str, tuple[int, ...]]:
    """A plan name a reader would quote; sometimes with a number in it (`Bonus 300`, `Бәрі бар 840`)."""
    base_lang = lang if lang in PLAN_NAMES else "ru"
    for _ in range(50):
        words = rng.choice(PLAN_NAMES[base_lang])
        if kind == "data_plan":
            words = f"{rng.choice(DATA_PLAN_WORDS[base_lang])} {words}"
        numbers: tuple[int, ...] = ()
        if rng.random() < 0.2:
            n = rng.choice((300, 500, 840, 1880, 2000, 15))
            numbers = (n,)
            name = f"{words} {n}"
        else:
            name = f"{words}{rng.choice(SUFFIXES)}"
        if name not in taken:
            taken.add(name)
            return name, numbers
    raise RuntimeError("ran out of distinct plan names")


def draw_offer(rng: random.Random, kind: Kind, lang: str, taken: set[str]) -> Offer:
    """Random facts for one offer of `kind`; the name is set later for packs (their own words)."""
    offer = Offer(name="", kind=kind)
    if kind in ("plan", "data_plan"):
        offer.name, offer.name_numbers = plan_name(rng, lang, kind, taken)
        offer.period_days = rng.choice((30, 30, 30, 30, 7, 1))
        prices = {30: PLAN_PRICES, 7: WEEK_PRICES, 1: DAY_PRICES}[offer.period_days]
        offer.price_kzt = rng.choice(prices)
        r = rng.random()
        if r < 0.07:
            offer.price_kzt = None  # the page gives no fee
            offer.period_days = None
        elif r < 0.14 and offer.period_days == 30:
            offer.price_from = True
        elif r < 0.24 and offer.period_days == 30:
            offer.period_as_count = True
        if kind == "plan":
            _data(rng, offer, p_none=0.1, p_unlim=0.12)
            offer.onnet = _allowance(rng, 0.1, 0.6, MINUTES)
            offer.offnet = _allowance(rng, 0.15, 0.05, MINUTES)
            if not offer.has_voice:
                offer.offnet = rng.choice(MINUTES)
            offer.sms = _allowance(rng, 0.45, 0.1, SMS_COUNTS)
        else:
            _data(rng, offer, p_none=0.0, p_unlim=0.2)
    elif kind == "data_pack":
        offer.price_kzt = 0 if rng.random() < 0.04 else rng.choice(PACK_PRICES)
        _data(rng, offer, p_none=0.0, p_unlim=0.1)
        if rng.random() < 0.5 or offer.data_unlimited:
            offer.validity_hours = rng.choice(VALIDITY_HOURS)
    else:  # minute_pack
        offer.price_kzt = rng.choice(PACK_PRICES)
        offer.offnet = rng.choice(MINUTES)
        if rng.random() < 0.5:
            offer.validity_hours = rng.choice(VALIDITY_HOURS[2:])
    if rollover_topic(offer) is not None:
        r = rng.random()
        offer.rollover = "yes" if r < 0.25 else ("no" if r < 0.5 else None)
    return offer


def rollover_topic(offer: Offer) -> Literal["data", "voice"] | None:
    """What a carry-over sentence for this offer talks about: a data quota, else a minute quota."""
    if offer.data_value is not None:
        return "data"
    if isinstance(offer.offnet, int) or isinstance(offer.onnet, int):
        return "voice"
    return None

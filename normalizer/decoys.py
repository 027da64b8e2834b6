"""Numbers that look like facts and are not: the traps real tariff pages are full of.

Each predicate takes the words around a value and says why the value must not be read as the
plan's price or allowance: a fallback daily fee charged only when the monthly one fails, an
optional add-on's fee, a first-12-months promo, an overage section, a switch/reconnection fee,
a device price, a call-length cap, a time of day, a rate's "1 MB", a truncated trailing line.
"""

from __future__ import annotations

import re

from normalizer import patterns

_I = re.IGNORECASE

# The fee is charged only when the main fee could not be debited.
FALLBACK = patterns.compile(
    r"не\s+списан\w*|не\s+удалось\s+списать|списать\s+не\s+удалось|несписани\w*|не\s+списываетс\w*"
    r"|не\s+хватает|недостаточн\w*|алынбаған|алынбай|алынбаса|ұсталмаған|ұсталмаса|жетпесе"
    r"|жетпегенде|жетпей"
    r"|not\s+paid|unpaid|is\s+not\s+debited|not\s+debited|insufficient|too\s+low"
    r"|(?:cannot|can't|could\s+not|couldn't)\s+be\s+(?:taken|charged|debited|collected)",
    _I,
)
# An optional service bought on top ("с услугой #МожноВсё7 всего за 150 тг", "қызметін қосып").
ADDON = patterns.compile(
    r"с\s+услугой|#[\w\d]+|қызмет\w*\s+қос\w*|қосып\s+алыңыз|подключите\s+услуг\w*|add-?on"
    r"|всего\s+за|теңгеден|тенгеден|optional",
    _I,
)
# Temporary prices and extras for the first N months.
PROMO = patterns.compile(
    r"алғашқы\s+\d+\s+ай|первы[ехй]\s+\d+\s+мес\w*|first\s+\d+\s+months?|\+\s*бонус|бонус\s+4g"
    r"|bonus\s+4g|акци\w*\s+до|promo\w*",
    _I,
)
# Prices for usage beyond the bundle.
OVERAGE = patterns.compile(
    r"сверх\w*|асқанда|асқан\s+кезде|exceed\w*|beyond|вне\s+пакета|после\s+того,?\s+как\s+пакет"
    r"|закончи\w*|израсходован\w*|runs?\s+out|used\s+up|не\s+входят|outside\s+the\s+bundle"
    r"|вне\s+условий",
    _I,
)
# One-time fees for switching or reconnecting, and device prices.
SWITCH = patterns.compile(
    r"подключени\w*\s*-|следующее\s+подключение|переподключ\w*|переход\w*\s+на|смен\w*\s+тариф"
    r"|reconnect\w*|switch\w*\s+to|қайта\s+қосыл\w*|ауысу",
    _I,
)
DEVICE = patterns.compile(
    r"роутер\w*|router|модем\w*|modem|смартфон\w*|телефон\w*\s+стоит|device\s+price", _I
)
# "A single call can last no longer than 30 minutes", "не более 60 мин".
DURATION_CAP = patterns.compile(
    r"не\s+более|no\s+longer\s+than|длительност\w*|can\s+last|ұзақтығы|максимальн\w*\s+длит", _I
)
# Sharing the connection: a hotspot cap is not the plan's data quota.
HOTSPOT = patterns.compile(
    r"раздач\w*|tethering|hotspot|точк\w*\s+доступа|режим\w*\s+модема|таратып|тарату\w*|бөлісу", _I
)
# A balance top-up that unlocks an offer: a threshold, not a fee.
TOPUP = patterns.compile(r"пополн\w*|top\s*-?\s*up|recharge|толтыр\w*|баланс\w*\s+на\s*$", _I)
TOPUP_AFTER = patterns.compile(r"\s*(?:ге|ға|ке|қа)?\s*толтыр\w*", _I)
# What a speed after the quota is worded with; without it "до 100 Мбит/с" is a top speed.
THROTTLE_CONTEXT = patterns.compile(
    r"после|after|сниж\w*|reduc\w*|limit\w*|огранич\w*|израсход\w*|used\s+up|exhaust\w*"
    r"|once|затем|далее|төменде\w*|шектел\w*|таусыл\w*|slow\w*",
    _I,
)
TIME_OF_DAY = patterns.compile(r"\d+\s*(?:час\w*|сағат\w*|hours?)\s*$", _I)


def is_fallback(context: str) -> bool:
    return bool(FALLBACK.search(context))


def is_addon(context: str) -> bool:
    return bool(ADDON.search(context))


def is_promo(context: str) -> bool:
    return bool(PROMO.search(context))


def is_overage(context: str) -> bool:
    return bool(OVERAGE.search(context))


def is_switch_fee(context: str) -> bool:
    return bool(SWITCH.search(context))


def is_device_price(context: str) -> bool:
    """A router's or phone's price: a device word and no billing period worded ("Модем 3 990 тг
    в месяц" is a modem plan's fee; so is 'Monthly fee' / '990 tenge per week', whatever the
    period)."""
    from normalizer.periods import find_periods

    return bool(DEVICE.search(context)) and not find_periods(context)


def is_duration_cap(context: str) -> bool:
    return bool(DURATION_CAP.search(context))


def is_hotspot(context: str) -> bool:
    return bool(HOTSPOT.search(context))


def is_topup(context: str, after: str = "") -> bool:
    """A balance top-up: worded before the amount ('пополните баланс на', 'top up'), or, in
    Kazakh, by the verb after it ('балансты 5000 теңгеге толтырыңыз')."""
    return bool(TOPUP.search(context) or TOPUP_AFTER.match(after))


def is_topup_amount(text: str, start: int, end: int) -> bool:
    """`is_topup` for the amount at text[start:end], read in its line."""
    return is_topup(text[max(0, start - 40) : start], text[end:])


def is_top_speed(kbps: int, sentence: str) -> bool:
    """'до 100 Мбит/с' with no word of a quota running out: the network's speed, not a cap."""
    return kbps >= 1000 and not THROTTLE_CONTEXT.search(sentence)


def is_time_of_day(left: str) -> bool:
    """'в 23 часа 59 минут': the minutes are a clock time, not an allowance."""
    return bool(TIME_OF_DAY.search(left))


_CUT_WORD = re.compile(r"-\w{1,2}\s*$")


def is_truncated(line: str, *, last: bool) -> bool:
    """A page's final line cut mid-word ('500 MB интернет-т') is not a reliable fact."""
    return last and bool(_CUT_WORD.search(line))

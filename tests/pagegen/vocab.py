# ruff: noqa: E501  (phrase tables in three languages read best one entry per line)
"""Spellings the operators use, per language: numbers, units, currencies, periods, labels, phrases.

Written from the labelled corpus and its phrases file (../shared/corpus), not from the extractor.
Every function takes the page's `random.Random` and a language (ru, kk, en) and returns one real
spelling; "mixed" pages pick a language per phrase (`pick_lang`), as the operators' pages do.
"""

from __future__ import annotations

import random

LANGS = ("ru", "kk", "en")
NBSP = "\u00a0"


def pick_lang(rng: random.Random, lang: str) -> str:
    """The language of one phrase: the page's, or for a mixed page mostly Russian with kk/en."""
    if lang == "mixed":
        return rng.choice(("ru", "ru", "kk", "en"))
    return lang


def fmt_int(rng: random.Random, n: int) -> str:
    """`1690`, `1 690` or `1<NBSP>690` (HTML renderers turn some NBSPs into `&nbsp;`)."""
    if n < 1000:
        return str(n)
    sep = rng.choice(("", " ", NBSP))
    head, tail = divmod(n, 1000)
    return f"{head}{sep}{tail:03d}"


def fmt_decimal(rng: random.Random, value: float, lang: str) -> str:
    """`1,5` (ru/kk always, en sometimes) or `1.5`; whole numbers stay whole."""
    if value == int(value):
        return fmt_int(rng, int(value))
    text = f"{value:g}"
    if lang in ("ru", "kk") or rng.random() < 0.3:
        text = text.replace(".", ",")
    return text


GB_UNITS = {"ru": ("ГБ", "Гб", "GB"), "kk": ("ГБ", "Гб", "GB"), "en": ("GB", "Gb", "ГБ")}
MB_UNITS = {"ru": ("МБ", "Мб", "MB"), "kk": ("МБ", "Мб", "MB"), "en": ("MB", "Mb", "МБ")}
MIN_UNITS = {
    "ru": ("мин", "мин.", "минут"),
    "kk": ("мин", "минут"),
    "en": ("min", "minutes", "mins"),
}
SMS_UNITS = {"ru": ("SMS", "СМС", "sms"), "kk": ("SMS", "СМС"), "en": ("SMS", "texts")}
CURRENCY = {
    "ru": ("₸", "тг", "тг.", "тенге"),
    "kk": ("₸", "тг", "теңге"),
    "en": ("₸", "tg", "KZT", "tenge"),
}


def data_amount(rng: random.Random, value: float, unit: str, lang: str) -> str:
    """`10 ГБ`, `1,5 GB`, `500МБ` (glued now and then)."""
    units = GB_UNITS if unit == "GB" else MB_UNITS
    glue = "" if rng.random() < 0.2 else " "
    return f"{fmt_decimal(rng, value, lang)}{glue}{rng.choice(units[lang])}"


def money(rng: random.Random, amount: int, lang: str) -> str:
    """`2 990 ₸`, `2990 тг`, `2990 теңге`, `2990 KZT`."""
    return f"{fmt_int(rng, amount)} {rng.choice(CURRENCY[lang])}"


# How often a recurring fee is charged, written after the amount ("2990 ₸/мес", "990 тг в сутки").
PERIOD_SUFFIX = {
    "ru": {30: ("в месяц", "/мес", "/мес.", "в мес."), 7: ("в неделю", "/нед"), 1: ("в сутки", "/сутки", "в день")},
    "kk": {30: ("/ай", "айына"), 7: ("/апта", "аптасына"), 1: ("/тәулігіне", "тәулігіне", "күніне")},
    "en": {30: ("per month", "/month", "a month"), 7: ("per week", "/week"), 1: ("per day", "/day", "a day")},
}  # fmt: skip
# The same, as a day count: the count is also how long the allowance lasts (validity).
PERIOD_COUNT = {
    "ru": ("/ 30 дней", "каждые 30 дней"),
    "kk": ("/ 30 күн", "30 күн сайын"),
    "en": ("per 30 days", "every 30 days"),
}
PERIOD_PREFIX_KK = {30: ("Ай сайын", "Айына"), 7: ("Аптасына",), 1: ("Тәулігіне",)}


def fee(rng: random.Random, amount: int, period: int | None, as_count: bool, lang: str) -> str:
    """A fee with its period, e.g. `2 990 ₸/мес`, `айына 2990 теңге`, `1190 теңге 30 күнге`."""
    text = money(rng, amount, lang)
    if period is None:
        return text
    if as_count:
        return f"{text} {rng.choice(PERIOD_COUNT[lang])}"
    if lang == "kk" and rng.random() < 0.4:
        return f"{rng.choice(PERIOD_PREFIX_KK[period])} {text}"
    suffix = rng.choice(PERIOD_SUFFIX[lang][period])
    return f"{text}{suffix}" if suffix.startswith("/") else f"{text} {suffix}"


def lower_bound_fee(rng: random.Random, amount: int, period: int, lang: str) -> str:
    """`от 2990 тг/мес`: a lower bound, not an exact price."""
    word = {"ru": "от", "kk": "бастап", "en": "from"}[lang]
    text = fee(rng, amount, period, False, lang)
    return f"{text} {word}" if lang == "kk" else f"{word} {text}"


FREE = {
    "ru": ("Бесплатно", "0 ₸", "0 тг"),
    "kk": ("Тегін", "0 ₸", "тегін"),
    "en": ("Free", "free", "0 ₸"),
}

UNLIMITED = {
    "ru": ("Безлимит", "Безлимитно", "БЕЗЛИМИТ", "Неограниченно"),
    "kk": ("Шексіз", "шектеусіз", "Безлимит"),
    "en": ("Unlimited", "unlimited", "No limit"),
}

# What each operator calls its own network (on-net): corpus and phrases wording.
NETWORK = {
    "beeline": "Beeline",
    "kcell": "Kcell/activ",
    "activ": "activ и Kcell",
    "izi": "izi, Kcell и activ",
    "tele2": "Tele2 и Altel",
    "altel": "Altel и Tele2",
}


def network_name(operator: str, lang: str) -> str:
    name = NETWORK[operator]
    return name.replace(" и ", " and " if lang == "en" else (" және " if lang == "kk" else " и "))


# Row labels of label/value blocks and tables.
LABELS = {
    "price": {"ru": ("Абонентская плата", "Стоимость", "Абонплата"), "kk": ("Абоненттік төлем", "Құны"), "en": ("Monthly fee", "Price", "Subscription fee")},
    "pack_price": {"ru": ("Стоимость", "Цена"), "kk": ("Құны", "Бағасы"), "en": ("Price", "Cost")},
    "data": {"ru": ("Интернет", "Интернет-трафик", "Мобильный интернет"), "kk": ("Интернет", "Интернет-трафик"), "en": ("Data", "Internet", "Mobile data")},
    "onnet": {"ru": ("Звонки на номера {net}", "Звонки внутри сети {net}"), "kk": ("{net} нөмірлеріне қоңыраулар", "{net} желісі ішінде қоңыраулар"), "en": ("Calls to {net} numbers", "On-net calls ({net})")},
    "offnet": {"ru": ("Звонки на другие сети", "Звонки на другие мобильные номера по РК", "На номера других операторов РК"), "kk": ("ҚР-дағы басқа мобильді нөмірлерге", "Басқа операторларға қоңыраулар"), "en": ("Calls to other KZ mobile networks", "Off-net calls")},
    "sms": {"ru": ("SMS", "СМС на любые номера РК"), "kk": ("SMS", "SMS хабарламалар"), "en": ("SMS", "Texts")},
    "validity": {"ru": ("Срок действия", "Действует"), "kk": ("Жарамдылық мерзімі", "Мерзімі"), "en": ("Validity", "Valid for")},
    "name": {"ru": ("Тариф", "Название"), "kk": ("Тариф", "Атауы"), "en": ("Plan", "Name")},
}  # fmt: skip

# Row labels that carry the unit (and the period) themselves: the cells then hold bare numbers.
UNIT_LABELS = {
    "price": {"ru": ("Абонентская плата, тг/мес", "Абонплата в месяц, ₸"), "kk": ("Айына төлем, теңге", "Ай сайынғы төлем, ₸"), "en": ("Monthly fee, tg", "Monthly fee, KZT")},
    "data": {"ru": ("Интернет, ГБ", "Трафик, ГБ"), "kk": ("Интернет, ГБ",), "en": ("Data, GB", "Internet, GB")},
    "onnet": {"ru": ("Звонки внутри сети {net}, мин",), "kk": ("{net} нөмірлеріне, мин",), "en": ("Calls to {net}, min",)},
    "offnet": {"ru": ("Звонки на другие сети, мин",), "kk": ("Басқа операторларға, мин",), "en": ("Calls to other networks, min",)},
    "sms": {"ru": ("SMS, шт",), "kk": ("SMS, дана",), "en": ("SMS, pcs",)},
}  # fmt: skip


def label(rng: random.Random, key: str, lang: str, operator: str) -> str:
    return rng.choice(LABELS[key][lang]).format(net=network_name(operator, lang))


def unit_label(rng: random.Random, key: str, lang: str, operator: str) -> str:
    return rng.choice(UNIT_LABELS[key][lang]).format(net=network_name(operator, lang))


def hours_text(rng: random.Random, hours: int, lang: str) -> str:
    """`30 дней`, `720 часов`, `24 часа`, `7 күн`, `1 hour`, `30 days`."""
    days, rest = divmod(hours, 24)
    if rest == 0 and (hours > 24 or rng.random() < 0.5) and rng.random() < 0.8:
        word = {"ru": "дней" if days % 10 not in (1, 2, 3, 4) or 10 < days < 15 else ("день" if days % 10 == 1 else "дня"), "kk": "күн", "en": "day" if days == 1 else "days"}[lang]  # fmt: skip
        return f"{days} {word}"
    if lang == "ru":
        last = hours % 10
        word = (
            "час"
            if last == 1 and hours != 11
            else ("часа" if last in (2, 3, 4) and not 10 < hours < 15 else "часов")
        )
        return f"{hours} {word}"
    if lang == "kk":
        return f"{hours} сағат"
    return f"{hours} hour" if hours == 1 else f"{hours} hours"


ROLLOVER_YES = {
    "data": {
        "ru": ("Неиспользованный трафик переносится на следующий месяц.", "Остаток интернет-трафика переносится на следующий период.", "Остаток сохраняется, если пакет продлён вовремя.", "Неизрасходованные гигабайты переходят на следующий месяц."),
        "kk": ("Пайдаланылмаған трафик келесі айға ауыстырылады.", "Интернет-трафик қалдығы келесі кезеңге көшеді.", "Топтама уақытында ұзартылса, қалдық сақталады."),
        "en": ("Unused data carries over to the next billing period.", "Unused gigabytes roll over to the next month.", "The remaining data is kept when the pack is renewed on time."),
    },
    "voice": {
        "ru": ("Неиспользованные минуты переносятся на следующий месяц.", "Остаток минут сохраняется при продлении пакета."),
        "kk": ("Пайдаланылмаған минуттар келесі айға ауыстырылады.",),
        "en": ("Unused minutes carry over to the next month.",),
    },
}  # fmt: skip
ROLLOVER_NO = {
    "data": {
        "ru": ("Неиспользованный трафик сгорает в конце периода.", "Остаток трафика аннулируется по окончании срока действия.", "Неизрасходованный интернет-трафик на следующий месяц не переносится."),
        "kk": ("Пайдаланылмаған трафик келесі айға ауыстырылмайды.", "Мерзімі біткенде трафик қалдығы күйіп кетеді."),
        "en": ("Unused data does not carry over to the next period.", "Any remaining data expires at the end of the period."),
    },
    "voice": {
        "ru": ("Неиспользованные минуты сгорают в конце месяца.", "Остаток минут на следующий период не переносится."),
        "kk": ("Пайдаланылмаған минуттар келесі айға ауыстырылмайды.", "Минут қалдығы күйіп кетеді."),
        "en": ("Unused minutes expire at the end of the month.", "Minutes do not carry over."),
    },
}  # fmt: skip


def rollover_sentence(rng: random.Random, value: str, topic: str, lang: str) -> str:
    table = ROLLOVER_YES if value == "yes" else ROLLOVER_NO
    return rng.choice(table[topic][lang])


HEADINGS = {
    "data_packs": {"ru": ("Интернет-пакеты:", "Дополнительные интернет-пакеты"), "kk": ("Интернет-топтамалар:", "Қосымша интернет-топтамалар"), "en": ("Data packs:", "Add-on data packs")},
    "minute_packs": {"ru": ("Пакеты минут на другие сети:", "Пакеты минут для звонков на номера других операторов РК"), "kk": ("Басқа операторларға минут топтамалары:",), "en": ("Minute packs for calls to other networks:", "Off-net minute packs")},
    "plans": {"ru": ("Тарифы", "Тарифные планы"), "kk": ("Тарифтер", "Тарифтік жоспарлар"), "en": ("Plans", "Tariffs")},
}  # fmt: skip

CONNECT = {"ru": ("Подключить", "Перейти"), "kk": ("Қосу", "Таңдау"), "en": ("Connect", "Choose")}
NOT_INCLUDED = "—"

"""Sentence templates in English, Russian and Chinese, filled from facts (never machine-translated).

Russian templates put counts after a label ("да: 3") so no noun has to agree with a number.
"""

from __future__ import annotations

LANGS = ("en", "ru", "zh")

OPERATOR_NAMES = {
    "activ": "activ",
    "altel": "Altel",
    "beeline": "Beeline",
    "izi": "izi",
    "kcell": "Kcell",
    "tele2": "Tele2",
}

TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "rollover": "{op}: unused data rolls over on {yes} of {total} plans and packs, does not on "
        "{no}, and is not stated for {unknown}.",
        "rollover_yes": "{op}: rolls over on {names}.",
        "data_only": "{op}: data-only SIM plans (no calls): {plans}; data-only packs: {packs}.",
        "none": "none stated",
        "cheapest_gb": "{op}: the cheapest current plan with at least {gb} GB per 30 days is "
        "{name}, {price} ₸ per 30 days.",
        "cheapest_unlimited": "{op}: the cheapest current plan with unlimited data is {name}, "
        "{price} ₸ per 30 days.",
        "no_gb": "{op}: no current plan states a price and at least {gb} GB per 30 days.",
        "no_unlimited": "{op}: no current plan states a price and unlimited data.",
    },
    "ru": {
        "rollover": "{op}: перенос неиспользованного трафика — да: {yes}, нет: {no}, "
        "не указано: {unknown} (всего тарифов и пакетов: {total}).",
        "rollover_yes": "{op}: трафик переносится — {names}.",
        "data_only": "{op}: тарифы только для интернета (без звонков): {plans}; "
        "интернет-пакеты: {packs}.",
        "none": "не указаны",
        "cheapest_gb": "{op}: самый дешёвый действующий тариф с трафиком от {gb} ГБ за 30 дней — "
        "{name}, {price} ₸ за 30 дней.",
        "cheapest_unlimited": "{op}: самый дешёвый действующий тариф с безлимитным интернетом — "
        "{name}, {price} ₸ за 30 дней.",
        "no_gb": "{op}: нет действующего тарифа с указанной ценой и трафиком от {gb} ГБ "
        "за 30 дней.",
        "no_unlimited": "{op}: нет действующего тарифа с указанной ценой и безлимитным интернетом.",
    },
    "zh": {
        "rollover": "{op}：共 {total} 个套餐和流量包，未用完流量可结转的 {yes} 个，"
        "不可结转的 {no} 个，未说明的 {unknown} 个。",
        "rollover_yes": "{op}：可结转的有 {names}。",
        "data_only": "{op}：纯流量套餐（不含通话）：{plans}；纯流量包：{packs}。",
        "none": "未列出",
        "cheapest_gb": "{op}：每 30 天至少 {gb} GB 流量的最便宜现行套餐是 {name}，"
        "每 30 天 {price} ₸。",
        "cheapest_unlimited": "{op}：无限流量的最便宜现行套餐是 {name}，每 30 天 {price} ₸。",
        "no_gb": "{op}：没有标明价格且每 30 天至少 {gb} GB 流量的现行套餐。",
        "no_unlimited": "{op}：没有标明价格的无限流量现行套餐。",
    },
}

_LIST_SEP = {"en": ", ", "ru": ", ", "zh": "、"}


def operator_name(operator: str) -> str:
    return OPERATOR_NAMES.get(operator, operator)


def price_text(amount: float, lang: str) -> str:
    """4285.714 -> '4,285.71' (en, zh) or '4 285,71' (ru); whole amounts lose the decimals."""
    text = f"{amount:,.0f}" if round(amount, 2) == int(amount) else f"{amount:,.2f}"
    if lang == "ru":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def name_list(names: list[str], lang: str) -> str:
    return _LIST_SEP[lang].join(names) if names else TEMPLATES[lang]["none"]


def say(lang: str, key: str, **values: object) -> str:
    return TEMPLATES[lang][key].format(**values)

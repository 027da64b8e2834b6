"""site/index.html: one self-contained comparison page per release (no CDN, works from file://).

Rendered with Jinja2 with autoescaping on: page text read from operators' sites (plan names,
evidence quotes) is escaped, and links are kept only when they are http(s). The page's script
only filters, sorts and swaps labels; it never writes HTML.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from publish.phrases import LANGS, OPERATOR_NAMES
from publish.view import PlanView

# Page labels; keys are used by data-i18n attributes in the template.
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Mobile plans in Kazakhstan",
        "lead": "Every plan and pack read from the operators' pages. Each fact links to the "
        "page text it was read from; what a page does not say reads “not stated”.",
        "release": "Release",
        "answers": "Answers per operator",
        "plans": "All plans",
        "filters": "Filters",
        "f_operator": "Operator",
        "f_all": "all",
        "f_data_only": "data-only (no calls)",
        "f_rollover": "Rollover",
        "f_current": "current only (hide archived, closed, discontinued)",
        "f_min_gb": "min GB per 30 days (packs: per pack)",
        "f_max_price": "max ₸ per 30 days (packs: per pack)",
        "count": "{shown} of {total} shown",
        "col_operator": "Operator",
        "col_name": "Plan",
        "col_price": "Price",
        "col_price_30d": "₸ per 30 days",
        "col_price_per_gb": "₸ per GB",
        "col_data": "Data",
        "col_throttle": "After the quota",
        "col_minutes": "Minutes",
        "col_sms": "SMS",
        "col_validity": "Valid for",
        "col_rollover": "Rollover",
        "col_data_only": "Data-only",
        "col_availability": "Availability",
        "not_stated": "not stated",
        "evidence": "quote",
        "source": "source page",
        "yes": "yes",
        "no": "no",
        "unknown": "not stated",
        "unlimited": "unlimited",
        "days": "days",
        "kbps": "kbit/s",
        "onnet": "own network",
        "offnet": "other networks",
        "international": "abroad",
        "plan": "plan",
        "pack": "pack",
        "business": "business",
        "stale": "not refreshed",
        "current": "current",
        "archived": "archived",
        "closed": "closed to new customers",
        "discontinued": "discontinued",
        "P1D": "per day",
        "P7D": "per week",
        "P28D": "per 28 days",
        "P30D": "per 30 days",
        "P1M": "per month",
        "one_off": "one-off",
    },
    "ru": {
        "title": "Мобильные тарифы Казахстана",
        "lead": "Все тарифы и пакеты со страниц операторов. Каждый факт ссылается на текст "
        "страницы, из которого он взят; чего страница не сообщает, помечено «не указано».",
        "release": "Выпуск",
        "answers": "Ответы по операторам",
        "plans": "Все тарифы",
        "filters": "Фильтры",
        "f_operator": "Оператор",
        "f_all": "все",
        "f_data_only": "только интернет (без звонков)",
        "f_rollover": "Перенос остатков",
        "f_current": "только действующие (скрыть архивные и закрытые)",
        "f_min_gb": "от ГБ за 30 дней (пакеты: за пакет)",
        "f_max_price": "до ₸ за 30 дней (пакеты: за пакет)",
        "count": "показано {shown} из {total}",
        "col_operator": "Оператор",
        "col_name": "Тариф",
        "col_price": "Цена",
        "col_price_30d": "₸ за 30 дней",
        "col_price_per_gb": "₸ за ГБ",
        "col_data": "Интернет",
        "col_throttle": "После лимита",
        "col_minutes": "Минуты",
        "col_sms": "SMS",
        "col_validity": "Срок действия",
        "col_rollover": "Перенос остатков",
        "col_data_only": "Только интернет",
        "col_availability": "Доступность",
        "not_stated": "не указано",
        "evidence": "цитата",
        "source": "страница",
        "yes": "да",
        "no": "нет",
        "unknown": "не указано",
        "unlimited": "безлимит",
        "days": "дн.",
        "kbps": "кбит/с",
        "onnet": "внутри сети",
        "offnet": "на другие сети",
        "international": "международные",
        "plan": "тариф",
        "pack": "пакет",
        "business": "для бизнеса",
        "stale": "не обновлён",
        "current": "действует",
        "archived": "архивный",
        "closed": "закрыт для подключения",
        "discontinued": "прекращён",
        "P1D": "в сутки",
        "P7D": "в неделю",
        "P28D": "за 28 дней",
        "P30D": "за 30 дней",
        "P1M": "в месяц",
        "one_off": "разово",
    },
    "zh": {
        "title": "哈萨克斯坦手机套餐",
        "lead": "从各运营商页面读取的全部套餐和流量包。每项信息都链接到其来源页面的原文；"
        "页面未说明的内容显示为“未说明”。",
        "release": "版本",
        "answers": "各运营商的答案",
        "plans": "全部套餐",
        "filters": "筛选",
        "f_operator": "运营商",
        "f_all": "全部",
        "f_data_only": "纯流量（不含通话）",
        "f_rollover": "流量结转",
        "f_current": "仅现行（隐藏已下架、停止办理、已停用）",
        "f_min_gb": "每 30 天最少 GB（流量包：每包）",
        "f_max_price": "每 30 天最高 ₸（流量包：每包）",
        "count": "显示 {shown} / {total}",
        "col_operator": "运营商",
        "col_name": "套餐",
        "col_price": "价格",
        "col_price_30d": "每 30 天 ₸",
        "col_price_per_gb": "每 GB ₸",
        "col_data": "流量",
        "col_throttle": "超出后",
        "col_minutes": "通话分钟",
        "col_sms": "短信",
        "col_validity": "有效期",
        "col_rollover": "结转",
        "col_data_only": "纯流量",
        "col_availability": "可办理",
        "not_stated": "未说明",
        "evidence": "原文",
        "source": "来源页面",
        "yes": "是",
        "no": "否",
        "unknown": "未说明",
        "unlimited": "无限",
        "days": "天",
        "kbps": "kbit/s",
        "onnet": "网内",
        "offnet": "其他网络",
        "international": "国际",
        "plan": "套餐",
        "pack": "流量包",
        "business": "企业",
        "stale": "未更新",
        "current": "现行",
        "archived": "已下架",
        "closed": "停止办理",
        "discontinued": "已停用",
        "P1D": "每天",
        "P7D": "每周",
        "P28D": "每 28 天",
        "P30D": "每 30 天",
        "P1M": "每月",
        "one_off": "一次性",
    },
}


def safe_url(url: str | None) -> str | None:
    """Only http(s) links reach the page (a `javascript:` URL from a page would run)."""
    if not url:
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None


def filter_gb(v: PlanView) -> float | None:
    """What the page's minimum-GB filter compares: GB per 30 days, else a one-off pack's GB."""
    return v.gb_30d if v.gb_30d is not None else v.data_gb


def filter_price(v: PlanView) -> float | None:
    """What the maximum-price filter compares: ₸ per 30 days, else a one-off pack's price."""
    if v.price_30d is not None:
        return v.price_30d
    return v.price_kzt if v.price_period is None else None


def _number(x: float | int | None) -> str:
    if x is None:
        return ""
    return f"{x:g}" if float(x) != int(x) else str(int(x))


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("publish", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = _number
    env.filters["safe_url"] = safe_url
    return env


def render_page(
    views: list[PlanView], answers: dict[str, Any], release_id: str, generated_at: str
) -> str:
    rows = [
        {"v": v, "gb": filter_gb(v), "price": filter_price(v)}
        for v in sorted(views, key=lambda v: v.id)
    ]
    operators = sorted({v.operator for v in views})
    return (
        _env()
        .get_template("index.html.j2")
        .render(
            rows=rows,
            answers=answers,
            operators=operators,
            operator_names=OPERATOR_NAMES,
            labels=LABELS,
            en=LABELS["en"],
            langs=LANGS,
            release_id=release_id,
            generated_at=generated_at,
        )
    )

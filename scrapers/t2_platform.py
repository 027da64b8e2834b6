"""The platform Tele2 and the new altel.kz share: a JavaScript app fed by a JSON tariff API.

The DOM of these sites is empty until scripts run, so facts come from the API reply or from the
state the page embeds (`__NEXT_DATA__`, `window.__INITIAL_STATE__`). A tariff object there looks
like:

    {"title": "...", "price": {"amount": 1290, "currency": "KZT", "period": "MONTH"},
     "validity": {"value": 30, "unit": "DAY"},
     "features": [{"title": "Интернет", "value": "12 ГБ"}, ...],
     "payg": [{"title": "Исходящие на Tele2", "value": "11 тенге/мин"}, ...],
     "description": "<p>...</p>"}

Each tariff is written out as labelled lines ("Интернет | 12 ГБ |") built only from the payload's
own strings and numbers, so the normalizer parses quantities, periods and decoys exactly as it does
on HTML pages, and its evidence is the payload's text. Pages without such state fall back to the
DOM (altel4g.kz is server-rendered).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from schema.draft import Draft
from scrapers.html_brand import HtmlBrand, extract
from scrapers.html_text import embedded_state, html_to_text
from scrapers.json_fields import apply_json_fields, balances
from scrapers.snapshot import Snapshot

_NAME_KEYS = ("title", "name")
_TARIFF_KEYS = ("price", "features", "params")
# The platform's period enums, as the words its own pages print next to a price.
_PERIOD_WORDS = {
    "DAY": "в сутки",
    "WEEK": "в неделю",
    "FOUR_WEEKS": "каждые 4 недели",
    "MONTH": "в месяц",
}
_UNIT_WORDS = {"DAY": "дней", "HOUR": "часов", "WEEK": "недель", "MONTH": "месяцев"}


def find_tariffs(payload: Any) -> Iterator[dict[str, Any]]:
    """Tariff objects anywhere in a payload: a name plus a price or feature list, or a name over
    allowances in the balance shape (`origin_amount`…, see scrapers/json_fields.py)."""
    if isinstance(payload, dict):
        name = next((payload.get(k) for k in _NAME_KEYS if isinstance(payload.get(k), str)), None)
        holds = "origin_amount" not in payload and any(True for _ in balances(payload))
        if name and (any(k in payload for k in _TARIFF_KEYS) or holds):
            yield payload
            return
        for value in payload.values():
            yield from find_tariffs(value)
    elif isinstance(payload, list):
        for item in payload:
            yield from find_tariffs(item)


def _number(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        d = Decimal(str(value))
        return format(d.normalize(), "f") if d != d.to_integral_value() else str(int(d))
    return str(value).strip() or None


def _span(value: Any) -> str | None:
    """{"value": 30, "unit": "DAY"} -> "30 дней"; a plain string is kept as printed."""
    if isinstance(value, dict):
        amount, unit = _number(value.get("value")), str(value.get("unit", "")).upper()
        if amount and unit in _UNIT_WORDS:
            return f"{amount} {_UNIT_WORDS[unit]}"
        return None
    return _number(value)


def _price_line(price: Any) -> str | None:
    if not isinstance(price, dict):
        return None
    amount = _number(price.get("amount", price.get("value")))
    if not amount:
        return None
    currency = "₸" if str(price.get("currency", "KZT")).upper() == "KZT" else price["currency"]
    period = price.get("period")
    if isinstance(period, str) and period.upper() in _PERIOD_WORDS:
        when = " " + _PERIOD_WORDS[period.upper()]
    elif isinstance(period, dict) and _span(period):
        when = f" за {_span(period)}"
    else:
        when = ""  # no period in the payload: none is invented
    return f"Абонентская плата | {amount} {currency}{when} |"


def _rows(items: Any) -> list[str]:
    rows = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        label = str(item.get("title") or item.get("name") or "").strip()
        value = _span(item.get("value"))
        if value is None and isinstance(item.get("value"), dict):
            value = _span(item["value"])
        unit = str(item.get("unit") or "").strip()
        if value and unit and not value.endswith(unit):
            value = f"{value} {unit}"
        if label or value:
            rows.append(f"{label} | {value or ''} |")
    return rows


def tariff_text(tariff: dict[str, Any]) -> str:
    """The tariff as the normalizer's text: title, price, validity, allowances, rates, prose."""
    lines = [str(next(tariff[k] for k in _NAME_KEYS if isinstance(tariff.get(k), str)))]
    price = _price_line(tariff.get("price"))
    if price:
        lines.append(price)
    validity = _span(tariff.get("validity"))
    if validity:
        lines.append(f"Срок действия | {validity} |")
    features = _rows(tariff.get("features") or tariff.get("params"))
    if features:
        lines.append("Входит в абонентскую плату:")
        lines.extend(features)
    payg = _rows(tariff.get("payg"))
    if payg:
        lines.append("Цена услуг сверх пакета или если абонентская плата не списана:")
        lines.extend(payg)
    description = tariff.get("description")
    if isinstance(description, str) and description.strip():
        lines.append(html_to_text(description) if "<" in description else description.strip())
    return "\n".join(lines)


class T2Platform(HtmlBrand):
    region_selectors = ()  # the platform's own pages have no server-rendered facts
    plan_link_selector = "a.tariff-card__link"

    def parse_json(self, payload: Any, snap: Snapshot) -> list[Draft]:
        return self.tariff_drafts(list(find_tariffs(payload)), snap)

    def parse_html(self, tree: LexborHTMLParser, snap: Snapshot) -> list[Draft]:
        tariffs = [t for state in embedded_state(tree) for t in find_tariffs(state)]
        if tariffs:
            return self.tariff_drafts(tariffs, snap)
        return super().parse_html(tree, snap)

    def tariff_drafts(self, tariffs: list[dict[str, Any]], snap: Snapshot) -> list[Draft]:
        drafts: list[Draft] = []
        for tariff in tariffs:
            text = tariff_text(tariff)
            name = text.split("\n", 1)[0]
            found = extract(text, operator=self.operator, url=snap.url, title=name)
            if not found and any(True for _ in balances(tariff)):
                found = [Draft(operator=self.operator, url=snap.url, name=name)]
            if len(found) == 1:
                found[0].name = name  # the payload's own name field
                apply_json_fields(found[0], tariff)  # typed fields beat text matching
            if tariff.get("archived") is True:  # the platform's own flag (schema 1-1-0)
                for draft in found:
                    draft.set("availability", "archived", '"archived": true', "availability")
            drafts.extend(found)
        return drafts

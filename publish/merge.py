"""One record per plan: the same plan read from several pages or sources becomes one `Plan`.

An operator often describes one plan twice: its catalogue API (with the price) and its page
(without), or the ru, kk and en versions of one page. Two plans of one operator are the same plan
when they come from different URLs and carry the same name (case and quotes aside), or when their
pages differ only in the language (`/ru/` vs `/kk/`, `?lang=`) and each page holds one plan.
Plans of one page are never merged: a table of plans sharing a name is several offers.

The merged record keeps every source (`sources`) and the evidence of each value. A fact the
sources disagree on is left null, with a warning quoting both spans; availability takes the
least available status (a plan shown on an archive page is not current because its API says so).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from pydantic import ValidationError

from schema.plan import Plan

# Least available first: the status a merged plan takes when its sources differ.
_AVAILABILITY_ORDER = ("discontinued", "closed", "archived", "current", "unknown")
_LANG = re.compile(r"^(?:ru|kk|kz|en)$", re.IGNORECASE)
_EMPTY: dict[str, Any] = {"rollover.status": "unknown"}


def name_key(plan: Plan) -> str | None:
    if not plan.name:
        return None
    text = re.sub(r"[«»\"“”'`]", " ", plan.name).casefold()
    return f"{plan.operator}|name|{' '.join(text.split())}"


def page_key(url: str | None, operator: str) -> str | None:
    """The URL without its language: '/kk/products/x' and '/ru/products/x' are one page."""
    if not url:
        return None
    parts = urlsplit(url)
    path = "/".join(p for p in parts.path.split("/") if p and not _LANG.match(p))
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if k.lower() != "lang"))
    host = (parts.hostname or "").removeprefix("www.")
    return f"{operator}|page|{host}/{path}?{query}"


def merge_plans(plans: list[Plan]) -> tuple[list[Plan], list[str]]:
    """Merge plans that are one plan; returns the plans and a note for every merge made."""
    groups = _groups(plans)
    out: list[Plan] = []
    notes: list[str] = []
    for group in groups:
        if len(group) == 1:
            out.append(group[0])
            continue
        merged = merge_group(group)
        if merged is None:
            out.extend(group)
            continue
        out.append(merged)
        notes.append(
            f"merged {', '.join(p.id for p in group)} into {merged.id} "
            f"(sources: {', '.join(s.url or '?' for s in merged.sources)})"
        )
    return out, notes


def _groups(plans: list[Plan]) -> list[list[Plan]]:
    per_url: dict[str | None, int] = defaultdict(int)
    for p in plans:
        per_url[p.url] += 1
    parent = list(range(len(plans)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[str, int] = {}
    for i, p in enumerate(plans):
        keys = [name_key(p)]
        if per_url[p.url] == 1:
            keys.append(page_key(p.url, p.operator))
        for key in filter(None, keys):
            if key in by_key:
                parent[find(i)] = find(by_key[key])
            else:
                by_key[key] = i
    grouped: dict[int, list[Plan]] = defaultdict(list)
    for i, p in enumerate(plans):
        grouped[find(i)].append(p)
    groups = []
    for members in grouped.values():
        urls = [m.url for m in members]
        if len(members) > 1 and len(set(urls)) != len(urls):
            groups.extend([m] for m in members)  # two plans of one page: distinct offers
        else:
            groups.append(members)
    return groups


def _get(doc: dict[str, Any], path: str) -> Any:
    node: Any = doc
    for part in path.split("."):
        node = None if node is None else node.get(part)
    return node


def _put(doc: dict[str, Any], path: str, value: Any) -> None:
    *head, last = path.split(".")
    node = doc
    for part in head:
        if node.get(part) is None:
            node[part] = {}
        node = node[part]
    node[last] = value


_FACTS = (
    "price.amount", "price.period", "validity", "data_only", "data.quota_mb", "data.unlimited",
    "data.throttle_kbps", "data.per", "voice.onnet", "voice.offnet", "voice.international",
    "voice.per", "sms.count", "sms.per", "rollover.status",
)  # fmt: skip


def merge_group(group: list[Plan]) -> Plan | None:
    """One plan from `group` (sorted by URL: the first names it), or None if it cannot validate."""
    group = sorted(group, key=lambda p: (p.url or "", p.id))
    docs = [p.model_dump(mode="json") for p in group]
    base = docs[0]
    merged: dict[str, Any] = {**base, "evidence": {}, "warnings": [], "price": base["price"]}
    merged["id"] = min((p.id for p in group), key=lambda i: (len(i), i))
    for path in _FACTS:
        values = [
            (_get(d, path), d["evidence"].get(path, {}).get("text", ""), d["url"])
            for d in docs
            if _get(d, path) not in (None, _EMPTY.get(path))
        ]
        distinct = {repr(v) for v, _, _ in values}
        if len(distinct) == 1:
            _put(merged, path, values[0][0])
            merged["evidence"][path] = {"text": values[0][1]}
            if path == "rollover.status":
                merged["rollover"] = next(
                    d["rollover"] for d in docs if d["rollover"]["status"] == values[0][0]
                )
        else:
            _put(merged, path, _EMPTY.get(path))
            if path == "rollover.status":
                merged["rollover"] = {"status": "unknown"}
            if len(distinct) > 1:
                merged["warnings"].append(
                    {
                        "field": path,
                        "message": "sources disagree: "
                        + " vs ".join(f"{v} ({url})" for v, _, url in values),
                        "spans": [text for _, text, _ in values],
                    }
                )
    if merged["price"] is not None and not any(
        merged["price"].get(k) for k in ("amount", "period")
    ):
        merged["price"] = None
    merged["data"]["per_day"] = any(d["data"]["per_day"] for d in docs) and merged["data"].get(
        "per"
    ) in (None, "P1D")
    merged["data"]["zero_rated"] = sorted({z for d in docs for z in d["data"]["zero_rated"]})
    _merge_availability(merged, docs)
    for d in docs:
        merged["warnings"] += [w for w in d["warnings"] if w not in merged["warnings"]]
        for key in ("conditions", "bonuses"):
            merged[key] = merged[key] + [c for c in d[key] if c not in merged[key]]
    merged["fallback"] = next((d["fallback"] for d in docs if d["fallback"]), None)
    merged["sources"] = [s for d in docs for s in d["sources"]]
    try:
        return Plan.model_validate(merged)
    except ValidationError:
        return None


def _merge_availability(merged: dict[str, Any], docs: list[dict[str, Any]]) -> None:
    best = min(docs, key=lambda d: _AVAILABILITY_ORDER.index(d["availability"]))
    merged["availability"] = best["availability"]
    merged["availability_date"] = best["availability_date"]
    if "availability" in best["evidence"]:
        merged["evidence"]["availability"] = best["evidence"]["availability"]

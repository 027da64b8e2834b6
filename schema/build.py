"""Turn a `Draft` into a validated `Plan`, or say which field is wrong and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from pydantic import ValidationError
from slugify import slugify

from schema.draft import Draft
from schema.plan import Plan


@dataclass(frozen=True)
class Rejection:
    """A draft kept out of the release: which page, which field, and why."""

    url: str | None
    name: str | None
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.url or '(no url)'} [{self.name or 'unnamed'}] {self.field}: {self.reason}"


# Kazakh letters that the generic transliteration drops or mangles.
_KAZAKH = [
    ("ә", "a"), ("ғ", "g"), ("қ", "q"), ("ң", "n"), ("ө", "o"), ("ұ", "u"), ("ү", "u"),
    ("һ", "h"), ("і", "i"), ("Ә", "A"), ("Ғ", "G"), ("Қ", "Q"), ("Ң", "N"), ("Ө", "O"),
    ("Ұ", "U"), ("Ү", "U"), ("Һ", "H"), ("І", "I"),
]  # fmt: skip


def plan_slug(draft: Draft) -> str:
    """A stable slug: from the plan name, else the parser's hint, else the URL's last segment."""
    for text in (draft.name, draft.slug_hint, _url_tail(draft.url)):
        slug = slugify(text or "", max_length=80, word_boundary=True, replacements=_KAZAKH)
        if slug:
            return slug
    return "plan"


def _url_tail(url: str | None) -> str | None:
    if not url:
        return None
    parts = [p for p in urlsplit(url).path.split("/") if p]
    return parts[-1].removesuffix(".html") if parts else urlsplit(url).hostname


def build_plan(
    draft: Draft,
    *,
    plan_id: str,
    fetched_at: datetime,
    snapshot_sha256: str,
    parser_version: str,
) -> Plan | Rejection:
    """Validate one draft; a failure comes back as a `Rejection`, never as an exception."""
    payload = {
        "id": plan_id,
        "operator": draft.operator,
        "name": draft.name,
        "url": draft.url,
        "segment": draft.segment,
        "kind": draft.kind,
        "data_only": draft.data_only,
        "price": None
        if draft.price_amount is None and draft.price_period is None
        else {"amount": draft.price_amount, "currency": "KZT", "period": draft.price_period},
        "validity": draft.validity,
        "data": {
            "quota_mb": draft.data_quota_mb,
            "unlimited": draft.data_unlimited,
            "per_day": draft.data_per_day or draft.data_per == "P1D",
            "per": draft.data_per,
            "throttle_kbps": draft.throttle_kbps,
            "zero_rated": sorted(set(draft.zero_rated)),
        },
        "voice": {
            "onnet": draft.voice_onnet,
            "offnet": draft.voice_offnet,
            "international": draft.voice_international,
            "per": draft.voice_per,
        },
        "sms": {"count": draft.sms_count, "per": draft.sms_per},
        "rollover": {
            "status": draft.rollover_status,
            "applies_to": sorted(set(draft.rollover_applies_to)),
            "lasts": draft.rollover_lasts,
            "conditions": list(draft.rollover_conditions),
            "terms": draft.rollover_terms,
        },
        "evidence": {path: {"text": text} for path, text in draft.evidence.items() if text},
        "warnings": [
            {"field": w.field, "message": w.message, "spans": w.spans} for w in draft.warnings
        ],
        "source": {
            "url": draft.url,
            "fetched_at": fetched_at,
            "snapshot_sha256": snapshot_sha256,
            "parser_version": parser_version,
        },
        "availability": draft.availability,
        "availability_date": draft.availability_date,
        "conditions": draft.conditions,
        "bonuses": draft.bonuses,
        "fallback": draft.fallback,
    }
    payload["sources"] = [payload["source"]]
    try:
        return Plan.model_validate(payload)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "plan"
        return Rejection(draft.url, draft.name, where, err["msg"])

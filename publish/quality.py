"""The quality floor: a published record has a name and at least one fact, or it is rejected.

The name comes from the page heading or card title (the brand parsers give those), else from the
URL's last segment ('business-solution-3500' -> 'business solution 3500'). A numeric id
('/product/3411/569', '?p=3341') or a generic listing word is not a name. `data_only` and
availability alone are not facts about a plan.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from schema.plan import Plan, fact_paths

_GENERIC_SLUG = re.compile(
    r"^(?:tariffs?|tarify|tarifnye-plany|products?|services?|index|plans?|api|v\d+|catalog)$",
    re.IGNORECASE,
)
_NOT_FACTS = {"data_only", "availability"}


def slug_name(url: str | None) -> str | None:
    """The URL's last path segment as words, or None when it is an id or a generic word."""
    parts = [p for p in urlsplit(url or "").path.split("/") if p]
    if not parts:
        return None
    slug = re.sub(r"\.html?$", "", parts[-1])
    if not re.search(r"[^\W\d_]", slug) or _GENERIC_SLUG.match(slug):
        return None
    return " ".join(re.split(r"[-_]+", slug)).strip() or None


def quality_floor(plans: list[Plan]) -> tuple[list[Plan], list[str]]:
    """Plans that pass (nameless ones named from their URL slug) and why the others did not."""
    kept: list[Plan] = []
    rejected: list[str] = []
    for plan in plans:
        name = plan.name or slug_name(plan.url)
        facts = [p for p in fact_paths(plan) if p not in _NOT_FACTS]
        label = f"{plan.url or '(no url)'} [{plan.id}] quality floor"
        if not name:
            rejected.append(f"{label}: no name (no heading, card title or URL slug)")
        elif not facts:
            rejected.append(
                f"{label}: no fact read (price, data, minutes, SMS, validity, rollover)"
            )
        else:
            kept.append(plan if plan.name else plan.model_copy(update={"name": name}))
    return kept, rejected

"""What changed between two releases, field by field, and whether it was the tariff or the parser.

A plan whose page snapshot is byte-identical to the previous release's, yet whose facts differ,
changed because the parser changed: that is a *technical* change, not a tariff change (the Open
Terms Archive distinction), so consumers can tell a price rise from a bug fix.
"""

from __future__ import annotations

from typing import Any

IGNORED_PREFIXES = ("source.", "evidence.", "stale_since")


def _paths(obj: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(obj, dict):
        out: dict[str, Any] = {}
        for key, value in obj.items():
            out.update(_paths(value, f"{prefix}{key}."))
        return out
    return {prefix.rstrip("."): obj}


def plan_fields(plan: dict[str, Any]) -> dict[str, Any]:
    """The comparable facts of a published plan (provenance and evidence left out)."""
    return {
        path: value for path, value in _paths(plan).items() if not path.startswith(IGNORED_PREFIXES)
    }


def diff_releases(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> dict[str, Any]:
    old = {p["id"]: p for p in before}
    new = {p["id"]: p for p in after}
    changed = []
    for plan_id in sorted(old.keys() & new.keys()):
        a, b = plan_fields(old[plan_id]), plan_fields(new[plan_id])
        fields = {
            path: {"before": a.get(path), "after": b.get(path)}
            for path in sorted(a.keys() | b.keys())
            if a.get(path) != b.get(path)
        }
        if not fields:
            continue
        same_page = (
            old[plan_id]["source"]["snapshot_sha256"] == new[plan_id]["source"]["snapshot_sha256"]
        )
        changed.append(
            {
                "id": plan_id,
                "change": "technical" if same_page else "tariff",
                "parser_version": {
                    "before": old[plan_id]["source"]["parser_version"],
                    "after": new[plan_id]["source"]["parser_version"],
                },
                "fields": fields,
            }
        )
    return {
        "added": [{"id": i, "name": new[i]["name"]} for i in sorted(new.keys() - old.keys())],
        "removed": [{"id": i, "name": old[i]["name"]} for i in sorted(old.keys() - new.keys())],
        "changed": changed,
        "technical_only": bool(changed)
        and all(c["change"] == "technical" for c in changed)
        and not (new.keys() ^ old.keys()),
    }


def summary_markdown(changes: dict[str, Any], limit: int = 50) -> str:
    """A short human summary of changes.json (used for the Prefect artifact and the CLI)."""
    lines = [
        f"**{len(changes['added'])} added, {len(changes['removed'])} removed, "
        f"{len(changes['changed'])} changed**"
    ]
    lines += [f"- added `{a['id']}` {a['name'] or ''}" for a in changes["added"][:limit]]
    lines += [f"- removed `{r['id']}` {r['name'] or ''}" for r in changes["removed"][:limit]]
    for c in changes["changed"][:limit]:
        parts = ", ".join(
            f"{path}: {v['before']} → {v['after']}" for path, v in list(c["fields"].items())[:4]
        )
        lines.append(f"- {c['change']} change `{c['id']}`: {parts}")
    return "\n".join(lines) + "\n"

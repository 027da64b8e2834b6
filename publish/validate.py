"""Check a release folder: schema, hashes and internal consistency. Used by `tariffs validate`."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator
from pydantic import ValidationError

from publish.files import sha256_file
from schema.document import PlansDocument, json_schema


def _load(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


def validate_release(folder: Path) -> list[str]:
    """Problems found in one release folder (an empty list means it is valid)."""
    folder = Path(folder)
    plans_file = folder / "plans.json"
    if not plans_file.is_file():
        return [f"{folder}: no plans.json here; pass a release folder such as output/latest"]
    problems: list[str] = []
    try:
        doc = _load(plans_file)
    except json.JSONDecodeError as exc:
        return [f"{plans_file}: not JSON ({exc})"]
    except UnicodeDecodeError as exc:
        return [f"{plans_file}: not UTF-8 text ({exc.reason} at byte {exc.start})"]

    # The release's own schema.json when present (what it was validated against), else ours.
    schema_file = folder / "schema.json"
    schema = _load(schema_file) if schema_file.is_file() else json_schema()
    validator = Draft202012Validator(schema)
    for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))[:20]:
        where = "/".join(str(p) for p in err.absolute_path) or "(document)"
        problems.append(f"{plans_file}: {where}: {err.message}")
    try:
        parsed = PlansDocument.model_validate(doc)
    except ValidationError as exc:
        for e in exc.errors()[:20]:
            where = ".".join(str(p) for p in e["loc"])
            problems.append(f"{plans_file}: {where}: {e['msg']}")
        return problems

    ids = [p.id for p in parsed.plans]
    if ids != sorted(ids):
        problems.append(f"{plans_file}: plans are not sorted by id")
    if len(ids) != len(set(ids)):
        problems.append(f"{plans_file}: duplicate plan ids")

    manifest_file = folder / "manifest.json"
    if manifest_file.is_file():
        try:
            manifest = _load(manifest_file)
        except ValueError as exc:  # not JSON, not UTF-8
            return [*problems, f"{manifest_file}: unreadable ({exc})"]
        assert isinstance(manifest, dict)
        for name, digest in manifest.get("files", {}).items():
            f = folder / name
            if not f.is_file():
                problems.append(f"{f}: listed in manifest.json but missing")
            elif sha256_file(f) != digest:
                problems.append(f"{f}: sha256 differs from manifest.json (file changed or torn)")
        if manifest.get("plan_count") != len(ids):
            problems.append(
                f"{manifest_file}: plan_count {manifest.get('plan_count')} != {len(ids)}"
            )
    else:
        problems.append(f"{folder}: no manifest.json")
    return problems


def validate_path(path: Path) -> dict[Path, list[str]]:
    """A release folder, or an output folder (then `latest/` and every release in it)."""
    path = Path(path)
    if (path / "plans.json").is_file():
        return {path: validate_release(path)}
    targets = []
    if (path / "latest").is_dir():
        targets.append(path / "latest")
    releases = path / "releases"
    if releases.is_dir():
        targets += sorted(
            p for p in releases.iterdir() if p.is_dir() and not p.name.startswith(".")
        )
    if not targets:
        return {path: [f"{path}: neither a release folder nor an output folder with releases"]}
    results = {t: validate_release(t) for t in targets}
    results[path / "index.json"] = validate_index(path)
    return results


def validate_index(output: Path) -> list[str]:
    """index.json lists exactly the releases in releases/, with their hashes, and `latest`
    names the newest one, which latest/ mirrors. The next publish repairs what fails here."""
    from publish.release import INDEX, LATEST, _index, release_dirs

    index_file = Path(output) / INDEX
    fix = "run `tariffs run` (or `tariffs reparse`) again to rebuild it"
    try:
        index = _load(index_file)
    except FileNotFoundError:
        return [f"{index_file}: missing; {fix}"] if release_dirs(output) else []
    except (OSError, ValueError) as exc:
        return [f"{index_file}: not readable JSON ({exc}); {fix}"]
    if not isinstance(index, dict):
        return [f"{index_file}: not a JSON object; {fix}"]
    expected = _index(Path(output))
    problems = []
    listed = [r.get("id") for r in index.get("releases", []) if isinstance(r, dict)]
    on_disk = [r["id"] for r in expected["releases"]]
    if listed != on_disk:
        gone, unlisted = sorted(set(listed) - set(on_disk)), sorted(set(on_disk) - set(listed))
        problems.append(
            f"{index_file}: lists releases {gone or '-'} that are not in releases/, and misses "
            f"{unlisted or '-'}; {fix}"
        )
    elif index.get("releases") != expected["releases"]:
        problems.append(f"{index_file}: hashes or counts differ from the releases; {fix}")
    if index.get("latest") != expected["latest"]:
        problems.append(
            f"{index_file}: latest is {index.get('latest')!r}, newest release is "
            f"{expected['latest']!r}; {fix}"
        )
    mirror = Path(output) / LATEST / "manifest.json"
    if (
        expected["latest"]
        and mirror.is_file()
        and _load(mirror).get("release") != expected["latest"]  # type: ignore[union-attr]
    ):
        problems.append(f"{mirror}: latest/ is not the newest release; {fix}")
    return problems

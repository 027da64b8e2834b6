"""The files of a release made for readers rather than programs: answers, SQLite, the page."""

from __future__ import annotations

from publish.answers import answers_document
from publish.files import dumps
from publish.site import render_page
from publish.sqlite import db_bytes
from publish.view import views
from schema.plan import SCHEMA_VERSION, Plan


def reader_files(plans: list[Plan], release_id: str, generated_at: str) -> dict[str, str | bytes]:
    """answers.json, plans.db and site/index.html of a release (pure: same plans, same bytes)."""
    rows = views(plans)
    answers = answers_document(release_id, generated_at, SCHEMA_VERSION, rows)
    meta = {"release": release_id, "generated_at": generated_at, "schema_version": SCHEMA_VERSION}
    return {
        "answers.json": dumps(answers),
        "plans.db": db_bytes(rows, meta),
        "site/index.html": render_page(rows, answers, release_id, generated_at),
    }

"""Brand parsers on the recorded pages: expected facts, discovery, rendering, purity, charsets."""

from __future__ import annotations

import json
import math
import re
import socket
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kztariffs.paths import RECORDED_DIR
from kztariffs.pipeline import parse_snapshots
from schema.flat import flatten
from schema.plan import OPERATORS
from scrapers.html_text import embedded_state, html_to_text, json_payload, next_data
from scrapers.registry import BRANDS, UnknownOperator, get_brand
from scrapers.snapshot import Snapshot, SnapshotStore

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED_DIR = FIXTURES / "expected"
# Share of labelled facts (all ten per expected plan, nulls included) a brand must get right.
# The normalizer is evolving; raise these as it improves, never lower them to pass.
AGREEMENT = dict.fromkeys(OPERATORS, 0.9)
STORE = SnapshotStore(RECORDED_DIR)


def _expected(operator: str) -> dict[str, Any]:
    return json.loads((EXPECTED_DIR / f"{operator}.json").read_text(encoding="utf-8"))


@cache
def _parsed(operator: str) -> dict[str, list[dict[str, Any]]]:
    """URL -> flat rows of the plans parsed from it (every draft must validate). Page by page,
    as the labels are: merging, fallback packs and the quality floor are tested in
    tests/test_conditions_recorded.py."""
    brand = get_brand(operator)
    plans, rejections = parse_snapshots(brand, STORE.for_operator(operator), publishable=False)
    assert not rejections, rejections
    rows: dict[str, list[dict[str, Any]]] = {}
    for plan in plans:
        rows.setdefault(plan.source.url or "", []).append(flatten(plan))
    return rows


def _norm(name: str | None) -> str:
    return " ".join(re.sub(r"[«»\"“”']", " ", name or "").casefold().split())


def _match(expected: list[dict[str, Any]], parsed: list[dict[str, Any]]) -> list[tuple]:
    """Pair expected and parsed plans of one page: same name, then one name inside the other,
    then the parsed plan agreeing on most facts (page order breaks ties); an expected plan left
    over is paired with None."""
    left = list(parsed)
    pairs: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    rest = []
    for exp in expected:
        want = _norm(exp["plan_name"])
        hit = next((p for p in left if want and _norm(p["name"]) == want), None)
        if hit is None and want:
            hit = next(
                (
                    p
                    for p in left
                    if _norm(p["name"]) and (want in _norm(p["name"]) or _norm(p["name"]) in want)
                ),
                None,
            )
        if hit is None:
            rest.append(exp)
            continue
        left.remove(hit)
        pairs.append((exp, hit))
    for exp in rest:
        best = max(
            left,
            key=lambda p: sum(_same(w, p[f]) for f, w in exp["facts"].items()),
            default=None,
        )
        if best is not None:
            left.remove(best)
        pairs.append((exp, best))
    return pairs


def _same(want: Any, got: Any) -> bool:
    if want is None and got == "unknown":  # rollover: the corpus says null, the flat row "unknown"
        return True
    if isinstance(want, int | float) and isinstance(got, int | float):
        if isinstance(want, bool) or isinstance(got, bool):
            return want is got
        return math.isclose(want, got, rel_tol=1e-6)
    return want == got


def _agreement(operator: str) -> tuple[int, int, list[str]]:
    doc = _expected(operator)
    parsed = _parsed(operator)
    by_url: dict[str, list[dict[str, Any]]] = {}
    for plan in doc["plans"]:
        by_url.setdefault(plan["url"], []).append(plan)
    hits = total = 0
    misses: list[str] = []
    for url, plans in by_url.items():
        for exp, got in _match(plans, parsed.get(url, [])):
            label = f"{url} [{exp['plan_name'] or exp['corpus_ids'][0]}]"
            if got is None:
                misses.append(f"{label}: no plan parsed")
            for fact, want in exp["facts"].items():
                total += 1
                value = None if got is None else got[fact]
                if _same(want, value):
                    hits += 1
                elif got is not None:
                    misses.append(f"{label} {fact}: expected {want!r}, got {value!r}")
                else:
                    misses.append(f"{label} {fact}: expected {want!r}")
    return hits, total, misses


@pytest.mark.parametrize("operator", OPERATORS)
def test_recorded_pages_agree_with_the_labels(operator: str) -> None:
    hits, total, misses = _agreement(operator)
    share = hits / total
    report = "\n  ".join(misses)
    assert share >= AGREEMENT[operator], (
        f"{operator}: {hits}/{total} labelled facts agree ({share:.0%}), "
        f"need {AGREEMENT[operator]:.0%}; mismatches:\n  {report}"
    )


@pytest.mark.parametrize("operator", OPERATORS)
def test_every_brand_yields_valid_plans_on_its_plan_pages_only(operator: str) -> None:
    parsed = _parsed(operator)
    assert sum(len(rows) for rows in parsed.values()) >= 1
    expected_urls = {p["url"] for p in _expected(operator)["plans"]}
    listings = set(get_brand(operator).start_urls) - expected_urls
    assert not listings & set(parsed), "a listing page yielded plans"


@pytest.mark.parametrize("operator", OPERATORS)
def test_discovery_finds_exactly_the_plan_pages(operator: str) -> None:
    brand = get_brand(operator)
    snaps = {s.url: s for s in STORE.for_operator(operator)}
    assert set(brand.start_urls) <= set(snaps), "every start URL is recorded"
    found: set[str] = set()
    for url in brand.start_urls:
        links = brand.discover(snaps[url])
        assert all("apps.apple.com" not in link for link in links)
        found.update(links)
    html_plan_pages = {p["url"] for p in _expected(operator)["plans"]} - set(brand.start_urls)
    assert found == html_plan_pages
    # The crawler also asks plan pages for links: they must not lead anywhere new.
    for url in found:
        assert set(brand.discover(snaps[url])) <= found, url
    # The offsite link is really on the listing pages (so ignoring it is what is tested).
    assert any(b"apps.apple.com" in snaps[u].body for u in brand.start_urls)


def test_business_pages_give_business_plans() -> None:
    for operator in ("kcell", "beeline", "altel"):
        for url, rows in _parsed(operator).items():
            business = "b2b" in url or "/business/" in url
            assert {r["segment"] for r in rows} == {"business" if business else "consumer"}, url


def test_parse_is_pure(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same snapshot, same drafts; and no network is touched while parsing."""

    def no_network(*_a: object, **_k: object) -> None:
        raise AssertionError("parse() opened a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    for operator, brand in BRANDS.items():
        for snap in STORE.for_operator(operator):
            assert brand.parse(snap) == brand.parse(snap), snap.url


def test_cp1251_page_decodes() -> None:
    snaps = [s for s in STORE if "1251" in s.headers.get("content-type", "")]
    assert len(snaps) == 1
    snap = snaps[0]
    with pytest.raises(UnicodeDecodeError):
        snap.body.decode("utf-8")
    assert "Абонентская плата" in snap.text()
    assert "Абонентская плата" in html_to_text(snap.text())


def test_html_text_renders_tables_as_pipe_rows() -> None:
    html = """<html><head><style>p{}</style><script>var price = 999;</script></head><body>
    <header><nav><a href="/">Тарифы от 5000 ₸</a></nav></header>
    <h1>Тариф&nbsp;X</h1><p>Интернет   <b>30&nbsp;ГБ</b><br>Звонки</p>
    <table><tr><th>Услуга</th><th>Цена</th></tr>
    <tr><td>Абонентская плата</td><td><p>3 500</p><p>тг</p></td></tr>
    <tr><td>Безлимитно</td><td></td></tr><tr><td></td><td></td></tr></table>
    <ul><li>один</li><li>два</li></ul><footer>© 2026</footer></body></html>"""
    assert html_to_text(html).split("\n") == [
        "Тариф X",
        "",
        "Интернет 30 ГБ",
        "Звонки",
        "",
        "| Услуга | Цена |",
        "| Абонентская плата | 3 500 тг |",
        "| Безлимитно | |",
        "один",
        "два",
    ]


def test_embedded_state_and_json_payloads() -> None:
    page = """<script id="__NEXT_DATA__" type="application/json">{"props": {"a": 1}}</script>
    <script>window.__INITIAL_STATE__ = {"tariff": {"title": "X"}}; var y = 2;</script>"""
    assert next_data(page) == {"props": {"a": 1}}
    assert embedded_state(page) == [{"props": {"a": 1}}, {"tariff": {"title": "X"}}]
    api = Snapshot.from_response(
        operator="tele2",
        url="https://tele2.kz/api/x",
        body=b'{"ok": true}',
        fetched_at=STORE.for_operator("tele2")[0].fetched_at,
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert json_payload(api) == {"ok": True}


def test_unknown_operator_names_the_valid_ones() -> None:
    with pytest.raises(UnknownOperator, match="activ, altel, beeline, izi, kcell, tele2"):
        get_brand("kazakhtelecom")
    assert set(BRANDS) == set(OPERATORS)


def test_recorded_store_is_what_the_build_script_writes(tmp_path: Path) -> None:
    """The committed fixtures are current: rebuilding them gives the same bytes."""
    sys.path.insert(0, str(FIXTURES))
    try:
        import build_recorded
    finally:
        sys.path.remove(str(FIXTURES))
    if not build_recorded.CORPUS.is_file():
        pytest.skip("corpus not beside the repo")
    build_recorded.build(tmp_path / "recorded", tmp_path / "expected")
    for sub in ("recorded/blobs", "recorded/meta", "expected"):
        fresh = {p.name: p.read_bytes() for p in (tmp_path / sub).iterdir()}
        kept = {p.name: p.read_bytes() for p in (FIXTURES / sub).iterdir()}
        assert fresh == kept, f"tests/fixtures/{sub} is stale: run build_recorded.py"

"""The comparison page in headless Chromium (Debian's package, driven by Playwright).

Skipped with the reason when Chromium is not installed here; under CI=true a missing browser
fails instead (.ci/run installs it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from publish.answers import answers_document
from publish.site import filter_gb, filter_price, render_page
from publish.view import PlanView, views
from tests.readerplans import recorded_plans, sample_plans

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _unavailable() -> str | None:
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} not found: apt-get install chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed: pip install -e '.[test]'"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _unavailable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def rows() -> list[PlanView]:
    return views([*sample_plans(), *recorded_plans()])


@pytest.fixture
def page(browser: Any, rows: list[PlanView], tmp_path: Path) -> Iterator[Any]:
    html = render_page(rows, answers_document("r1", "t", "1-0-0", rows), "r1", "t")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    p.goto((site / "index.html").as_uri())
    yield p
    p.screenshot(path=str(tmp_path / "page.png"), full_page=False)
    context.close()
    assert errors == [], f"the page raised: {errors}"


def _shown(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#plans tbody tr:not([hidden])", "rs => rs.map(r => r.dataset.id)"
    )


def test_one_row_per_plan(page: Any, rows: list[PlanView]) -> None:
    assert sorted(_shown(page)) == sorted(v.id for v in rows)
    assert page.text_content("#count") == f"{len(rows)} of {len(rows)} shown"


FILTERS: list[tuple[str, Callable[[Any], None], Callable[[PlanView], bool]]] = [
    ("operator", lambda p: p.select_option("#f-operator", "kcell"),
     lambda v: v.operator == "kcell"),
    ("data-only", lambda p: p.check("#f-data-only"), lambda v: v.data_only is True),
    ("rollover-yes", lambda p: p.select_option("#f-rollover", "yes"),
     lambda v: v.rollover == "yes"),
    ("rollover-no", lambda p: p.select_option("#f-rollover", "no"), lambda v: v.rollover == "no"),
    ("rollover-unknown", lambda p: p.select_option("#f-rollover", "unknown"),
     lambda v: v.rollover == "unknown"),
    ("current", lambda p: p.check("#f-current"), lambda v: v.current),
    ("min-gb", lambda p: p.fill("#f-min-gb", "20"),
     lambda v: v.data_unlimited is True or (filter_gb(v) or 0) >= 20),
    ("max-price", lambda p: p.fill("#f-max-price", "3000"),
     lambda v: filter_price(v) is not None and filter_price(v) <= 3000),  # type: ignore[operator]
]  # fmt: skip


@pytest.mark.parametrize("name,act,keep", FILTERS, ids=[f[0] for f in FILTERS])
def test_each_filter_narrows_rows_as_the_data_says(
    page: Any,
    rows: list[PlanView],
    tmp_path: Path,
    name: str,
    act: Callable[[Any], None],
    keep: Callable[[PlanView], bool],
) -> None:
    want = sorted(v.id for v in rows if keep(v))
    assert 0 < len(want) < len(rows), f"{name}: the sample data must exercise this filter"
    act(page)
    assert sorted(_shown(page)) == want
    assert page.text_content("#count") == f"{len(want)} of {len(rows)} shown"
    page.screenshot(path=str(tmp_path / f"filter-{name}.png"))


def test_filters_combine(page: Any, rows: list[PlanView]) -> None:
    page.select_option("#f-operator", "kcell")
    page.check("#f-current")
    page.fill("#f-min-gb", "50")
    want = sorted(
        v.id
        for v in rows
        if v.operator == "kcell" and v.current and (v.data_unlimited or (filter_gb(v) or 0) >= 50)
    )
    assert sorted(_shown(page)) == want and "kcell:modem-50" not in want  # archived


def test_sorting_by_price_per_30_days_puts_not_stated_last(page: Any, rows: list[PlanView]) -> None:
    page.click("th button[data-sort=price30]")
    known = sorted((v for v in rows if v.price_30d is not None), key=lambda v: (v.price_30d, v.id))
    order = _shown(page)
    assert order[: len(known)] == [v.id for v in known]
    assert {i for i in order[len(known) :]} == {v.id for v in rows if v.price_30d is None}
    page.click("th button[data-sort=price30]")  # again: descending, unknowns still last
    assert _shown(page)[0] == max(known, key=lambda v: (v.price_30d, v.id)).id


def test_language_switch_changes_labels(page: Any, tmp_path: Path) -> None:
    price = "th button[data-sort=price]"
    assert page.text_content(price) == "Price"
    page.click("[data-set-lang=ru]")
    assert page.text_content(price) == "Цена"
    assert page.get_attribute("html", "lang") == "ru"
    assert page.text_content("#plan-kcell\\:pack-2gb .ns") == "не указано"
    assert page.text_content("#count").startswith("показано ")
    assert page.is_visible("#answers-kcell [data-l=ru]")
    assert not page.is_visible("#answers-kcell [data-l=en]")
    page.screenshot(path=str(tmp_path / "ru.png"))
    page.click("[data-set-lang=zh]")
    assert page.text_content(price) == "价格"
    assert page.text_content("#plan-kcell\\:pack-2gb .ns") == "未说明"
    page.click("[data-set-lang=en]")
    assert page.text_content(price) == "Price"


def test_script_in_a_plan_name_is_text_and_does_not_run(page: Any) -> None:
    assert page.evaluate("window.__pwned") is None
    cell = page.text_content("#plan-beeline\\:evil td.name a, #plan-beeline\\:evil td.name")
    assert "Evil <script>window.__pwned = 1</script> plan" in cell
    # its javascript: URL was dropped, so the name is not a link
    assert page.locator("#plan-beeline\\:evil td.name a").count() == 0

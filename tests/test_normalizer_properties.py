"""Properties of the normalizer: any input gives a value or a typed "cannot tell", never an
exception; thousands separators, no-break spaces, decimal commas and letter case do not change
what a value means."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalizer import extract_plans
from normalizer.money import find_money
from normalizer.numbers import parse_number
from normalizer.periods import find_period, find_validity
from normalizer.quantities import find_quantities
from normalizer.rollover import detect_rollover
from schema.build import Rejection, build_plan, plan_slug
from schema.draft import Draft
from schema.plan import Plan, fact_paths

SEPARATORS = st.sampled_from([" ", "\u00a0", "\u202f"])
FETCHED = datetime(2024, 1, 1, tzinfo=UTC)
# Page-like text: words, numbers, units, pipes and line breaks from the real pages' alphabet.
TOKENS = st.sampled_from(
    [
        "Абонентская плата", "|", "\n", " ", "тг", "₸", "тенге", "в месяц", "/мес.", "ГБ", "МБ",
        "GB", "мин", "SMS", "Безлимит", "Шексіз", "UNLIM", "айына", "в сутки", "каждые 4 недели",
        "не переходят", "сгорают", "переносятся", "на номера Beeline", "других операторов",
        "0 т/мин", "*888*4#", "«", "»", "за", "-", "•", "(алғашқы 12 ай)", "per MB", "day",
        "Daily fee, ₸", "30 days", "Unlimited", "KAZNET", "\u00a0", ",", ".", ":",
    ]
)  # fmt: skip
PAGES = st.lists(
    st.one_of(TOKENS, st.integers(0, 100_000).map(str), st.text(max_size=8)), max_size=60
).map("".join)


def _group(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def _build(draft: Draft) -> Plan | Rejection:
    return build_plan(
        draft,
        plan_id=f"{draft.operator}:{plan_slug(draft)}",
        fetched_at=FETCHED,
        snapshot_sha256="0" * 64,
        parser_version="prop",
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES, st.sampled_from(["beeline", "kcell", "activ", "tele2", "altel", "izi"]))
def test_any_text_gives_drafts_that_validate_with_evidence(text: str, operator: str) -> None:
    drafts = extract_plans(text, operator=operator, url=None)
    assert isinstance(drafts, list)
    for draft in drafts:
        assert isinstance(draft, Draft)
        plan = _build(draft)
        assert isinstance(plan, Plan), plan
        for path in fact_paths(plan):
            assert plan.evidence[path].text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_unit_readers_never_raise(text: str) -> None:
    assert parse_number(text) is None or isinstance(parse_number(text), Decimal)
    assert find_period(text) in (None, "P1D", "P7D", "P28D", "P30D", "P1M")
    validity = find_validity(text)
    assert validity is None or validity.startswith("P")
    assert isinstance(find_quantities(text), tuple)
    assert isinstance(find_money(text), tuple)
    assert detect_rollover(text.split("\n")).status in ("yes", "no", "unknown")


@given(st.integers(1000, 9_999_999), SEPARATORS)
def test_thousands_separators_do_not_change_numbers(n: int, sep: str) -> None:
    assert parse_number(_group(n, sep)) == n == parse_number(str(n))


@given(st.integers(0, 999), st.integers(1, 99))
def test_decimal_comma_equals_decimal_point(whole: int, frac: int) -> None:
    assert parse_number(f"{whole},{frac}") == parse_number(f"{whole}.{frac}")


@given(
    st.integers(1, 999),
    st.sampled_from(["ГБ", "гб", "Гб", "GB", "Gb", "gb"]),
    st.sampled_from(["", " ", "\u00a0"]),
)
def test_data_units_case_and_spacing(n: int, unit: str, sep: str) -> None:
    (q,) = find_quantities(f"Интернет {n}{sep}{unit}")
    assert (q.kind, q.value) == ("data", Decimal(n) * 1024)


@given(st.integers(1000, 99_999), SEPARATORS, st.sampled_from(["тг", "₸", "тенге", "ТГ"]))
def test_price_is_the_same_whatever_the_spacing(n: int, sep: str, currency: str) -> None:
    text = f"Тариф\nАбонентская плата |\n{_group(n, sep)} {currency} в месяц |"
    (draft,) = extract_plans(text, operator="kcell")
    assert (draft.price_amount, draft.price_period) == (n, "P1M")


@given(
    st.sampled_from(
        ["в месяц", "айына", "per month", "в сутки", "тәулігіне", "per day", "в неделю",
         "аптасына", "каждые 4 недели", "30 күнге"]
    ),
    st.booleans(),
)  # fmt: skip
def test_periods_ignore_case(phrase: str, upper: bool) -> None:
    text = phrase.upper() if upper else phrase
    assert find_period(text) == find_period(phrase) is not None


@given(st.integers(1, 5000), st.sampled_from(["мин", "минут", "МИН", "min", "minutes"]))
def test_minutes_case(n: int, unit: str) -> None:
    (q,) = find_quantities(f"{n} {unit}")
    assert (q.kind, q.value) == ("minutes", n)

"""`normalizer.patterns`: the lower-cased pre-check and the anchors never change what a
case-insensitive pattern finds, and they are on for the vocabulary."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import normalizer
from normalizer import memo, patterns
from normalizer.patterns import Folded, lower_safe


def _vocabulary() -> list[tuple[str, Folded]]:
    found = []
    for info in pkgutil.iter_modules(normalizer.__path__):
        module = importlib.import_module(f"normalizer.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, Folded):
                found.append((f"{info.name}.{name}", value))
    return found


VOCABULARY = _vocabulary()
# Words of the vocabulary in the cases pages print them in, and the characters between them.
_WORDS = sorted({a for _, p in VOCABULARY for a in (p.anchors or ()) if len(a) > 1})
_PIECES = st.one_of(
    st.sampled_from(_WORDS).map(str.upper),
    st.sampled_from(_WORDS).map(str.title),
    st.sampled_from(_WORDS),
    st.sampled_from([" ", "  ", "/", "-", ".", ",", "(", ")", ":", "|", "\n", "İ", "ß", "ı", "ſ"]),
    st.sampled_from(["ᲀ", "K", "µ"]),
    st.from_regex(r"\d{1,4}(?:[ ,.]\d{3})?", fullmatch=True),
    st.text(max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_PIECES, max_size=14).map("".join),
    st.sampled_from(VOCABULARY),
    st.integers(min_value=0, max_value=12),
)
def test_folded_patterns_find_exactly_what_re_finds(
    text: str, named: tuple[str, Folded], pos: int
) -> None:
    _, pattern = named
    plain = re.compile(pattern.pattern, pattern.flags)
    memo.clear()
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]
    found, expected = pattern.search(text), plain.search(text)
    assert (found and found.group(0)) == (expected and expected.group(0))
    # from a position: boundaries and lookbehinds still see the text before it
    found, expected = pattern.search(text, pos), plain.search(text, pos)
    assert (found and found.span()) == (expected and expected.span())
    assert [m.span() for m in pattern.finditer(text, pos)] == [
        m.span() for m in plain.finditer(text, pos)
    ]
    assert pattern.sub("#", text) == plain.sub("#", text)
    assert bool(pattern.match(text)) == bool(plain.match(text))
    assert bool(pattern.fullmatch(text)) == bool(plain.fullmatch(text))


def test_the_vocabulary_is_checked_fast() -> None:
    """A pattern without its pre-check runs the slow case-insensitive scan on every line."""
    slow = sorted(name for name, p in VOCABULARY if p.quick is None or p.anchors is None)
    assert len(slow) <= 8, slow
    assert len(VOCABULARY) >= 100


@pytest.mark.parametrize(
    ("pattern", "safe"),
    [
        (r"\bплат[аыу]\b", True),
        (r"(?<![a-zA-Zа-яА-ЯёЁ])мин", True),
        (r"(?=[А-Я])", False),  # an upper-case class never matches lower-cased text
        (r"ТП", False),
        (r"(?-i:x)", False),
    ],
)
def test_lower_safe(pattern: str, safe: bool) -> None:
    assert lower_safe(pattern) is safe


def test_anchors_are_what_every_match_contains() -> None:
    assert patterns.compile(r"\bплат[аыу]\b", re.I).anchors == {"плат"}
    assert patterns.compile(r"не\s*израсходован\w*|сгора\w*", re.I).anchors == {
        "израсходован",
        "сгора",
    }
    assert patterns.compile(r"\d+\s*(?:гб|gb)?", re.I).anchors is None  # optional unit


def test_text_that_lower_cases_to_another_length_skips_the_gate() -> None:
    pattern = patterns.compile(r"i̇stanbul|plan", re.I)
    assert pattern.search("İSTANBUL PLAN").group(0) == "PLAN"


@pytest.mark.parametrize(("pattern", "text"), [("s", "ſ"), ("tarif", "TARIF tarıf"), ("в", "ᲀ")])
def test_letters_re_folds_apart_from_their_lower_case(pattern: str, text: str) -> None:
    """`re` matches 'ı' with 'i' and 'ſ' with 's' case-insensitively; so does a Folded pattern."""
    plain = re.compile(pattern, re.I)
    memo.clear()
    found = patterns.compile(pattern, re.I).finditer(text)
    assert [m.span() for m in found] == [m.span() for m in plain.finditer(text)]


def test_case_sensitive_patterns_are_plain_re() -> None:
    assert isinstance(patterns.compile(r"[A-Z]"), re.Pattern)


def test_a_pattern_compiled_after_texts_were_read_still_finds_them() -> None:
    text = "Тариф Zqxwv-Plan 990 тг"
    assert patterns.compile(r"тариф", re.I).search(text)  # the text's anchors are now cached
    late = patterns.compile(r"zqxwv-plan", re.I)
    assert late.search(text).group(0) == "Zqxwv-Plan"


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_blank_out_equals_blanking_with_re_in_turn(text: str) -> None:
    chosen = [p for name, p in VOCABULARY if name.startswith(("lines.", "money.", "quantities."))]
    expected = text
    for p in chosen:
        expected = re.compile(p.pattern, p.flags).sub(" ", expected)
    memo.clear()
    assert patterns.blank_out(text, chosen) == expected


def test_any_of_answers_for_all_its_patterns() -> None:
    fee, day = patterns.compile(r"плата", re.I), patterns.compile(r"в\s+день", re.I)
    gate = patterns.AnyOf(fee, day)
    assert gate.may_occur_in("Абонентская ПЛАТА") and gate.may_occur_in("10 ГБ В ДЕНЬ")
    assert not gate.may_occur_in("10 ГБ в месяц")
    assert patterns.AnyOf(fee, re.compile(r"x")).may_occur_in("anything")  # no anchors: maybe

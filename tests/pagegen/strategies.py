"""Hypothesis strategies for generated pages: every random choice of a page is a hypothesis draw
(`st.randoms(use_true_random=False)`), so a failing page shrinks towards fewer, simpler offers."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.pagegen.page import OPERATORS, PAGE_LANGS, SHAPES, Page, build_page


def pages(
    shapes: tuple[str, ...] = SHAPES,
    langs: tuple[str, ...] = PAGE_LANGS,
    operators: tuple[str, ...] = OPERATORS,
) -> st.SearchStrategy[Page]:
    return st.builds(
        build_page,
        st.randoms(use_true_random=False, note_method_calls=False),
        st.sampled_from(shapes),
        st.sampled_from(langs),
        st.sampled_from(operators),
    )

"""One cache for the pure text functions of the normalizer, cleared in one call.

The splitters, the fact scanner and the annotations all ask the same questions of the same line
("which amounts?", "which quantities?", "which period?"); each answer is computed once per text.
Cached functions return immutable values (tuples, frozen dataclasses). `clear()` empties every
cache: benchmarks call it so that a page's figure is its cold cost, not a lookup.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_CACHES: list[Any] = []


def cached(maxsize: int = 8192) -> Callable[[F], F]:
    """`functools.lru_cache` that `clear()` knows about."""

    def wrap(fn: F) -> F:
        cached_fn = functools.lru_cache(maxsize=maxsize)(fn)
        _CACHES.append(cached_fn)
        return cached_fn  # type: ignore[return-value]

    return wrap


def clear() -> None:
    """Empty every cache of the normalizer."""
    for fn in _CACHES:
        fn.cache_clear()

"""`re.compile` for the vocabulary: a case-insensitive pattern first tries the lower-cased text.

Python's `re` runs a case-insensitive alternation of words about ten times slower than the same
alternation matched case-sensitively, and most searches of a rule find nothing. A `Folded` pattern
therefore first searches `text.lower()` with a case-sensitive copy of itself; only when that finds
something does the real (case-insensitive) pattern run, and only at the place where the
lower-cased copy found its match, so every match, group and span is exactly what `re` gives.
No match can start before the pre-check's first one (it only drops conditions), so the search
for the real match starts there rather than at the start of the text. The
copy is used only when it provably finds a match wherever the real one does: every literal of the
pattern is lower-case and every character class holds the lower case of each of its members
(`[a-zA-Z]` yes, `[А-Я]` alone no). The pre-check also drops word boundaries and lookarounds: they
only narrow a match, and without them `re` can skip ahead by first characters. Text whose
lower-casing changes its length (`İ`), or that holds a letter `re` folds to another than its
lower case (`ı`, `ſ`; found by the anchor pass below), skips the pre-check.

Before either regex runs, a `Folded` pattern asks whether the text holds one of its *anchors*:
literal strings at least one of which every match contains ("плат" for `\bплат[аыу]\b`, each
stem of an alternation of stems). One Aho-Corasick pass per distinct text finds the anchors of
every pattern at once, so a rule that cannot apply to a line costs a set lookup, not a scan.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from re import _compiler, _parser  # type: ignore[attr-defined]
from re import _constants as C  # type: ignore[attr-defined]
from typing import Any

import ahocorasick_rs

from normalizer import memo

_MAX_RANGE = 70_000  # a class range is checked member by member; the BMP fits


def compile(pattern: str, flags: int = 0) -> Folded | re.Pattern[str]:
    """`re.compile(pattern, flags)`; case-insensitive patterns get the lower-cased pre-check."""
    if not flags & re.IGNORECASE:
        return re.compile(pattern, flags)
    return Folded(pattern, flags)


def folded(pattern: str, flags: int = 0) -> Folded:
    """`compile(pattern, flags | re.IGNORECASE)`, typed as the `Folded` it always is (for the
    rules that ask `may_occur_in`)."""
    return Folded(pattern, flags | re.IGNORECASE)


class Folded:
    """A case-insensitive pattern with the API the normalizer uses (see the module docstring)."""

    __slots__ = (
        "anchors",
        "exact",
        "flags",
        "groupindex",
        "groups",
        "low",
        "pattern",
        "quick",
        "spaced",
    )

    def __init__(self, pattern: str, flags: int) -> None:
        self.exact = re.compile(pattern, flags)
        self.pattern = pattern
        self.flags = self.exact.flags
        self.groupindex = self.exact.groupindex
        self.groups = self.exact.groups
        self.quick, self.anchors = quick_check(pattern, flags & ~re.IGNORECASE)
        # the pattern itself, case-sensitive: on the lower-cased text it finds where the match
        # starts, and the real pattern then only has to match there, not scan
        self.low = re.compile(pattern, flags & ~re.IGNORECASE) if self.quick else None
        self.spaced = any(c.isspace() for anchor in self.anchors or () for c in anchor)
        if self.anchors is not None and not self.anchors <= _ANCHORS.keys():
            _ANCHORS.update(dict.fromkeys(sorted(self.anchors)))
            # texts read before this pattern existed lack its anchors
            _lowered.cache_clear()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"Folded({self.pattern!r})"

    def _absent(self, text: str, pos: int, endpos: int, how: str = "search") -> bool:
        """True when the lower-cased pre-check proves the real pattern cannot match."""
        quick = self.quick
        seen = _lowered(text) if quick is not None else None
        if seen is None:
            return False
        low, present = seen
        if self.anchors is not None and self.anchors.isdisjoint(present):
            return True
        return getattr(quick, how)(low, pos, endpos) is None

    def _first(self, text: str, pos: int, endpos: int) -> int | None:
        """Where a search of `text` can begin: `pos`, or later when the pre-check found the
        first place a match may start (None: the real pattern cannot match)."""
        quick = self.quick
        seen = _lowered(text) if quick is not None else None
        if seen is None:
            return pos
        if self.anchors is not None and self.anchors.isdisjoint(seen[1]):
            return None
        hint = quick.search(seen[0], pos, endpos)  # type: ignore[union-attr]
        return None if hint is None else hint.start()

    def may_occur_in(self, text: str) -> bool:
        """False only when no part of `text` can hold a match (none of the anchors is in it):
        one test for all the sentences or slices of a line, or pieces of lines joined by spaces
        (so a pattern with an anchor holding a space is always a maybe)."""
        return _may_hold(None if self.spaced else self.anchors, text)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        # `_absent` written out: this is the normalizer's most frequent call
        quick = self.quick
        seen = _lowered(text) if quick is not None else None
        if seen is None:
            return self.exact.search(text, pos, endpos)
        if self.anchors is not None and self.anchors.isdisjoint(seen[1]):
            return None
        hint = quick.search(seen[0], pos, endpos)  # type: ignore[union-attr]
        if hint is None:
            return None
        # no match starts before the pre-check's: it only drops conditions
        found = self.low.search(seen[0], hint.start(), endpos)  # type: ignore[union-attr]
        return None if found is None else self.exact.match(text, found.start(), endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._absent(text, pos, endpos, "match"):
            return None
        return self.exact.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._absent(text, pos, endpos, "fullmatch"):
            return None
        return self.exact.fullmatch(text, pos, endpos)

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        start = self._first(text, pos, endpos)
        if start is None:
            return iter(())
        seen = _lowered(text) if self.low is not None else None
        if seen is None:
            return self.exact.finditer(text, pos, endpos)
        exact = self.exact
        return (
            exact.match(text, m.start(), endpos)  # type: ignore[misc]
            for m in self.low.finditer(seen[0], start, endpos)  # type: ignore[union-attr]
        )

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        if self._absent(text, pos, endpos):
            return []
        return self.exact.findall(text, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        if self._absent(text, 0, sys.maxsize):
            return text
        if not isinstance(repl, str) or "\\" in repl:
            return self.exact.sub(repl, text, count)
        return _replace(self.finditer(text), repl, text, count)

    def split(self, text: str, maxsplit: int = 0) -> list[str | Any]:
        if self._absent(text, 0, sys.maxsize):
            return [text]
        return self.exact.split(text, maxsplit)


class AnyOf:
    """Several `Folded` patterns asked at once whether any of them can match in a text: one
    lookup for a rule that tries them all (None anchors anywhere: always maybe)."""

    def __init__(self, *folded: Folded | re.Pattern[str]) -> None:
        sets = [p.anchors if isinstance(p, Folded) and not p.spaced else None for p in folded]
        self.anchors = None if None in sets else frozenset().union(*sets)  # type: ignore[arg-type]

    def may_occur_in(self, text: str) -> bool:
        return _may_hold(self.anchors, text)


def _may_hold(anchors: frozenset[str] | None, text: str) -> bool:
    """False only when `text` holds none of `anchors` (None: nothing is known, always maybe)."""
    if anchors is None:
        return True
    seen = _lowered(text)
    return seen is None or not anchors.isdisjoint(seen[1])


def _replace(found: Iterator[re.Match[str]], repl: str, text: str, count: int = 0) -> str:
    """`re.sub` with a plain replacement, from the matches `found`."""
    return _splice(text, [m.span() for m in itertools.islice(found, count or None)], repl)


def blank_out(text: str, blanks: Sequence[Folded | re.Pattern[str]]) -> str:
    """`text` with every match of each pattern in `blanks` replaced by a space, in turn.

    Blanking only inserts spaces and no anchor holds one, so a pattern whose anchors are absent
    from `text` matches none of the texts derived from it: one anchor pass serves them all. The
    lower-cased text is blanked alongside, so no derived text is lower-cased or scanned again."""
    seen = _lowered(text)
    low = seen[0] if seen is not None else None
    for pattern in blanks:
        if low is None or not isinstance(pattern, Folded) or pattern.low is None:
            text = pattern.sub(" ", text)
            low = None
            continue
        anchors = None if pattern.spaced else pattern.anchors
        if anchors is not None and anchors.isdisjoint(seen[1]):  # type: ignore[index]
            continue
        hint = pattern.quick.search(low)  # type: ignore[union-attr]
        if hint is None:
            continue
        exact = pattern.exact
        spans = [
            exact.match(text, m.start()).span()  # type: ignore[union-attr]
            for m in pattern.low.finditer(low, hint.start())
        ]
        text, low = _splice(text, spans, " "), _splice(low, spans, " ")
    return text


def _splice(text: str, spans: list[tuple[int, int]], repl: str) -> str:
    """`text` with each of `spans` (in order, apart) replaced by `repl`."""
    out: list[str] = []
    last = 0
    for start, end in spans:
        out += (text[last:start], repl)
        last = end
    return "".join(out) + text[last:] if out else text


def quick_check(pattern: str, flags: int) -> tuple[re.Pattern[str] | None, frozenset[str] | None]:
    """The case-sensitive, boundary-free pre-check of `pattern` and its anchors (None: none)."""
    if not lower_safe(pattern, flags):
        return None, None
    try:
        parsed = _parser.parse(pattern, flags)
        anchors = _anchors(parsed.data)  # before relaxing: a lookahead's text is needed too
        if not _relax(parsed):
            return re.compile(pattern, flags), None
        if anchors and any(len(a) == 1 and a.isalpha() for a in anchors):
            anchors = None  # a lone letter is in every line: it would only slow the pass
        return _compiler.compile(parsed, flags), frozenset(anchors) if anchors else None
    except (re.error, AttributeError, TypeError, ValueError):  # re's internals moved on
        return re.compile(pattern, flags), None


# Every anchor of every pattern, and the automaton that finds them (rebuilt when patterns are
# added after it was built: modules compile their vocabulary on import).
_ANCHORS: dict[str, None] = {}
_AUTOMATON: list[Any] = [None, ()]  # [automaton, the anchors it was built from]
_DFA = ahocorasick_rs.Implementation.DFA


def _folds_apart() -> str:
    """Letters that `re` matches case-insensitively with a letter other than their lower case
    ('ı' with 'i', 'ſ' with 's', 'ᲀ' with 'в'), from the table `re` itself uses; the plain
    Latin, Cyrillic and Kazakh letters of the vocabulary are not among them."""
    try:
        from re._casefix import _EXTRA_CASES
    except ImportError:  # pragma: no cover - a Python whose re keeps it elsewhere
        return "µıſᲀᲁᲂᲃᲄᲅᲆᲇᲈẛﬅﬆ"
    odd = {chr(c) for key, folds in _EXTRA_CASES.items() for c in (key, *folds)}
    return "".join(sorted(odd - set(_PLAIN_LETTERS)))


_PLAIN_LETTERS = "abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"
_ODD_LETTERS = _folds_apart()
# each is its own lower case, so the anchor pass over the lower-cased text finds them too
_ODD = frozenset(_ODD_LETTERS)
_ANCHORS.update(dict.fromkeys(_ODD_LETTERS))


@memo.cached()
def _lowered(text: str) -> tuple[str, frozenset[str]] | None:
    """`text` lower-cased and the anchors found in it (None when lower-casing changes its
    length, so that spans would not line up, or when `re` folds one of its letters otherwise)."""
    low = text.lower()
    if len(low) != len(text):
        return None
    automaton, built = _AUTOMATON
    if len(built) != len(_ANCHORS):
        built = tuple(_ANCHORS)
        # a DFA: ~5 ms to build once per process, the fastest pass over each text after that
        automaton = ahocorasick_rs.AhoCorasick(built, implementation=_DFA)
        _AUTOMATON[:] = [automaton, built]
    found = frozenset(automaton.find_matches_as_strings(low, True))
    return None if not _ODD.isdisjoint(found) else (low, found)


def _anchors(items: Any) -> set[str] | None:
    """Strings one of which every match of the parsed `items` contains, or None (negative
    lookarounds and boundaries add none; a positive lookaround's text counts)."""
    best: set[str] | None = None
    run: list[str] = []

    def consider(found: set[str] | None) -> None:
        nonlocal best
        if found and all(found) and (best is None or _odds(found) < _odds(best)):
            best = found

    for op, av in [*items, (None, None)]:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        consider({"".join(run)} if run else None)
        run = []
        if op is C.SUBPATTERN:
            consider(_anchors(av[3].data))
        elif op is C.ATOMIC_GROUP:
            consider(_anchors(av.data))
        elif op is C.ASSERT:  # what a positive lookaround sees is in the text as well
            consider(_anchors(av[1].data))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_anchors(av[2].data))
        elif op is C.BRANCH:
            alternatives = [_anchors(alt.data) for alt in av[1]]
            if all(alternatives):
                consider(set().union(*alternatives))  # type: ignore[arg-type]
        elif op is C.IN and all(kind is C.LITERAL for kind, _ in av) and len(av) <= 8:
            consider({chr(code) for _, code in av})
    return best


def _odds(anchors: set[str]) -> float:
    """How likely a line holds one of `anchors` (rough: each letter cuts the odds, and a lone
    sign or digit is rarer than a lone letter); the rarest set makes the best gate."""
    return sum(0.3 ** max(len(a), 1 if a.isalpha() else 2) for a in anchors)


_BOUNDARIES = (C.AT_BOUNDARY, C.AT_NON_BOUNDARY)


def _relax(sub: Any) -> bool:
    """Drop lookarounds and word boundaries from a parsed pattern (in place); False when the
    pattern has back-references, which could point into what is dropped."""
    kept = []
    for op, av in sub.data:
        if op in (C.ASSERT, C.ASSERT_NOT) or (op is C.AT and av in _BOUNDARIES):
            continue
        if op in (C.GROUPREF, C.GROUPREF_EXISTS):
            return False
        children = {
            C.BRANCH: lambda av: av[1],
            C.SUBPATTERN: lambda av: [av[3]],
            C.MAX_REPEAT: lambda av: [av[2]],
            C.MIN_REPEAT: lambda av: [av[2]],
            C.POSSESSIVE_REPEAT: lambda av: [av[2]],
            C.ATOMIC_GROUP: lambda av: [av],
        }.get(op)
        if children is not None and not all(_relax(child) for child in children(av)):
            return False
        kept.append((op, av))
    sub.data[:] = kept
    sub.width = None  # re caches each part's width; the parts changed
    return True


def lower_safe(pattern: str, flags: int = 0) -> bool:
    """True when matching `pattern` case-sensitively on lower-cased text finds a match wherever
    the case-insensitive pattern finds one in the original text."""
    try:
        parsed = _parser.parse(pattern, flags)
    except re.error:
        return False
    return _safe(parsed)


def _safe(items: Any) -> bool:
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL):
            if chr(av).lower() != chr(av) or chr(av) in _ODD_LETTERS:
                return False
        elif op is C.IN:
            if not _class_closed(av):
                return False
        elif op is C.BRANCH:
            if not all(_safe(alt) for alt in av[1]):
                return False
        elif op is C.SUBPATTERN:
            _group, add, delete, sub = av
            if (add | delete) & re.IGNORECASE or not _safe(sub):
                return False
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            if not _safe(av[2]):
                return False
        elif op in (C.ASSERT, C.ASSERT_NOT):
            if not _safe(av[1]):
                return False
        elif op is C.ATOMIC_GROUP:
            if not _safe(av):
                return False
        elif op is C.GROUPREF_EXISTS:
            if not (_safe(av[1]) and (av[2] is None or _safe(av[2]))):
                return False
        elif op not in (C.AT, C.ANY, C.CATEGORY, C.GROUPREF):
            return False  # an opcode this check does not know: no pre-check
    return True


def _class_closed(items: Any) -> bool:
    """A character class holds the lower case of every member (categories are case-free)."""
    members: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            members.add(chr(av))
        elif op is C.RANGE:
            lo, hi = av
            if hi - lo > _MAX_RANGE:
                return False
            members.update(map(chr, range(lo, hi + 1)))
        elif op not in (C.NEGATE, C.CATEGORY):
            return False
    return all(c.lower() in members for c in members)

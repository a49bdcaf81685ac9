"""One pass over a text that tells which of many regular expressions can match it at all.

``PatternSet(patterns).candidates(text)`` is a set of pattern indices that contains every
pattern with a non-empty match in ``text`` (it may contain a few more). The rules then run
only those patterns with ``re``, so the verdict is exactly what running every pattern
would give, at the cost of one scan instead of one scan per pattern.

How: each pattern is *loosened* into an RE2 pattern that matches wherever it does and
more: look-arounds, anchors and word boundaries are dropped (each only narrows a match),
long counted repeats become ``*`` / ``+`` (which keeps RE2's automaton small) and any
construct that is not understood becomes "any character" or, failing that, the pattern is
always a candidate. All loosened patterns run at once in one ``re2.Set`` (a DFA over the
text's UTF-8), in sets of a few patterns each. A pattern that always matches is added to
each set first: were RE2 ever to give up on a text (its DFA out of memory) the answer
would lack it, and then every pattern of that set is a candidate (so is every pattern for
a text with a lone surrogate, which has no UTF-8).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

import re2

__all__ = ["PatternSet", "loosen"]

_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

_EXACT_UP_TO = 4
"""A counted repeat ``{m,n}`` with n at most this stays counted; a longer one is loosened."""
_ANY = r"(?s:.)"
_DIGIT = r"\p{Nd}"
"""Python's ``\\d`` on str patterns: the decimal digits (general category Nd)."""
_SPACE = (
    r"\t-\r\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}"
    r"\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
)
"""Python's ``\\s`` on str patterns (``str.isspace``), as an RE2 class body."""
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
_DROPPED = ("AT", "ASSERT", "ASSERT_NOT")
_MEMORY = 8 << 20
"""RE2's own default budget, per set."""
_PER_SET = 24


class _Unknown(Exception):
    """A construct the loosening does not handle: the pattern is always a candidate."""


def _char(code: int) -> str:
    return f"\\x{{{code:x}}}"


def loosen(pattern: re.Pattern[str]) -> str | None:
    """An RE2 pattern matching wherever ``pattern`` has a match, or None if none is known."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(pattern.pattern, str):
        return None
    try:
        return _sequence(list(_parser.parse(pattern.pattern, pattern.flags).data))
    except (_Unknown, re.error, RecursionError):
        return None


def _sequence(items: Iterable[tuple[Any, Any]]) -> str:
    return "".join(_item(str(op), av) for op, av in items)


def _item(name: str, av: Any) -> str:
    if name == "LITERAL":
        return _char(av)
    if name == "NOT_LITERAL":
        return f"[^{_char(av)}]"
    if name == "ANY":
        return _ANY
    if name == "IN":
        return _class(av)
    if name == "CATEGORY":
        return _class([(_c.CATEGORY, av)])
    if name in _DROPPED:
        return ""  # an assertion only narrows where a match may be
    if name == "BRANCH":
        return "(?:" + "|".join(_sequence(b) for b in av[1]) + ")"
    if name == "SUBPATTERN":
        _, add_flags, _, body = av
        if add_flags & (re.IGNORECASE | re.VERBOSE):
            raise _Unknown(name)
        return "(?:" + _sequence(body) + ")"
    if name == "ATOMIC_GROUP":
        return "(?:" + _sequence(av) + ")"
    if name in _REPEATS:
        low, high, body = av
        inner = "(?:" + _sequence(body) + ")"
        if high != _c.MAXREPEAT and high <= _EXACT_UP_TO:
            return f"{inner}{{{low},{high}}}"
        return inner + ("*" if low == 0 else "+")
    if name == "GROUPREF":
        return _ANY + "*"
    raise _Unknown(name)


def _class(items: Sequence[tuple[Any, Any]]) -> str:
    negated = bool(items) and str(items[0][0]) == "NEGATE"
    parts: list[str] = []
    for op, av in items[1:] if negated else items:
        name = str(op)
        if name == "LITERAL":
            parts.append(_char(av))
        elif name == "RANGE":
            parts.append(f"{_char(av[0])}-{_char(av[1])}")
        elif negated:
            continue  # excluding fewer characters only widens the class
        elif name == "CATEGORY" and str(av) in ("CATEGORY_DIGIT", "CATEGORY_UNI_DIGIT"):
            parts.append(_DIGIT)
        elif name == "CATEGORY" and str(av) in ("CATEGORY_SPACE", "CATEGORY_UNI_SPACE"):
            parts.append(_SPACE)
        else:
            return _ANY  # another category (\w, \S …): any character will do
    if negated:
        return f"[^{''.join(parts)}]" if parts else _ANY
    return f"[{''.join(parts)}]" if parts else "[^\\x{0}-\\x{10ffff}]"


class PatternSet:
    """The patterns that may match a text (see the module docstring)."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        always: list[int] = []
        loose: list[tuple[int, str]] = []
        for index, pattern in enumerate(patterns):
            found = loosen(pattern)
            if found is None or not _compiles(found):
                always.append(index)
            else:
                loose.append((index, found))
        # Several small sets, not one big one: one automaton over every pattern has a state
        # for each mix of half-seen patterns, and new messages keep making new mixes (its
        # cache fills and is rebuilt); a few patterns per set keep the mixes few.
        self._sets: list[tuple[Any, tuple[int, ...]]] = []
        for start in range(0, len(loose), _PER_SET):
            group = loose[start : start + _PER_SET]
            options = re2.Options()
            options.max_mem = _MEMORY
            options.log_errors = False
            one = re2.Set.SearchSet(options)
            one.Add("")  # always matches: its absence means RE2 gave up
            for _, text in group:
                one.Add(text)
            one.Compile()
            self._sets.append((one, tuple(index for index, _ in group)))
        self._always = frozenset(always)
        self._every = frozenset(range(len(patterns)))

    @property
    def always(self) -> frozenset[int]:
        """The patterns that are candidates for every text (no loosened form)."""
        return self._always

    def candidates(self, text: str) -> frozenset[int]:
        """Indices of the patterns that may have a match in ``text``."""
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: RE2 reads UTF-8 only
            return self._every
        found: set[int] = set(self._always)
        for one, ids in self._sets:
            matched = one.Match(data) or ()
            if 0 not in matched:
                found.update(ids)  # RE2 gave up on this text: every pattern may match
            else:
                found.update(ids[i - 1] for i in matched if i)
        return frozenset(found)


def _compiles(pattern: str) -> bool:
    try:
        re2.compile(pattern)
    except re2.error:
        return False
    return True

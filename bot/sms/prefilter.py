"""Literal strings a regex cannot match without: a cheap test that skips most patterns.

``needles(r"(?:子女|孩子)…(?:上学|入学)|考公")`` is ``("子女", "孩子", "考公")``: every match
contains one of them, so when none occurs in a message the regex need not run at all.
Only an optimisation: when a pattern's needs cannot be worked out, it simply always runs.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Iterator
from typing import Any

__all__ = [
    "Near",
    "Needles",
    "Reach",
    "leads",
    "literal_start",
    "near_starts",
    "needles",
    "reach",
    "requirements",
    "search_windows",
    "spread",
    "windows",
]

Needles = tuple[str, ...] | None
"""Strings one of which every match contains; None when unknown (always run)."""

_MAX_CLASS = 8  # a character class of up to this many literals becomes a set of needles
SHORT = 300
"""Texts up to this long are searched whole: the windows cost more than they save."""
_MAX_REACH = 400  # a pattern that may match more characters than this is run over the whole text

Reach = tuple[int, int]
"""How far a match may extend: its most characters, and the most its lookaheads read beyond
them (lookbehinds read before the match, which a search from a later position still sees)."""


def needles(pattern: str) -> Needles:
    """The needles of ``pattern`` (see the module docstring), or None."""
    try:
        found = _sequence(_parse(pattern))
    except Exception:  # any surprise only disables the optimisation
        return None
    return tuple(sorted(found)) if found else None


def requirements(pattern: str) -> tuple[tuple[str, ...], ...] | None:
    """Every mandatory part of ``pattern`` at its top level, each as the strings one of which
    a match contains: ``验证码[^,]{0,9}?(?:告知|告诉)`` needs ``验证码`` *and* one of
    ``告知``/``告诉``. None when no part is known (the pattern always runs)."""
    try:
        parts = _parts(_parse(pattern))
    except Exception:  # any surprise only disables the optimisation
        return None
    return tuple(tuple(sorted(part)) for part in parts) if parts else None


def reach(pattern: str) -> Reach | None:
    """``(most characters a match has, most characters its lookaheads read after it)``, or
    None when either is unbounded (or above a few hundred), when the pattern can match the
    empty string, ignores case or refers back to a group: then a search must run over the
    whole text. With it, the matches that contain a needle at ``q`` start in ``[q - most,
    q]``, and a search from there with ``endpos`` at least ``most + ahead + 2`` past the
    last such start sees every character a match attempt there would (``bot.sms.rules``)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            parsed = _parsed(pattern)
            low, high = parsed.getwidth()
            ahead = _ahead(list(parsed.data))
    except Exception:  # any surprise only disables the optimisation
        return None
    flags = parsed.state.flags
    if low == 0 or high > _MAX_REACH or ahead is None or ahead > _MAX_REACH:
        return None
    if flags & 2 or "GROUPREF" in repr(parsed.data):  # re.IGNORECASE; back-references
        return None
    return int(high), ahead


_NEAR = 8
"""The most characters before a needle at which ``near_starts`` lets a match start."""


def near_starts(pattern: str) -> dict[str, int] | None:
    """For a pattern with no ``reach`` (its match may run on without bound, as ``\\d{4,}``
    or ``(?:\\.[a-z]){2,}``) whose every match still starts at most ``_NEAR`` characters
    before a string of one of its mandatory parts (of an alternation: of each branch's): those
    strings, each with the most characters a match has before it (as ``leads``). Trying
    ``pattern.match`` at just those starts (with no ``endpos``: the text is not cut) finds the
    matches ``finditer`` does. None when there is no such part, or the pattern may match the
    empty string, ignores case or refers back to a group."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            parsed = _parsed(pattern)
            if parsed.getwidth()[0] == 0 or parsed.state.flags & 2:
                return None
            if "GROUPREF" in repr(parsed.data):
                return None
            return _near(list(parsed.data), parsed.state)
    except Exception:  # any surprise only disables the optimisation
        return None


def _near(items: list[tuple[Any, Any]], state: Any) -> dict[str, int] | None:
    """``near_starts`` of the sequence ``items``: its most selective mandatory part (longest
    shortest string, fewest strings, then the nearest) that a match has at most ``_NEAR``
    characters before; failing that, when it is one alternation, each branch's together."""
    best: tuple[tuple[int, int, int], dict[str, int]] | None = None
    for part, before in _lead_parts(items, state):
        most = max(before.values())
        key = (min(len(x) for x in part), -len(part), -most)
        if most <= _NEAR and (best is None or key > best[0]):
            best = key, before
    if best is not None:
        return best[1]
    if len(items) != 1 or str(items[0][0]) != "BRANCH":
        return None
    union: dict[str, int] = {}
    for branch in items[0][1][1]:
        found = _near(list(branch), state)
        if found is None:
            return None
        for needle, lead in found.items():
            union[needle] = max(lead, union.get(needle, 0))
    return union


def literal_start(pattern: str) -> bool:
    """Whether every match of ``pattern`` starts with one same literal character (``点(?:击|
    此)…``, ``(?:www)…``): then ``re`` itself skips to each occurrence of it in C, and a
    search of the whole text costs less than searching windows from Python."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            items = list(_parsed(pattern).data)
            flags = _parsed(pattern).state.flags
    except Exception:  # any surprise: say no (the windows are always correct)
        return False
    if flags & 2:  # re.IGNORECASE: no literal prefix
        return False
    while items:
        op, av = items[0]
        if str(op) != "SUBPATTERN" or av[1] or av[2]:  # a group that sets no flags
            return str(op) == "LITERAL"
        items = list(av[-1])
    return False


def _ahead(items: list[tuple[Any, Any]]) -> int | None:
    """The sum of the widest reads of every lookahead in ``items`` (nested ones too)."""
    total = 0
    for op, av in items:
        name = str(op)
        children: list[list[tuple[Any, Any]]] = []
        if name in ("ASSERT", "ASSERT_NOT"):
            direction, body = av
            if direction == 1:
                high = body.getwidth()[1]
                if high > _MAX_REACH:
                    return None
                total += int(high)
            children = [list(body.data)]
        elif name == "SUBPATTERN":
            children = [list(av[-1])]
        elif name == "ATOMIC_GROUP":
            children = [list(av)]
        elif name == "BRANCH":
            children = [list(branch) for branch in av[1]]
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            children = [list(av[2])]
        elif name == "GROUPREF_EXISTS":
            children = [list(x) for x in av[1:] if x is not None]
        for child in children:
            inner = _ahead(child)
            if inner is None:
                return None
            total += inner
    return total


def _parse(pattern: str) -> list[tuple[Any, Any]]:
    return list(_parsed(pattern).data)


@functools.lru_cache(maxsize=1024)
def _parsed(pattern: str) -> Any:
    """``pattern`` parsed once (``needles``, ``requirements``, ``reach`` and ``leads`` each
    read it: parsing ~200 patterns four times was most of the analyzer's build); only read."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import sre_parse  # the parser ``re`` itself uses; deprecated name, stable API
    return sre_parse.parse(pattern)


def _sequence(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """Needles of a sequence: its most selective mandatory part."""
    options = _parts(items)
    if not options:
        return None
    return max(options, key=lambda s: (min(len(x) for x in s), -len(s)))


def _parts(items: list[tuple[Any, Any]]) -> list[frozenset[str]]:
    """The mandatory parts of a sequence: literal runs and items that need some string."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(av))
            continue
        if run:
            options.append(frozenset({"".join(run)}))
            run = []
        part = _item(name, av)
        if part:
            options.append(part)
    if run:
        options.append(frozenset({"".join(run)}))
    return options


def _item(name: str, av: Any) -> frozenset[str] | None:
    if name == "SUBPATTERN":
        return _sequence(list(av[-1]))
    if name == "ATOMIC_GROUP":
        return _sequence(list(av))
    if name == "BRANCH":
        union: set[str] = set()
        for branch in av[1]:
            found = _sequence(list(branch))
            if not found:
                return None
            union |= found
        return frozenset(union)
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _, body = av
        return _sequence(list(body)) if low >= 1 else None
    if name == "IN":
        chars = [chr(value) for op, value in av if str(op) == "LITERAL"]
        if chars and len(chars) == len(av) and len(chars) <= _MAX_CLASS:
            return frozenset(chars)
    return None


class Near:
    """A compiled pattern searched only around the needles of one of its mandatory parts:
    ``Near(p).finditer(text)`` gives exactly the matches of ``p.finditer(text)``.

    Every match contains a string of the part, and has at most ``leads[needle]``
    characters before it (``leads``), so it starts at most that far before one of them. A
    pattern whose parts or reach are unknown is searched over the whole text."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        parts = requirements(pattern.pattern)
        bounds = reach(pattern.pattern)
        self._gate: tuple[str, ...] = ()
        self._leads: dict[str, int] = {}
        self._reads = 0
        if parts and bounds is not None:
            gate = max(parts, key=lambda part: (min(len(x) for x in part), -len(part)))
            before = leads(pattern.pattern, frozenset(gate)) or {}
            self._leads = {n: min(before.get(n, bounds[0]), bounds[0]) for n in gate}
            self._gate, self._reads = gate, bounds[0] + bounds[1] + 2

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of the pattern in ``text``, in order, as ``re.finditer`` gives them."""
        if not self._gate or len(text) <= SHORT:
            yield from self.pattern.finditer(text)
            return
        spots: list[tuple[int, int]] = []
        for needle in self._gate:
            before = self._leads[needle]
            at = text.find(needle)
            while at >= 0:
                spots.append((at - before if at > before else 0, at))
                at = text.find(needle, at + 1)
        if not spots:
            return
        if len(self._gate) > 1:
            spots.sort()
        yield from search_windows(self.pattern, text, windows(spots, self._reads, len(text)))


def leads(pattern: str, gate: frozenset[str]) -> dict[str, int] | None:
    """For each string of ``gate`` (a mandatory part of the pattern, as ``requirements``
    gives it), the most characters a match has before that string starts; None when not
    worked out. ``上门|(?:去|到)你`` → ``{"上门": 0, "去": 0, "到": 0}`` for its gate."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            parsed = _parsed(pattern)
            for part, spots in _lead_parts(list(parsed.data), parsed.state):
                if part == gate:
                    return spots
    except Exception:  # any surprise only disables the optimisation
        return None
    return None


_Led = tuple[frozenset[str], dict[str, int]]


def _lead_parts(items: list[tuple[Any, Any]], state: Any) -> list[_Led]:
    """``_parts`` with, for each string, the widest stretch of a match before it."""
    import sre_parse

    out: list[_Led] = []
    run: list[str] = []
    run_at = before = 0
    for op, av in [*items, (None, None)]:
        name = str(op)
        if name == "LITERAL":
            if not run:
                run_at = before
            run.append(chr(av))
            before += 1
            continue
        if run:
            out.append((frozenset({"".join(run)}), {"".join(run): run_at}))
            run = []
        if op is None:
            break
        found = _lead_item(name, av, state)
        if found is not None and found[0]:
            out.append((found[0], {k: before + v for k, v in found[1].items()}))
        before += int(sre_parse.SubPattern(state, [(op, av)]).getwidth()[1])
    return out


def _lead_sequence(items: list[tuple[Any, Any]], state: Any) -> _Led | None:
    options = _lead_parts(items, state)
    if not options:
        return None
    return max(options, key=lambda s: (min(len(x) for x in s[0]), -len(s[0])))


def _lead_item(name: str, av: Any, state: Any) -> _Led | None:
    if name == "SUBPATTERN":
        return _lead_sequence(list(av[-1]), state)
    if name == "ATOMIC_GROUP":
        return _lead_sequence(list(av), state)
    if name == "BRANCH":
        union: dict[str, int] = {}
        for branch in av[1]:
            found = _lead_sequence(list(branch), state)
            if not found:
                return None
            for needle, before in found[1].items():
                union[needle] = max(before, union.get(needle, 0))
        return frozenset(union), union
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _, body = av
        return _lead_sequence(list(body), state) if low >= 1 else None
    if name == "IN":
        chars = [chr(value) for op, value in av if str(op) == "LITERAL"]
        if chars and len(chars) == len(av) and len(chars) <= _MAX_CLASS:
            return frozenset(chars), dict.fromkeys(chars, 0)
    return None


_MERGE = 16
"""Windows whose starts are at most this far apart are searched as one."""


def windows(spots: list[tuple[int, int]], reads: int, size: int) -> list[tuple[int, int, int]]:
    """``(first start, last start, endpos)`` of each stretch where a match may start, given
    ``(earliest start, needle)`` for each occurrence of a needle that every match contains
    (sorted): a match that contains the needle at ``q`` starts in ``[earliest, q]``, and its
    attempt reads at most ``reads`` characters from its start."""
    out: list[tuple[int, int, int]] = []
    lo = hi = -1
    for first, q in spots:
        if first - hi <= _MERGE and lo >= 0:  # close enough: one search covers both
            if q > hi:
                hi = q
            continue
        if lo >= 0:
            out.append((lo, hi, hi + reads if hi + reads < size else size))
        lo, hi = first, q
    if lo >= 0:
        out.append((lo, hi, hi + reads if hi + reads < size else size))
    return out


def spread(starts: list[int], before: int, reads: int, size: int) -> list[tuple[int, int, int]]:
    """``windows`` of one needle's ``starts`` (ascending), each match starting at most
    ``before`` characters ahead of one: the same stretches, in one loop and no list of spots."""
    out: list[tuple[int, int, int]] = []
    lo = hi = -1
    for q in starts:
        first = q - before if q > before else 0
        if first - hi <= _MERGE and lo >= 0:  # close enough: one search covers both
            hi = q
            continue
        if lo >= 0:
            out.append((lo, hi, hi + reads if hi + reads < size else size))
        lo, hi = first, q
    if lo >= 0:
        out.append((lo, hi, hi + reads if hi + reads < size else size))
    return out


def search_windows(
    pattern: re.Pattern[str], text: str, stretches: list[tuple[int, int, int]]
) -> Iterator[re.Match[str]]:
    """The matches ``pattern.finditer(text)`` gives, searching only ``stretches`` (see
    ``windows``; the pattern must have a ``reach``, so it never matches the empty string and
    each next match starts at or after the previous one's end). A match a stretch's search
    reports past the stretch's last start is dropped: that start may have been cut short by
    ``endpos`` (it is searched in its own stretch, if it has one). A search from a later
    position still sees the text before it (lookbehinds, ``\\b``)."""
    pos = 0
    for first, last, endpos in stretches:
        if first == last:  # one start: the match there, if any (``re`` scans no further)
            found = pattern.match(text, first, endpos) if pos <= first else None
            if found is not None:
                yield found
                pos = found.end()
            continue
        while pos <= last:
            found = pattern.search(text, first if first > pos else pos, endpos)
            if found is None or found.start() > last:
                break
            yield found
            pos = found.end()

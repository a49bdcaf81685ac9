"""Literal strings a regex cannot match without: a cheap test that skips most patterns.

``needles(r"(?:子女|孩子)…(?:上学|入学)|考公")`` is ``("子女", "孩子", "考公")``: every match
contains one of them, so when none occurs in a message the regex need not run at all.
Only an optimisation: when a pattern's needs cannot be worked out, it simply always runs.
"""

from __future__ import annotations

import warnings
from typing import Any

__all__ = ["Needles", "Reach", "needles", "reach", "requirements"]

Needles = tuple[str, ...] | None
"""Strings one of which every match contains; None when unknown (always run)."""

_MAX_CLASS = 8  # a character class of up to this many literals becomes a set of needles
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
            import sre_parse

            parsed = sre_parse.parse(pattern)
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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import sre_parse  # the parser ``re`` itself uses; deprecated name, stable API
    return list(sre_parse.parse(pattern).data)


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

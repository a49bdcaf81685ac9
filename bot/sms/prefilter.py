"""Literal strings a regex cannot match without: a cheap test that skips most patterns.

``needles(r"(?:子女|孩子)…(?:上学|入学)|考公")`` is ``("子女", "孩子", "考公")``: every match
contains one of them, so when none occurs in a message the regex need not run at all.
Only an optimisation: when a pattern's needs cannot be worked out, it simply always runs.
"""

from __future__ import annotations

import warnings
from typing import Any

__all__ = ["Needles", "max_width", "needles", "windows"]

Needles = tuple[str, ...] | None
"""Strings one of which every match contains; None when unknown (always run)."""

_MAX_CLASS = 8  # a character class of up to this many literals becomes a set of needles
_MAX_WIDTH = 300  # longer possible matches are searched in the whole text


def needles(pattern: str) -> Needles:
    """The needles of ``pattern`` (see the module docstring), or None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import sre_parse  # the parser ``re`` itself uses; deprecated name, stable API
        parsed = sre_parse.parse(pattern)
        found = _sequence(list(parsed.data))
    except Exception:  # any surprise only disables the optimisation
        return None
    return tuple(sorted(found)) if found else None


def max_width(pattern: str) -> int | None:
    """The longest text ``pattern`` can match, or None when unbounded, anchored or unknown.

    With it, a long message need only be searched near the needles (``windows``).
    """
    if "$" in pattern or "^" in pattern or "\\b" in pattern:
        return None  # anchors would match at the edge of a window
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import sre_parse
        width = int(sre_parse.parse(pattern).getwidth()[1])
    except Exception:
        return None
    return width if width <= _MAX_WIDTH else None


def windows(
    text: str, found: tuple[str, ...], width: int, margin: int = 16
) -> list[tuple[int, int]] | None:
    """The stretches of ``text`` that can hold a match containing one of ``found`` (each
    occurrence ± ``width``), merged; None when they would cover most of the text anyway."""
    spans: list[tuple[int, int]] = []
    total = 0
    limit = len(text) // 2
    for needle in found:
        at = text.find(needle)
        while at >= 0:
            spans.append((max(0, at + len(needle) - width), min(len(text), at + width + margin)))
            total += spans[-1][1] - spans[-1][0]
            if total > limit * 3:
                return None
            at = text.find(needle, at + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    if sum(end - start for start, end in merged) > limit:
        return None
    return merged


def _sequence(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """Needles of a sequence: its most selective mandatory part."""
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
    if not options:
        return None
    return max(options, key=lambda s: (min(len(x) for x in s), -len(s)))


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

"""SMS text made safe to print: links defanged, control characters dropped, markup escaped.

An SMS is untrusted text. In a PDF it goes through reportlab's Paragraph markup, where
``<``, ``&`` and ``>`` are tags and entities; in a CSV it can start with ``=`` and be
run as a formula by a spreadsheet. A character the embedded font has no glyph for
(an emoji) would print as an empty box, so it is written as its code point instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container
from xml.sax.saxutils import escape

from bot.sms.defang import defang

__all__ = ["plain", "pdf_markup", "spreadsheet_cell"]

# What a spreadsheet would evaluate: "=…", "@…", and "+"/"-" before anything but a digit
# (a sender such as "+8613800138000" stays as it is; "+cmd|…" and "-HYPERLINK(…)" do not).
_FORMULA = re.compile(r"[=@]|[+-](?![\d\s]|$)")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")


def plain(text: str) -> str:
    """``text`` defanged, with line breaks unified to ``\\n``, tabs as spaces and every
    other control or format-breaking character (C0/C1, lone surrogates, bidi overrides)
    removed."""
    text = _LINE_BREAKS.sub("\n", defang(text)).replace("\t", " ")
    return "".join(ch for ch in text if ch == "\n" or not _dropped(ch))


def pdf_markup(text: str, has_glyph: Callable[[int], bool] | Container[int]) -> str:
    """``text`` as Paragraph markup: :func:`plain`, escaped, glyph-less characters shown as
    ``[U+1F600]``, line breaks as ``<br/>``."""
    known = has_glyph if callable(has_glyph) else has_glyph.__contains__
    text = plain(text)
    for ch in {c for c in text if c not in "\n " and not known(ord(c))}:
        # Combining marks and invisible joiners (emoji variation selectors) just go.
        invisible = unicodedata.category(ch) in ("Mn", "Cf")
        text = text.replace(ch, "" if invisible else f"[U+{ord(ch):04X}]")
    return escape(text).replace("\n", "<br/>")


def spreadsheet_cell(text: str) -> str:
    """:func:`plain` text that a spreadsheet shows as text, never runs as a formula."""
    out = plain(text)
    return "'" + out if _FORMULA.match(out) else out


# Bidirectional overrides and isolates reorder what a reader sees (a "Trojan Source" SMS).
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _dropped(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category in ("Cc", "Cs", "Co") or ch in _BIDI or ch in "\ufffe\uffff"

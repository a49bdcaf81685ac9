"""Text normalisation shared by the answer resolver and the SMS analyzer.

NFKC folds full-width letters, digits and punctuation to their ASCII forms; zero-width and
control characters are dropped; Traditional Chinese is converted to Simplified so one set
of synonyms and patterns serves both scripts.
"""

from __future__ import annotations

import re
import unicodedata

from bot.i18n import to_simplified

__all__ = ["fold", "normalize"]

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e\u034f]")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "～": "~"})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """NFKC, invisible and control characters removed, curly quotes straightened.

    Keeps case and script: use it for display-safe text that should still look like the input.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text).translate(_QUOTES)
    return "".join(
        ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text
    )


def normalize(text: str) -> str:
    """The matching form of ``text``: folded, Simplified, lower-case, single-spaced."""
    return _SPACES.sub(" ", to_simplified(fold(text))).strip().lower()

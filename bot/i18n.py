"""Chinese script conversion (OpenCC) and language selection for user-facing text."""

from __future__ import annotations

from enum import StrEnum
from functools import cache

import opencc

__all__ = [
    "HANT_CONFIG",
    "HANT_FIXES",
    "Lang",
    "known_lang",
    "lang_from_code",
    "to_simplified",
    "to_traditional",
]

HANT_CONFIG = "s2tw"
"""Simplified → Traditional characters in Taiwan's standard forms (为 → 為), with no phrase
substitution: ``s2twp`` would turn mainland terms into Taiwan ones (注销 → 登出, 链接 → 連結),
which changes their meaning for mainland users."""

HANT_FIXES: tuple[tuple[str, str], ...] = (
    ("天后", "天後"),  # "3 天后" is "after 3 days", not the goddess 天后
)
"""Phrases OpenCC gets wrong in our texts, replaced after conversion (wrong, right).
``paidoff check`` converts every knowledge text and reports what still looks wrong."""


class Lang(StrEnum):
    """A language the bot speaks; zh-Hant is derived from zh-Hans by OpenCC."""

    ZH_HANS = "zh-Hans"
    EN = "en"
    ZH_HANT = "zh-Hant"


@cache
def _converter(config: str) -> opencc.OpenCC:
    # Built on first use, never at import time: building one reads OpenCC's dictionaries.
    return opencc.OpenCC(config)


@cache
def to_traditional(text: str) -> str:
    """Simplified → Traditional Chinese, for zh-Hant users (cached: the texts are few)."""
    out = str(_converter(HANT_CONFIG).convert(text))
    for wrong, right in HANT_FIXES:
        out = out.replace(wrong, right)
    return out


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese with Taiwan phrases (連結 → 链接), for matching input."""
    return str(_converter("tw2sp").convert(text))


_HANT_TAGS = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")


def known_lang(code: str) -> Lang | None:
    """The language ``code`` names ("en", "zh", "hant", "繁体" …), or None for any other
    ("lang fr" must not switch an English reader to Chinese)."""
    norm = code.strip().lower().replace("_", "-")
    hans = norm.startswith(("zh", "hans", "cn", "中", "简", "簡"))
    lang = lang_from_code(norm)
    return lang if lang is not Lang.ZH_HANS or hans else None


def lang_from_code(code: str | None) -> Lang:
    """The bot language for a client language code (Telegram's ``language_code``, ``lang en``)."""
    norm = (code or "").strip().lower().replace("_", "-")
    if norm.startswith(_HANT_TAGS) or norm in {"hant", "tw", "hk", "繁", "繁体", "繁體"}:
        return Lang.ZH_HANT
    if norm.startswith("en"):
        return Lang.EN
    return Lang.ZH_HANS

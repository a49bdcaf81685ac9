"""The person an SMS addresses: "邓强，你欠的钱…" → 邓强; "王先生您好" → 王先生.

A name is looked for where SMS put it: first in the body (after the 【signature】 and
尊敬的/亲爱的), in "请问是周建平本人吗", and in a masked account "账户(*晓芸)". It must
start with a known surname (or a ``*`` mask) and be no word from ``not_names``; a lone
surname keeps its honorific (王先生). Placeholders (尊敬的用户, XXX, 某某, ***) give None.
The name is returned as written in the original (鄧強 stays Traditional).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.sms_model import NameRules
from bot.sms.text import CJK, Folded, fold_for_matching

__all__ = ["NameFinder", "NameHit"]

_NAME_CHARS = rf"[{CJK}*]"


@dataclass(frozen=True, slots=True)
class NameHit:
    """The addressed name as written, and where it is in the folded text."""

    text: str
    start: int
    end: int


class NameFinder:
    """Finds the addressed person per ``sms.yaml`` → ``names``."""

    def __init__(self, rules: NameRules) -> None:
        def norm(word: str) -> str:
            return fold_for_matching(word).text

        self._surnames = frozenset(ch for ch in norm(rules.surnames) if ch.strip())
        self._compound = tuple(norm(c) for c in rules.compound)
        self._placeholders = tuple(norm(p) for p in rules.placeholders)
        self._not_names = tuple(norm(n) for n in rules.not_names)
        honorifics = "|".join(map(re.escape, (norm(h) for h in rules.honorifics))) or "(?!)"
        greetings = [norm(g) for g in rules.greetings]
        openers = "|".join(map(re.escape, greetings)) or "(?!)"
        self._opener = re.compile(rf"(?:{openers})")
        self._lead = re.compile(
            rf"(?P<name>{_NAME_CHARS}{{1,4}}?)(?P<hon>{honorifics})?(?=您好|你好|[,:!\s]|本人)"
        )
        self._asked = re.compile(
            rf"(?:是|您是|你是)(?P<name>{_NAME_CHARS}{{2,4}}?)(?P<hon>{honorifics})?本人"
        )
        self._account = re.compile(rf"(?:账户|账号)\((?P<name>{_NAME_CHARS}{{2,4}})\)")

    def find(self, folded: Folded, body_start: int) -> NameHit | None:
        """The addressed name, or None when the SMS names nobody (or only a placeholder)."""
        text = folded.text
        pos = _skip_symbols(text, body_start)
        while True:  # strip greetings: 尊敬的 / 您好, / 亲爱的
            opener = self._opener.match(text, pos)
            if opener is None:
                break
            pos = _skip_symbols(text, opener.end())
        lead = self._lead.match(text, pos)
        if lead is not None and not self._placeholder(lead.group("name")):
            hit = self._accept(folded, lead)
            if hit is not None:
                return hit
        for pattern in (self._asked, self._account):
            for found in pattern.finditer(text):
                hit = self._accept(folded, found)
                if hit is not None:
                    return hit
        return None

    def _placeholder(self, core: str) -> bool:
        return any(p in core for p in self._placeholders)

    def _accept(self, folded: Folded, found: re.Match[str]) -> NameHit | None:
        core, honorific = found.group("name"), found.groupdict().get("hon")
        if self._placeholder(core) or any(word in core for word in self._not_names):
            return None
        if not self._plausible(core, honorific):
            return None
        start, end = found.span("name")
        if honorific and _bare_surname(core, self._compound):
            end = found.end("hon")  # 王先生: a lone surname keeps its honorific
        return NameHit(folded.source(start, end), start, end)

    def _plausible(self, core: str, honorific: str | None) -> bool:
        if core.startswith("*"):
            return any(ch != "*" for ch in core)
        if core.startswith(self._compound):
            return len(core) > 2 or honorific is not None
        if core[0] not in self._surnames:
            return False
        if len(core) == 1:
            return honorific is not None
        return len(core) <= 3


def _bare_surname(core: str, compound: tuple[str, ...]) -> bool:
    return len(core) == 1 or core in compound


def _skip_symbols(text: str, pos: int) -> int:
    """Skip spaces, emoji and punctuation before the first word."""
    end = min(len(text), pos + 8)
    while pos < end and not (text[pos].isalnum() or text[pos] == "*"):
        pos += 1
    return pos

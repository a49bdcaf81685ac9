"""Reading typed text: command words, option numbers, pasted SMS and a person's own words.

Pure; the words come from ``texts.yaml`` → ``commands`` so both channels share them.
"""

from __future__ import annotations

import re

from bot.knowledge.base import Knowledge
from bot.normalize import fold, normalize
from bot.sms.analyzer import SmsAnalyzer
from bot.sms.intake import speaks_to_reader

__all__ = ["is_word", "lang_word", "numbers", "one_per_line", "own_words"]


def is_word(k: Knowledge, name: str, text: str) -> bool:
    """Whether ``text`` is one of the ``name`` command words (``back``, ``返回`` …)."""
    return normalize(text) in k.commands.get(name, frozenset())


def lang_word(k: Knowledge, text: str) -> tuple[bool, str]:
    """("lang en" →) (True, "en"); (True, "") for the word alone; (False, "") otherwise."""
    words = normalize(text).split()
    if words and words[0] in k.commands.get("lang", frozenset()) and len(words) <= 2:
        return True, words[1] if len(words) == 2 else ""
    return False, ""


def numbers(text: str) -> list[int]:
    """ "1 6", "1,6", "1、6", "1. 6." → [1, 6]; [] unless every part is a number."""
    spaced = fold(text).replace(",", " ").replace("，", " ").replace("、", " ")
    parts = [p.rstrip(".。") for p in spaced.split()]  # "1." / "1。" as typed on a phone
    ok = parts and all(p.isascii() and p.isdigit() for p in parts)
    return [int(p) for p in parts] if ok else []


def own_words(k: Knowledge, text: str) -> bool:
    """A person telling their own situation ("我已经还清了但是还一直收到催收短信"): it
    speaks as "I" and not to "you", so it is not a message they received. A company
    speaking of itself ("我司", "我行": ``not_first_person``) is not "I"."""
    if speaks_to_reader(text):
        return False
    folded = normalize(text)
    for word in k.commands.get("not_first_person", frozenset()):  # "我司", "我行" …
        folded = folded.replace(normalize(word), " ")
    for word in k.commands.get("first_person", frozenset()):
        if word.isascii():
            if re.search(rf"(?<![a-z']){re.escape(word)}(?![a-z'])", folded):
                return True
        elif word in folded:
            return True
    return False


def one_per_line(text: str, analyzer: SmsAnalyzer) -> str:
    """Several SMS pasted one per line, each an SMS on its own, set apart by blank lines
    (the analyzer splits at blank lines); any other text is returned unchanged."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2 or not all(analyzer.read_intake(line).is_sms for line in lines):
        return text
    return "\n\n".join(lines)

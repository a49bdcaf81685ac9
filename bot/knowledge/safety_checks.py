"""Checks that keep a schema-valid knowledge folder from breaking or hanging the bot.

* every regular expression (question options, SMS signals and platforms) compiles, does
  not match the empty string (it would match every text) and has no shape that
  backtracks catastrophically: a repeat inside a repeat (``(a+)+``), or alternatives that
  can start alike under a repeat (``(a|ab)*``). One such pattern froze the bot on a
  28-letter SMS; the shapes are found statically, from the parsed pattern;
* every ``{placeholder}`` an interface text uses is one the code fills in for that text
  (a name changed in both languages passes the language check, then raises KeyError);
* no synonym belongs to two options of one question (the answer would be a coin toss);
* ``days`` ranges run from low to high.

``check_all`` (in ``checks``) calls ``check_safety`` once.
"""

from __future__ import annotations

import importlib
import re
import string
from collections.abc import Callable, Iterator
from typing import Any

from bot.knowledge.model import QuestionsFile, TextsFile
from bot.knowledge.sms_model import SmsFile
from bot.knowledge.yamlsrc import Path
from bot.normalize import normalize

# The parser behind ``re`` (Python 3.11+; ``sre_parse`` is its deprecated alias).
_sre: Any = importlib.import_module("re._constants")
_sre_parse: Any = importlib.import_module("re._parser")

__all__ = ["TEXT_VALUES", "check_safety", "regex_danger"]

Add = Callable[[str, Path, str], None]

TEXT_VALUES: dict[str, frozenset[str]] = {
    "reask": frozenset({"answer"}),
    "progress": frozenset({"current", "total"}),
    "chosen": frozenset({"answer"}),
    "cause_line": frozenset({"rank", "title", "bar", "why"}),
    "steps_intro": frozenset({"count"}),
    "step_header": frozenset({"number", "count", "title"}),
    "step_why": frozenset({"text"}),
    "step_keep": frozenset({"text"}),
    "step_sources": frozenset({"text"}),
    "privacy": frozenset({"days"}),
    "open_step": frozenset({"number"}),
    "sms_risk": frozenset({"bar"}),
    "sms_more": frozenset({"count"}),
    "input_cut": frozenset({"total", "kept", "cut"}),
    "more_steps": frozenset({"count"}),
    "no_such_step": frozenset({"number", "count"}),
    "causes_tied": frozenset({"count"}),
    # s3-conv
    "sms_replace_ask": frozenset({"changes"}),
    "sms_change_line": frozenset({"question", "mine", "sms"}),
    "sms_model_why": frozenset({"label", "percent", "nearest", "source", "phrases"}),
    "sms_model_why_plain": frozenset({"label", "percent", "nearest", "source", "phrases"}),
    # --- s3-report --- (bot/report)
    "report_generated": frozenset({"time"}),
    "report_count": frozenset({"count", "first", "last"}),
    "report_after_payoff": frozenset({"after", "date"}),
    "report_night": frozenset({"night"}),
    "report_senders": frozenset({"senders"}),
    "report_entry": frozenset({"number", "time", "sender", "verdict"}),
    "ready_fill": frozenset({"what"}),
    "ready_span": frozenset({"first", "last", "count", "senders"}),
    "ready_after_part": frozenset({"after"}),
    "ready_night_part": frozenset({"night"}),
    "ready_threat_part": frozenset({"threats"}),
    "ready_95188": frozenset({"payoff", "span", "after_part"}),
    "ready_12378": frozenset({"who", "payoff", "span", "after_part", "night_part", "threat_part"}),
    "ready_12321": frozenset({"report"}),
    "ready_12321_more": frozenset({"more"}),
    "ready_dispute": frozenset({"payoff", "overdue_part"}),
    "ready_wrong_number": frozenset({"name_part"}),
    "ready_name_part": frozenset({"name"}),
    # --- s4-evidence ---
    "keep_on_done": frozenset({"count"}),
    "timeline": frozenset({"count", "first", "last", "senders", "after"}),
    "evidence_delete_confirm": frozenset({"count"}),
    "evidence_deleted": frozenset({"count"}),
    "evidence_pdf_caption": frozenset({"count", "days"}),
    "evidence_csv_caption": frozenset({"count"}),
    "export_saved": frozenset({"path"}),
    # --- s4-photo ---
    "photo_read_sender": frozenset({"sender"}),
    # --- s5-follow ---
    "evidence_paid_ask": frozenset({"example"}),
    "evidence_paid_again": frozenset({"example"}),
    "evidence_paid_set": frozenset({"date"}),
    "timeline_after": frozenset({"count", "date"}),
    "report_seen": frozenset({"signals"}),
    "fu_days_option": frozenset({"days"}),
    "fu_set": frozenset({"when"}),
    "repayment_ask_ahead": frozenset({"day"}),
    "repayment_ahead_option": frozenset({"days"}),
    "repayment_set": frozenset({"ahead", "day", "when", "hour"}),
    "repayment_ask_day": frozenset({"low", "high", "example"}),
    "repayment_ask_day_again": frozenset({"low", "high", "example"}),
    "repayment_ahead_one": frozenset({"days"}),
    "repayment_due": frozenset({"ahead", "due"}),
    "rem_line_processing": frozenset({"number", "when"}),
    "rem_line_support": frozenset({"number", "when"}),
    "rem_line_repayment": frozenset({"ahead", "day", "number", "when"}),
    "reminders_cancel_button": frozenset({"number"}),
}
"""The values the code passes to ``Knowledge.text`` for each text; others get none."""

_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)}
_REPEATS.discard(None)


def check_safety(questions: QuestionsFile, texts: TextsFile, sms: SmsFile, add: Add) -> None:
    """Report every pattern, placeholder, synonym and range that would break the bot."""
    _option_patterns(questions, add)
    _sms_patterns(sms, add)
    _placeholders(texts, add)
    _synonyms(questions, add)
    _days(questions, add)


def regex_danger(pattern: str) -> str | None:
    """Why ``pattern`` is unsafe to run on user text, or None if it is safe."""
    try:
        compiled = re.compile(pattern)
        parsed = _sre_parse.parse(pattern)
    except re.error as exc:
        return f"bad regular expression: {exc}"
    if compiled.search("") is not None:
        return "matches the empty string, so it matches every text"
    found = _backtracking(list(parsed))
    if found:
        return f"catastrophic backtracking: {found}; a long message would freeze the bot"
    return None


def _option_patterns(questions: QuestionsFile, add: Add) -> None:
    for qi, question in enumerate(questions.questions):
        for oi, option in enumerate(question.options):
            for pi, pattern in enumerate(option.patterns):
                danger = regex_danger(pattern)
                if danger:
                    add("questions.yaml", ("questions", qi, "options", oi, "patterns", pi), danger)


def _sms_patterns(sms: SmsFile, add: Add) -> None:
    groups: list[tuple[Path, list[str]]] = [
        (("signals", si), s.patterns) for si, s in enumerate(sms.signals)
    ]
    groups += [(("platforms", pi), p.patterns) for pi, p in enumerate(sms.platforms)]
    for base, patterns in groups:
        for index, pattern in enumerate(patterns):
            danger = regex_danger(pattern)
            # A pattern that does not compile is already reported by sms_checks.
            if danger and not danger.startswith("bad regular expression"):
                add("sms.yaml", (*base, "patterns", index), danger)


# --- the static analysis of a parsed pattern --------------------------------------------

_Items = list[tuple[Any, Any]]


def _backtracking(items: _Items) -> str | None:
    """The first dangerous shape in a parsed pattern: nested or ambiguous repeats."""
    for op, av in items:
        if op in _REPEATS:
            low, high, body = av
            body = list(body)
            if high > 1:
                if _has_open_repeat(body):
                    return "a repeated group contains another repeat, like (a+)+"
                overlap = _overlapping_branch(body)
                if overlap:
                    return f"alternatives that can start alike ({overlap}) are repeated"
            found = _backtracking(body)
            if found:
                return found
        for child in _children(op, av):
            found = _backtracking(child)
            if found:
                return found
    return None


def _children(op: Any, av: Any) -> Iterator[_Items]:
    if op is _sre.SUBPATTERN:
        yield list(av[-1])
    elif op is _sre.BRANCH:
        for branch in av[1]:
            yield list(branch)
    elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
        yield list(av[1])
    elif op is getattr(_sre, "ATOMIC_GROUP", None):
        yield list(av)
    elif op is _sre.GROUPREF_EXISTS:
        for part in av[1:]:
            if part is not None:
                yield list(part)


def _has_open_repeat(items: _Items) -> bool:
    """Does ``items`` hold a repeat of more than one (``+``, ``*``, ``{2,}``…) anywhere?"""
    for op, av in items:
        if op in _REPEATS:
            if av[1] > 1:
                return True
            if _has_open_repeat(list(av[2])):
                return True
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            continue  # a look-around does not consume: it cannot split the text
        for child in _children(op, av):
            if _has_open_repeat(child):
                return True
    return False


def _overlapping_branch(items: _Items) -> str | None:
    """Two alternatives of a branch in ``items`` whose first characters can meet."""
    for op, av in items:
        if op is _sre.BRANCH:
            firsts = [_first(list(branch)) for branch in av[1]]
            for i, left in enumerate(firsts):
                for right in firsts[i + 1 :]:
                    if left is None or right is None or left & right:
                        shared = sorted((left or set()) & (right or set()))[:3]
                        return "".join(shared) or "any character"
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            continue
        for child in _children(op, av):
            found = _overlapping_branch(child)
            if found:
                return found
    return None


def _first(items: _Items) -> set[str] | None:
    """Characters the sequence can start with; None when it is not a plain literal set."""
    for op, av in items:
        if op is _sre.LITERAL:
            return {chr(av)}
        if op is _sre.IN and all(o is _sre.LITERAL for o, _ in av):
            return {chr(v) for _, v in av}
        if op is _sre.SUBPATTERN:
            return _first(list(av[-1]))
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero-width: look at what follows
        return None  # a class, a repeat, a wildcard: assume it can overlap
    return set()


# --- texts, synonyms, ranges ------------------------------------------------------------


def _placeholders(texts: TextsFile, add: Add) -> None:
    for key, text in texts.texts.items():
        supplied = TEXT_VALUES.get(key, frozenset())
        for lang, value in (("zh-Hans", text.zh_hans), ("en", text.en)):
            try:
                names = {n for _, n, _, _ in string.Formatter().parse(value) if n is not None}
            except ValueError:
                continue  # unbalanced braces: the language check reports it
            for name in sorted(names - supplied):
                offered = ", ".join(f"{{{n}}}" for n in sorted(supplied)) or "none"
                add(
                    "texts.yaml",
                    ("texts", key, lang),
                    f"uses '{{{name}}}', which the bot never fills in for this text "
                    f"(it supplies: {offered})",
                )


def _synonyms(questions: QuestionsFile, add: Add) -> None:
    for qi, question in enumerate(questions.questions):
        owner: dict[str, str] = {}
        for oi, option in enumerate(question.options):
            for lang, words in (("zh-Hans", option.synonyms.zh_hans), ("en", option.synonyms.en)):
                for wi, word in enumerate(words):
                    key = normalize(word)
                    first = owner.setdefault(key, option.id)
                    if first != option.id:
                        path = ("questions", qi, "options", oi, "synonyms", lang, wi)
                        add(
                            "questions.yaml",
                            path,
                            f"'{word}' is a synonym of both '{first}' and '{option.id}': "
                            "typing it picks one at random",
                        )


def _days(questions: QuestionsFile, add: Add) -> None:
    for qi, question in enumerate(questions.questions):
        for oi, option in enumerate(question.options):
            if option.days is None:
                continue
            low, high = option.days
            path = ("questions", qi, "options", oi, "days")
            if low > high:
                add("questions.yaml", path, f"range [{low}, {high}] is reversed: write low, high")
            elif low < 0:
                add("questions.yaml", path, "days cannot be negative")

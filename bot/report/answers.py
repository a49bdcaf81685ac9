"""The user's answers as labelled values for a report: question → chosen option labels."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.i18n import Lang
from bot.knowledge.base import Knowledge, localize
from bot.report.model import Answer

__all__ = ["answers_from_facts"]

# The question itself, without a lead-in ("先确认一下：") or the hints after it.
_QUESTION = re.compile(r"^(?:[^：:？?]*[：:]\s*)?([^？?]*[？?])")


def answers_from_facts(
    k: Knowledge, facts: Mapping[str, str | frozenset[str]], lang: Lang
) -> tuple[Answer, ...]:
    """Each answered question, in the tree's order, with the label of each chosen option."""
    out: list[Answer] = []
    for question in k.questions.values():
        value = facts.get(question.fact)
        if value is None:
            continue
        chosen = value if isinstance(value, frozenset) else frozenset({value})
        labels = [localize(o.label, lang) for o in question.options if o.id in chosen]
        if not labels:
            continue
        text = localize(question.text, lang)
        found = _QUESTION.match(text)
        shown = found.group(1).strip() if found else text
        out.append(Answer(shown, ("; " if lang is Lang.EN else "、").join(labels)))
    return tuple(out)

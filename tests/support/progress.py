"""The "question x of N" line as the loaded knowledge shows it, N from the engine.

Tests walk the longest path through the questions (paid off, when, which loan, overdue,
sender, whose name, red flags); its length is what the engine counts for a new session,
so adding or removing a question changes N here, not in every test.
"""

from __future__ import annotations

from functools import cache

from bot.engine.advisor import Advisor
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Lang

__all__ = ["asked", "question_count"]


@cache
def _advisor() -> Advisor:
    from tests.conftest import KNOWLEDGE_DIR

    return Advisor(load_knowledge(KNOWLEDGE_DIR))


def question_count() -> int:
    """Questions along the longest path, as the first question's progress line counts them."""
    advisor = _advisor()
    return advisor.progress(advisor.new_session(Lang.ZH_HANS))[1]


def asked(current: int, lang: str = "zh-Hans") -> str:
    """The progress line of question ``current`` (``第 2/7 题``, ``Question 2/7``)."""
    total = question_count()
    return _advisor().knowledge.text("progress", Lang(lang), current=current, total=total)

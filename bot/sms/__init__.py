"""The pure SMS analyzer: reads a pasted SMS and says what it looks like, and why.

    analyzer = SmsAnalyzer(knowledge.sms)
    verdict = analyzer.analyze("【支付宝】…", sender="95188")
    verdict.to_json()   # {"verdict", "risk", "signals", "facts", "addressed_name", …}

Imports neither ``telegram`` nor ``aiosqlite`` nor the clock. The names below load on
first use (``bot.lazy``): importing one module of the package (``bot.sms.verdict`` for a
card's type) does not build the whole analyzer's import graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.lazy import exports

if TYPE_CHECKING:
    from bot.sms.analyzer import MAX_CHARS, MAX_MESSAGES, SmsAnalyzer, split_messages
    from bot.sms.evaluate import Evaluation, Example, evaluate, examples_from_corpus
    from bot.sms.extract import Evidence
    from bot.sms.report import report_12321
    from bot.sms.verdict import Scores, SignalHit, Verdict, VerdictKind

__all__ = [
    "MAX_CHARS",
    "MAX_MESSAGES",
    "Evaluation",
    "Evidence",
    "Example",
    "Scores",
    "SignalHit",
    "SmsAnalyzer",
    "Verdict",
    "VerdictKind",
    "evaluate",
    "examples_from_corpus",
    "report_12321",
    "split_messages",
]

__getattr__, __dir__ = exports(
    __name__,
    {
        **dict.fromkeys(["MAX_CHARS", "MAX_MESSAGES", "SmsAnalyzer", "split_messages"],
                        "bot.sms.analyzer"),
        **dict.fromkeys(["Evaluation", "Example", "evaluate", "examples_from_corpus"],
                        "bot.sms.evaluate"),
        "Evidence": "bot.sms.extract",
        "report_12321": "bot.sms.report",
        **dict.fromkeys(["Scores", "SignalHit", "Verdict", "VerdictKind"], "bot.sms.verdict"),
    },
)  # fmt: skip

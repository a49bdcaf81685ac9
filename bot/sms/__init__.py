"""The pure SMS analyzer: reads a pasted SMS and says what it looks like, and why.

    analyzer = SmsAnalyzer(knowledge.sms)
    verdict = analyzer.analyze("【支付宝】…", sender="95188")
    verdict.to_json()   # {"verdict", "risk", "signals", "facts", "addressed_name", …}

Imports neither ``telegram`` nor ``aiosqlite`` nor the clock.
"""

from __future__ import annotations

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

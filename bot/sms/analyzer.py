"""The SMS analyzer: a pasted SMS (or several) in, one explained verdict per SMS out.

Pure: it takes text and returns frozen values; it reads no clock, file or network.
Build one per loaded knowledge base (``SmsAnalyzer(knowledge.sms)``) and reuse it.
"""

from __future__ import annotations

import re

from bot.knowledge.base import Knowledge
from bot.knowledge.sms_model import SmsFile
from bot.sms import signature
from bot.sms.claims import ChannelChecker, ClaimFinder
from bot.sms.extract import Extractor
from bot.sms.intake import MAX_INPUT, Intake, SenderLine, read_intake
from bot.sms.model import MAX_TEXT as MODEL_MAX_TEXT
from bot.sms.model import SmsModel, model_text
from bot.sms.numbers import classify_sender
from bot.sms.report import report_12321
from bot.sms.rules import Hit, SignalMatcher, with_requirements
from bot.sms.text import Aliases, Folded, alias_pairs, fold_for_matching
from bot.sms.verdict import Verdict, VerdictKind, decide

__all__ = ["MAX_CHARS", "MAX_MESSAGES", "SmsAnalyzer", "split_messages"]

MAX_CHARS = 10_000
"""Characters of one message that are analysed (an SMS is far shorter; Telegram caps a
message at 4,096). The rest is ignored and the verdict says ``truncated``."""
MAX_MESSAGES = 20
"""SMS analysed from one paste; later ones are ignored."""

_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")


class SmsAnalyzer:
    """Reads SMS by the rules of ``sms.yaml``: evidence, signals, verdict, facts."""

    def __init__(self, sms: SmsFile, model: SmsModel | None = None) -> None:
        self._sms = sms
        self._model = model
        self._aliases = Aliases(alias_pairs((a.to, a.variants) for a in sms.aliases))
        self._extractor = Extractor(sms, self._fold_word)
        self._matcher = SignalMatcher(sms, self._fold_word)
        self._claims = ClaimFinder(sms, self._fold_word)
        self._channels = ChannelChecker(sms, self._fold_word)
        self._sender_line = SenderLine(sms.intake.sender_words)

    @classmethod
    def from_knowledge(cls, knowledge: Knowledge) -> SmsAnalyzer:
        """The analyzer for a loaded knowledge base."""
        weights = knowledge.sms_model
        return cls(knowledge.sms, SmsModel(weights) if weights is not None else None)

    @property
    def rules(self) -> SmsFile:
        """The ``sms.yaml`` rules this analyzer applies."""
        return self._sms

    def fold(self, text: str) -> Folded:
        """The matching form of ``text`` (what the patterns of sms.yaml see)."""
        return fold_for_matching(text, self._aliases)

    def analyze(self, text: str, sender: str | None = None) -> Verdict:
        """The verdict on one SMS; ``sender`` is the number or name shown as its sender."""
        folded = self.fold(text[:MAX_CHARS])
        evidence = self._extractor.extract(folded)
        hits = self._matcher.match(folded, evidence)
        claim = self._claims.find(folded, evidence, sender)
        if claim is not None:
            fired = frozenset(h.signal.id for h in hits)
            extra = self._channels.check(folded, evidence, claim, fired)
            if extra:
                # requests off the claimed channels first: they are the strongest evidence
                hits = with_requirements({h.signal.id: h for h in (*extra, *hits)})

        sender_kind = classify_sender(sender, self._sms.numbers)
        hits = self._channels.drop_stories(evidence, claim, hits, sender_kind, folded)

        def span(hit: Hit) -> tuple[int, int]:
            if hit.start < 0:
                return 0, 0  # seen in the sender, not in the text
            return folded.source_span(hit.start, hit.end)

        verdict = decide(
            self._sms,
            hits,
            evidence,
            sender_kind,
            span,
            text,
            truncated=len(text) > MAX_CHARS,
            claim=claim,
            proof=self._channels.proof(evidence, claim, hits, sender_kind, folded),
        )
        if (
            self._model is not None
            and verdict.verdict is VerdictKind.UNCLEAR
            and len(folded.text) <= MODEL_MAX_TEXT
        ):
            # The statistical layer may lift "unclear" only, and only on a message of a
            # length it was trained on (bot/sms/model.py → MAX_TEXT).
            verdict = self._model.lift(verdict, model_text(folded, evidence), self._sms.risk_floor)
        return verdict

    def read_intake(self, raw: str, *, forwarded: bool = False, limit: int = MAX_INPUT) -> Intake:
        """``raw`` as an SMS or an answer, with the sender line of ``sms.yaml`` → ``intake``
        taken out (see ``bot.sms.intake``)."""
        return read_intake(raw, self._sender_line, forwarded=forwarded, limit=limit)

    def analyze_all(self, text: str, sender: str | None = None) -> list[Verdict]:
        """One verdict per SMS in a paste (see ``split_messages``); none for blank text."""
        return [self.analyze(part, sender) for part in split_messages(text)]

    def report_12321(self, message: Verdict | str, number: str) -> str:
        """The 12321 report (``号码*内容``) for ``message`` sent from ``number``."""
        return report_12321(message, number, self._sms.report_12321.template)

    def _fold_word(self, word: str) -> str:
        return fold_for_matching(word, self._aliases).text


def split_messages(text: str, limit: int = MAX_MESSAGES) -> list[str]:
    """The separate SMS in a paste: split at blank lines and at 【signature】 boundaries.

    A line that starts with 【…】 starts a new SMS; a line that ends with 【…】 after some
    text ends one. A signature alone on its line stays with the text that follows it.
    """
    parts: list[str] = []
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    for block in _BLANK_LINE.split(normal):
        parts += _split_block(block)
        if len(parts) >= limit:
            break
    return [p for p in (part.strip() for part in parts) if p][:limit]


def _split_block(block: str) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    for line in block.split("\n"):
        stripped = line.strip()
        has_text = any(x.strip() for x in current)
        if has_text and stripped.startswith("【") and not signature.ONLY.match(current[-1]):
            out.append("\n".join(current))
            current = []
        current.append(line)
        trailing = stripped.endswith("】") and not stripped.startswith("【")
        if trailing and "【" in stripped:
            out.append("\n".join(current))
            current = []
    if current:
        out.append("\n".join(current))
    return out

"""Ready-to-send texts filled from the user's facts and kept messages (issue 10, item 3).

Each text is in ``texts.yaml`` (``ready_*``); this module only fills it in. Nothing is
made up: a fact the user has not given becomes a visible ``〔请补充：…〕`` for them to
complete, and a sentence about a count the report cannot make (messages after payoff
without a payoff date) is left out. SMS text is defanged, as everywhere the bot shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.i18n import Lang
from bot.knowledge.base import Knowledge, localize
from bot.report.clean import plain
from bot.report.model import ReportInput, Summary, local_time, summarize
from bot.sms.report import report_12321, reportable

__all__ = ["THREAT_FLAGS", "ReadyKind", "ReadyText", "ready_text", "ready_texts"]

THREAT_FLAGS = (
    "legal_threat",
    "third_party_threat",
    "contacted_others",
    "night_contact",
    "many_calls",
)
"""The ``red_flags`` options that are complaint material (DOMAIN.md §4), in the order told."""


class ReadyKind(StrEnum):
    """Which ready-to-send text."""

    SUPPORT_95188 = "95188"
    COMPLAINT_12378 = "12378"
    REPORT_12321 = "12321"
    CREDIT_DISPUTE = "dispute"
    WRONG_NUMBER = "wrong_number"


@dataclass(frozen=True, slots=True)
class ReadyText:
    """A text to copy and send: what it is for, the text itself, and how to use it."""

    kind: ReadyKind
    title: str
    body: str
    note: str | None = None


def ready_texts(data: ReportInput, k: Knowledge) -> tuple[ReadyText, ...]:
    """Every ready-to-send text, in the order a user would usually need them."""
    return tuple(ready_text(kind, data, k) for kind in ReadyKind)


def ready_text(kind: ReadyKind, data: ReportInput, k: Knowledge) -> ReadyText:
    """The ``kind`` text filled from ``data``."""
    fill = _Filler(data, k)
    if kind is ReadyKind.SUPPORT_95188:
        body = fill.text(
            "ready_95188", payoff=fill.payoff(), span=fill.span(), after_part=fill.after_part()
        )
        return ReadyText(kind, fill.text("ready_95188_title"), body)
    if kind is ReadyKind.COMPLAINT_12378:
        body = fill.text(
            "ready_12378",
            who=fill.who(),
            payoff=fill.payoff(),
            span=fill.span(),
            after_part=fill.after_part(),
            night_part=fill.night_part(),
            threat_part=fill.threat_part(),
        )
        return ReadyText(kind, fill.text("ready_12378_title"), body)
    if kind is ReadyKind.REPORT_12321:
        body, more = fill.report_12321()
        note = fill.text("ready_12321_more", more=more) if more else None
        return ReadyText(kind, fill.text("ready_12321_title"), body, note)
    if kind is ReadyKind.CREDIT_DISPUTE:
        overdue = data.facts.get("overdue")
        part = fill.text("ready_never_overdue") if overdue == "never" else ""
        body = fill.text("ready_dispute", payoff=fill.payoff(), overdue_part=part)
        return ReadyText(kind, fill.text("ready_dispute_title"), body)
    name = next((e.addressed_name for e in data.evidence if e.addressed_name), None)
    part = fill.text("ready_name_part", name=plain(name)) if name else ""
    return ReadyText(
        kind,
        fill.text("ready_wrong_number_title"),
        fill.text("ready_wrong_number", name_part=part),
        fill.text("ready_wrong_number_note"),
    )


class _Filler:
    """The values the ``ready_*`` texts are filled with, in the report's language."""

    def __init__(self, data: ReportInput, k: Knowledge) -> None:
        self.data, self.k = data, k
        self.summary: Summary = summarize(data)
        self.english = data.lang is Lang.EN

    def text(self, key: str, **values: object) -> str:
        return self.k.text(key, self.data.lang, **values)

    def blank(self, what: str) -> str:
        return self.text("ready_fill", what=self.text(what))

    def payoff(self) -> str:
        paid = self.data.payoff_date
        return paid.isoformat() if paid else self.blank("ready_fill_payoff")

    def span(self) -> str:
        s = self.summary
        if s.first is None or s.last is None:
            return self.blank("ready_fill_messages")
        senders = self.list_of(s.senders) if s.senders else self.text("report_unknown")
        return self.text(
            "ready_span",
            first=local_time(s.first),
            last=local_time(s.last),
            count=s.count,
            senders=plain(senders),
        )

    def after_part(self) -> str:
        after = self.summary.after_payoff
        return self.sentence("ready_after_part", after=after) if after else ""

    def night_part(self) -> str:
        night = self.summary.at_night
        return self.sentence("ready_night_part", night=night) if night else ""

    def threat_part(self) -> str:
        labels = [x for x in (self._flag_label(f) for f in THREAT_FLAGS) if x]
        if not labels:
            return ""
        if self.english:
            return self.sentence("ready_threat_part", threats="; ".join(labels))
        return self.sentence("ready_threat_part", threats="；".join(labels))

    def sentence(self, key: str, **values: object) -> str:
        """A sentence that follows another: English needs the space, Chinese does not."""
        return (" " if self.english else "") + self.text(key, **values)

    def list_of(self, items: tuple[str, ...]) -> str:
        return (", " if self.english else "、").join(items)

    def who(self) -> str:
        loan = self.data.facts.get("loan")
        if loan == "jiebei":
            return self.text("ready_who_jiebei")
        if loan == "credit_loan":
            return self.text("ready_who_credit_loan")
        return self.text("ready_who_other")

    def report_12321(self) -> tuple[str, int]:
        """The 12321 report of the latest message with a sender, and how many others."""
        entries = sorted(self.data.evidence, key=lambda e: e.received, reverse=True)
        template = self.k.sms.report_12321.template
        with_number = [e for e in entries if reportable(e.sender) and plain(e.text).strip()]
        if with_number:
            entry = with_number[0]
            report = report_12321(plain(entry.text), entry.sender or "", template)
        elif entries:
            number = self.blank("ready_fill_sender")
            report = template.format(number=number, text=plain(entries[0].text).strip())
        else:
            number, text = self.blank("ready_fill_sender"), self.blank("ready_fill_text")
            report = template.format(number=number, text=text)
        return self.text("ready_12321", report=report), max(len(entries) - 1, 0)

    def _flag_label(self, option_id: str) -> str:
        """The answer label of a red flag seen, as it reads inside a sentence; else ""."""
        question = self.k.question_for_fact("red_flags")
        option = self.k.option(question.id, option_id) if question else None
        if option is None or option_id not in self.summary.flags:
            return ""
        label = localize(option.label, self.data.lang)
        return label[:1].lower() + label[1:] if self.english else label

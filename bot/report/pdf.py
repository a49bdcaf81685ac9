"""The PDF report: the user's answers, the counts, then every kept message with its verdict.

Every string reaches reportlab through :func:`bot.report.clean.pdf_markup`, so an SMS
full of ``<``, ``&``, ``]]>``, ``%PDF``, control characters or emoji still gives a
valid PDF. Messages are plain paragraphs (not table cells), so a 4,000-character SMS
flows over pages instead of failing to fit one.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from bot.i18n import Lang
from bot.knowledge.base import Knowledge
from bot.report.clean import pdf_markup
from bot.report.font import CjkFont, load_font
from bot.report.model import ReportInput, Summary, local_date, local_time, summarize

__all__ = ["render_pdf"]

_ANSWER_COLOUR = "#1f3a5f"
_KEEP_WHOLE = 600
"""Characters of a message short enough to move whole to the next page with its header."""


def render_pdf(data: ReportInput, k: Knowledge, font_path: Path | None = None) -> bytes:
    """The report as PDF bytes, with a subset of the CJK font embedded.

    Raises ``ReportError`` when no CJK font is installed (see ``bot.report.font``).
    """
    font = load_font(font_path)
    out = io.BytesIO()
    title = k.text("report_title", data.lang)
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        author="Paid-Off Advisor",
        creator="Paid-Off Advisor",
        invariant=1,  # same input, same bytes: no random document ID, no file date
    )
    doc.build(_Page(data, k, font).flowables(title))
    return out.getvalue()


class _Page:
    """Builds the flowables of one report."""

    def __init__(self, data: ReportInput, k: Knowledge, font: CjkFont) -> None:
        self.data, self.k, self.font = data, k, font
        base = ParagraphStyle("base", fontName=font.name, wordWrap="CJK")
        self.h1 = ParagraphStyle("h1", fontSize=15, leading=21, spaceAfter=4, parent=base)
        self.h2 = ParagraphStyle(
            "h2", fontSize=12, leading=17, spaceBefore=8, spaceAfter=3, parent=base
        )
        self.body = ParagraphStyle("body", fontSize=9.5, leading=14, parent=base)
        self.small = ParagraphStyle(
            "small", fontSize=8, leading=11, textColor=colors.HexColor("#555555"), parent=base
        )
        self.head = ParagraphStyle(
            "head",
            fontSize=9,
            leading=13,
            spaceBefore=6,
            textColor=colors.HexColor(_ANSWER_COLOUR),
            parent=base,
        )
        self.sms = ParagraphStyle(
            "sms",
            fontSize=9.5,
            leading=14,
            leftIndent=4 * mm,
            borderPadding=2,
            backColor=colors.HexColor("#f3f4f6"),
            parent=base,
        )

    def p(self, text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(pdf_markup(text, self.font.has_glyph), style)

    def t(self, key: str, **values: object) -> str:
        return self.k.text(key, self.data.lang, **values)

    def flowables(self, title: str) -> list[Flowable]:
        summary = summarize(self.data)
        out: list[Flowable] = [
            self.p(title, self.h1),
            self.p(
                self.t("report_generated", time=local_time(self.data.generated_at)), self.small
            ),
            self.p(self.t("report_answers_title"), self.h2),
        ]
        for answer in self.data.answers:
            # The answer set apart by colour: a question mark followed by "：" reads badly.
            markup = (
                pdf_markup(answer.question, self.font.has_glyph)
                + f' <font color="{_ANSWER_COLOUR}">'
                + pdf_markup(answer.answer, self.font.has_glyph)
                + "</font>"
            )
            out.append(Paragraph(markup, self.body))
        if not self.data.answers:
            out.append(self.p(self.t("report_no_answers"), self.body))
        out.append(self.p(self.t("report_summary_title"), self.h2))
        out += [self.p(line, self.body) for line in self.summary_lines(summary)]
        if self.data.evidence:
            out.append(self.p(self.t("report_timeline_title"), self.h2))
            out += self.timeline()
        out += [Spacer(1, 4 * mm), self.p(self.t("report_note"), self.small)]
        return out

    def summary_lines(self, s: Summary) -> list[str]:
        if s.first is None or s.last is None:
            return [self.t("report_empty")]
        lines = [
            self.t(
                "report_count", count=s.count, first=local_time(s.first), last=local_time(s.last)
            )
        ]
        if s.after_payoff is not None and self.data.payoff_date is not None:
            date = self.data.payoff_date.isoformat()
            lines.append(self.t("report_after_payoff", after=s.after_payoff, date=date))
        else:
            lines.append(self.t("report_payoff_unknown"))
        if s.at_night:
            lines.append(self.t("report_night", night=s.at_night))
        if s.senders:
            joined = (", " if self.data.lang is Lang.EN else "、").join(s.senders)
            lines.append(self.t("report_senders", senders=joined))
        return lines

    def timeline(self) -> list[Flowable]:
        entries = sorted(self.data.evidence, key=lambda e: e.received)
        paid = self.data.payoff_date
        out: list[Flowable] = []
        for number, entry in enumerate(entries, start=1):
            head = self.t(
                "report_entry",
                number=number,
                time=local_time(entry.received),
                sender=entry.sender or self.t("report_unknown"),
                verdict=entry.verdict_title,
            )
            if paid is not None and local_date(entry.received) > paid:
                head += " · " + self.t("report_after_mark")
            text = entry.text.strip() or "—"
            parts: list[Flowable] = [self.p(head, self.head), self.p(text, self.sms)]
            if entry.seen:  # s5-follow: what the analyzer saw, as the old text file had
                sep = "; " if self.data.lang is Lang.EN else "；"
                seen = sep.join(f"「{quoted[:40]}」{why}" for quoted, why in entry.seen)
                parts.append(self.p(self.t("report_seen", signals=seen), self.small))
            # A short message stays with its header; a long one must be free to split.
            out += [KeepTogether(parts)] if len(text) < _KEEP_WHOLE else parts
        return out

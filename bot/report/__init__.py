"""The evidence report: a PDF and a CSV of the kept messages, and ready-to-send texts.

Pure: values in, bytes or text out; no store, no channel. ``ReportInput`` (in
``bot.report.model``) says how to build the input from the store's evidence records.
"""

from __future__ import annotations

from bot.report.inputs import KeptRecord, answers_from_facts, entry_from_record, report_input
from bot.report.model import Answer, EvidenceEntry, ReportInput, Summary, summarize
from bot.report.pdf import render_pdf
from bot.report.ready import ReadyKind, ReadyText, ready_text, ready_texts
from bot.report.table import render_csv

__all__ = [
    "Answer",
    "EvidenceEntry",
    "KeptRecord",
    "ReadyKind",
    "ReadyText",
    "ReportInput",
    "Summary",
    "answers_from_facts",
    "entry_from_record",
    "ready_text",
    "ready_texts",
    "render_csv",
    "render_pdf",
    "report_input",
    "summarize",
]

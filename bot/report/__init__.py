"""The evidence report: a PDF and a CSV of the kept messages, and ready-to-send texts.

Pure: values in, bytes or text out; no store, no channel. reportlab is imported only when
a PDF is made, so every other command starts without it; the other names load on first
use (``bot.lazy``), so the bot reaches polling without the report modules.
``ReportInput`` (in ``bot.report.model``) says how to build the input from the store's
evidence records.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import ReportError
from bot.lazy import exports

if TYPE_CHECKING:
    from bot.knowledge.base import Knowledge
    from bot.report.inputs import (
        KeptRecord,
        answers_from_facts,
        entry_from_record,
        report_input,
    )
    from bot.report.model import Answer, EvidenceEntry, ReportInput, Summary, summarize
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

__getattr__, __dir__ = exports(
    __name__,
    {
        **dict.fromkeys(["KeptRecord", "answers_from_facts", "entry_from_record",
                         "report_input"], "bot.report.inputs"),
        **dict.fromkeys(["Answer", "EvidenceEntry", "ReportInput", "Summary", "summarize"],
                        "bot.report.model"),
        **dict.fromkeys(["ReadyKind", "ReadyText", "ready_text", "ready_texts"],
                        "bot.report.ready"),
        "render_csv": "bot.report.table",
    },
)  # fmt: skip


def render_pdf(data: ReportInput, k: Knowledge, font_path: Path | None = None) -> bytes:
    """The report as PDF bytes (``bot.report.pdf.render_pdf``); ``ReportError`` when no CJK
    font is installed or reportlab itself is missing, as for any PDF that cannot be made."""
    try:
        from bot.report.pdf import render_pdf as render  # noqa: PLC0415 - loads reportlab
    except ImportError as exc:
        needed = exc.name or "reportlab"
        raise ReportError(f"the PDF report needs {needed} (pip install reportlab)") from exc
    return render(data, k, font_path)

"""The CSV export: one row per kept message, UTF-8 with a BOM so Excel reads the Chinese.

Times are Beijing local time, column names are in the report's language, texts are
defanged and guarded against spreadsheet formulas (``=HYPERLINK(…)``).
"""

from __future__ import annotations

import csv
import io

from bot.knowledge.base import Knowledge
from bot.report.clean import spreadsheet_cell
from bot.report.model import ReportInput, local_date, local_time

__all__ = ["render_csv"]


def render_csv(data: ReportInput, k: Knowledge) -> bytes:
    """The kept messages as CSV bytes (``utf-8-sig``, CRLF rows as Excel expects)."""
    lang = data.lang
    paid = data.payoff_date
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(k.text("report_csv_columns", lang).split("|"))
    entries = sorted(data.evidence, key=lambda e: e.received)
    for number, entry in enumerate(entries, start=1):
        after = ""
        if paid is not None:
            later = local_date(entry.received) > paid
            after = k.text("report_yes" if later else "report_no", lang)
        writer.writerow(
            [
                number,
                local_time(entry.received),
                spreadsheet_cell(entry.sender or ""),
                spreadsheet_cell(entry.verdict_title),
                after,
                spreadsheet_cell(entry.text),
            ]
        )
    return out.getvalue().encode("utf-8-sig")

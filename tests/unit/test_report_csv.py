"""The CSV export opens in Excel (UTF-8 BOM), reads back through the csv module, shows
Beijing time, defangs links and never lets a spreadsheet run an SMS as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from bot.i18n import Lang
from bot.knowledge.base import Knowledge
from bot.report import EvidenceEntry, ReportInput, render_csv
from bot.report.model import BEIJING
from bot.report.sample import sample_input


def _rows(raw: bytes) -> list[list[str]]:
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to read Chinese"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_round_trips_every_message(knowledge: Knowledge) -> None:
    data = sample_input(knowledge)
    rows = _rows(render_csv(data, knowledge))
    assert rows[0] == knowledge.text("report_csv_columns", Lang.ZH_HANS).split("|")
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    for row, entry in zip(rows[1:], data.evidence, strict=True):
        assert row[2] == entry.sender
        assert row[3] == entry.verdict_title
    assert rows[1][5] == data.evidence[0].text
    assert "hxxps://jiebei-help[.]example[.]top" in rows[3][5]
    # Payoff on 2026-11-22: the message of the 20th came before, the others after.
    assert [r[4] for r in rows[1:]] == ["否", "是", "是"]
    assert rows[2][1] == "2026-11-26 23:41"  # Beijing time


def test_multiline_and_quoted_text_survive(knowledge: Knowledge) -> None:
    text = '第一行，"引号"\n第二行,逗号\r\n第三行'
    when = datetime(2026, 11, 25, 8, 0, tzinfo=BEIJING).timestamp()
    entry = EvidenceEntry(when, None, text, "unclear", "看不准")
    data = ReportInput(lang=Lang.EN, generated_at=when, evidence=(entry,))
    rows = _rows(render_csv(data, knowledge))
    assert rows[0][0] == "No."
    assert rows[1][5] == '第一行，"引号"\n第二行,逗号\n第三行'
    assert rows[1][2] == ""
    assert rows[1][4] == ""


def test_formula_looking_text_stays_text(knowledge: Knowledge) -> None:
    when = datetime(2026, 11, 25, 8, 0, tzinfo=BEIJING).timestamp()
    entries = (
        EvidenceEntry(when, "+8613800138000", '=HYPERLINK("http://x.top","点我")', "scam", "诈骗"),
        EvidenceEntry(when + 1, "@evil", "-2+3", "scam", "诈骗"),
        EvidenceEntry(when + 2, "95188", "+cmd|' /C calc'!A0", "scam", "诈骗"),
    )
    data = ReportInput(Lang.ZH_HANS, when, evidence=entries, payoff_date=date(2026, 11, 1))
    rows = _rows(render_csv(data, knowledge))[1:]
    assert rows[0][5].startswith("'=HYPERLINK")
    assert "x[.]top" in rows[0][5]
    assert rows[0][2] == "+8613800138000"  # a phone number is left as it is
    assert rows[1][2] == "'@evil"
    assert rows[1][5] == "-2+3"
    assert rows[2][5].startswith("'+cmd")


def test_empty_log_has_only_the_header(knowledge: Knowledge) -> None:
    rows = _rows(render_csv(ReportInput(Lang.ZH_HANS, 0.0), knowledge))
    assert len(rows) == 1

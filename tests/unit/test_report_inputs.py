"""What a report is built from: answers as the user saw them, kept records mapped to
entries, and the counts (after the payoff day, 22:00–08:00 Beijing time)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.i18n import Lang
from bot.knowledge.base import Knowledge
from bot.report import ReportInput, report_input, summarize
from bot.report.clean import plain, spreadsheet_cell
from bot.report.model import BEIJING, EvidenceEntry, local_time


@dataclass(frozen=True)
class FakeRecord:
    """Shaped like the store's evidence record."""

    text: str
    verdict: str
    sender: str | None = None
    addressed_name: str | None = None
    received_at: float = 0.0
    facts: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict)


def _at(day: int, hour: int, minute: int = 0) -> float:
    return datetime(2026, 11, day, hour, minute, tzinfo=BEIJING).timestamp()


def test_records_and_facts_become_a_report_input(knowledge: Knowledge) -> None:
    record = FakeRecord(
        "请速还款", "collection", "95588", "李四", _at(23, 9), {"red_flags": ("legal_threat",)}
    )
    facts: dict[str, str | frozenset[str]] = {
        "paid_off": "yes",
        "red_flags": frozenset({"link", "many_calls"}),
    }
    data = report_input(knowledge, Lang.ZH_HANS, _at(30, 9), facts, [record], date(2026, 11, 22))
    (entry,) = data.evidence
    assert entry.verdict_title == "催收短信"  # the verdict as sms.yaml names it
    assert entry.addressed_name == "李四"
    assert entry.flags == {"legal_threat"}
    assert [a.question for a in data.answers] == [
        "这笔借呗借款，你已经全部还清了吗？",
        "短信里有下面这些内容吗？",
    ]
    assert data.answers[1].answer == "有链接、一天打很多次电话或发很多条"
    assert summarize(data).flags == {"legal_threat", "link", "many_calls"}


def test_english_answers_and_verdicts(knowledge: Knowledge) -> None:
    record = FakeRecord("pay now", "scam", received_at=_at(23, 9))
    data = report_input(knowledge, Lang.EN, 0.0, {"loan": "jiebei"}, [record])
    assert data.evidence[0].verdict_title == "Likely a scam"
    assert data.answers[0].question == "Which loan does the collection message talk about?"


def test_after_payoff_counts_later_days_only_and_night_is_22_to_08() -> None:
    times = [_at(22, 23, 59), _at(23, 7, 59), _at(23, 8, 0), _at(23, 21, 59), _at(23, 22, 0)]
    entries = tuple(EvidenceEntry(t, None, "x", "collection", "催收短信") for t in times)
    summary = summarize(
        ReportInput(Lang.ZH_HANS, 0.0, evidence=entries, payoff_date=date(2026, 11, 22))
    )
    assert summary.count == 5
    assert summary.after_payoff == 4  # 23:59 on the payoff day itself is not "after"
    assert summary.at_night == 3  # 23:59, 07:59, 22:00
    assert summarize(ReportInput(Lang.ZH_HANS, 0.0, evidence=entries)).after_payoff is None


def test_times_are_beijing_time() -> None:
    assert local_time(datetime(2026, 11, 30, 16, 30, tzinfo=BEIJING).timestamp()) == (
        "2026-11-30 16:30"
    )
    assert local_time(0) == "1970-01-01 08:00"


def test_plain_drops_controls_and_bidi_overrides_and_defangs() -> None:
    text = "a\x00b\x1b[31m\r\nc\u202ed\u2066e\tf http://x.top"
    assert plain(text) == "ab[31m\ncde f hxxp://x[.]top"  # a tab becomes a space
    assert spreadsheet_cell("=1+1") == "'=1+1"
    assert spreadsheet_cell("+86 138") == "+86 138"

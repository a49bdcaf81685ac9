"""Ready-to-send texts: filled from the facts and messages, nothing left as {placeholder},
missing facts shown as a blank to fill in, short enough to send, links defanged."""

from __future__ import annotations

import re
import string
from dataclasses import replace
from datetime import datetime

import pytest

from bot.i18n import Lang
from bot.knowledge.base import Knowledge
from bot.report import EvidenceEntry, ReadyKind, ReportInput, ready_text, ready_texts
from bot.report.model import BEIJING
from bot.report.sample import sample_input

# Characters a person can read out on a call or paste into a complaint form, in Chinese
# (the 12321 limit leaves room for the sample SMS); English takes about 2.5 times as many.
MAX_LENGTH = {
    ReadyKind.SUPPORT_95188: 350,
    ReadyKind.COMPLAINT_12378: 700,
    ReadyKind.REPORT_12321: 300,
    ReadyKind.CREDIT_DISPUTE: 400,
    ReadyKind.WRONG_NUMBER: 200,
}
EN_FACTOR = 2.5
FILL = re.compile(r"〔请补充：[^〕]+〕|\[fill in: [^\]]+\]")


@pytest.mark.parametrize("lang", [Lang.ZH_HANS, Lang.EN, Lang.ZH_HANT])
def test_every_text_is_filled_and_short(knowledge: Knowledge, lang: Lang) -> None:
    texts = ready_texts(sample_input(knowledge, lang), knowledge)
    assert [t.kind for t in texts] == list(ReadyKind)
    for text in texts:
        for part in (text.title, text.body, text.note or ""):
            fields = [n for _, n, _, _ in string.Formatter().parse(part) if n is not None]
            assert not fields, (text.kind, fields)
        limit = MAX_LENGTH[text.kind] * (EN_FACTOR if lang is Lang.EN else 1)
        assert len(text.body) <= limit, (text.kind, len(text.body))
        assert "http://" not in text.body
        assert "https://" not in text.body


def test_95188_script_states_dates_count_and_senders(knowledge: Knowledge) -> None:
    body = ready_text(ReadyKind.SUPPORT_95188, sample_input(knowledge), knowledge).body
    assert "2026-11-22还清" in body
    assert "从 2026-11-20 10:12 到 2026-11-28 09:05 共收到 3 条催收或可疑短信" in body
    assert "10690000000001、17000000002" in body
    assert "其中 2 条是还清之后收到的" in body
    assert not FILL.search(body)


def test_12378_complaint_says_who_when_how_many_and_the_threat(knowledge: Knowledge) -> None:
    body = ready_text(ReadyKind.COMPLAINT_12378, sample_input(knowledge), knowledge).body
    assert body.startswith("投诉对象：借呗的放款机构")
    assert "共收到 3 条" in body
    assert "有 1 条是在 22:00 至次日 08:00 之间发来的" in body
    assert "说要告诉家人、单位或通讯录" in body  # the threat, from the answers and the SMS
    assert "有链接" not in body  # a link is a scam sign, not complaint material


def test_12378_without_threats_or_night_messages_says_neither(knowledge: Knowledge) -> None:
    data = sample_input(knowledge)
    day = tuple(
        replace(e, received=_at(20 + i, 10), flags=frozenset())
        for i, e in enumerate(data.evidence)
    )
    body = ready_text(
        ReadyKind.COMPLAINT_12378,
        replace(data, evidence=day, facts={"loan": "credit_loan"}),
        knowledge,
    ).body
    assert "信用贷" in body.splitlines()[0]
    assert "22:00" not in body
    assert "催收中出现了" not in body


def test_missing_facts_become_blanks_to_fill_in(knowledge: Knowledge) -> None:
    empty = ReportInput(Lang.ZH_HANS, _at(30, 9))
    bodies = {t.kind: t.body for t in ready_texts(empty, knowledge)}
    assert "〔请补充：还清日期〕" in bodies[ReadyKind.SUPPORT_95188]
    assert "〔请补充：收到几条短信、什么时候〕" in bodies[ReadyKind.COMPLAINT_12378]
    assert "〔请补充：发件号码〕*〔请补充：短信内容〕" in bodies[ReadyKind.REPORT_12321]
    assert "还清之后" not in bodies[ReadyKind.SUPPORT_95188]  # no count it cannot make


def test_12321_report_is_the_latest_message_with_a_number(knowledge: Knowledge) -> None:
    text = ready_text(ReadyKind.REPORT_12321, sample_input(knowledge), knowledge)
    report = text.body.splitlines()[-1]
    assert report.startswith("17000000002*【借呗】您的账户存在异常")
    assert "hxxps://jiebei-help[.]example[.]top" in report
    assert text.note is not None
    assert "另外 2 条" in text.note


def test_12321_without_a_sender_asks_for_the_number(knowledge: Knowledge) -> None:
    entry = EvidenceEntry(_at(25, 10), None, "逾期不还将上门", "collection", "催收短信")
    body = ready_text(
        ReadyKind.REPORT_12321, ReportInput(Lang.EN, 0.0, evidence=(entry,)), knowledge
    ).body
    assert body.splitlines()[-1] == "[fill in: the sender's number]*逾期不还将上门"


def test_dispute_outline_mentions_never_overdue_only_when_true(knowledge: Knowledge) -> None:
    data = sample_input(knowledge)  # overdue: short
    assert "从未逾期" not in ready_text(ReadyKind.CREDIT_DISPUTE, data, knowledge).body
    never = replace(data, facts={**data.facts, "overdue": "never"})
    body = ready_text(ReadyKind.CREDIT_DISPUTE, never, knowledge).body
    assert "已于2026-11-22全部还清，期间从未逾期" in body
    assert "20日内" in body


def test_wrong_number_notice_quotes_the_name_the_sms_used(knowledge: Knowledge) -> None:
    data = sample_input(knowledge)
    named = replace(data.evidence[1], addressed_name="张<b>先生")
    text = ready_text(ReadyKind.WRONG_NUMBER, replace(data, evidence=(named,)), knowledge)
    assert "（收件人写的是“张<b>先生”）" in text.body
    assert text.note is not None
    assert "95188" in text.note
    plain = ready_text(ReadyKind.WRONG_NUMBER, replace(data, evidence=()), knowledge).body
    assert "收件人写的是" not in plain


def _at(day: int, hour: int) -> float:
    return datetime(2026, 11, day, hour, 0, tzinfo=BEIJING).timestamp()

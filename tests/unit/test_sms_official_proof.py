"""A message is called genuine only with proof that it keeps to its sender's own channels.

"Looks like a genuine notice" is the most dangerous verdict to get wrong: a worried person
told a scam is genuine acts on it. A signature or a sender number proves nothing (both are
forged), so an ``official_notice`` needs a link on the claimed organisation's own domain,
its own number, "open the app", or a message that asks for nothing at all; and any link,
number, account or contact that cannot be checked as the sender's own makes it ``unclear``
(or a scam). The messages here are composed for this test from the forgery classes of
issue 7; none is copied from the tuning corpus.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from bot.engine.advisor import Advisor
from bot.knowledge.base import Knowledge
from bot.knowledge.model import Lang
from bot.sms import SmsAnalyzer, VerdictKind
from bot.sms.view import verdict_view
from tests.conftest import DATA

ALERT = "【工商银行】您尾号4417的卡于11月28日09:12支出3,980.00元，余额126.40元。"


def test_a_plain_bank_alert_that_asks_nothing_is_genuine(analyzer: SmsAnalyzer) -> None:
    assert analyzer.analyze(ALERT).verdict is VerdictKind.OFFICIAL_NOTICE


@pytest.mark.parametrize(
    "callback",
    ["如非本人操作，请致电400-615-8826冻结。", "如非本人操作请拨打客服专线 17090215586。"],
)
def test_a_genuine_looking_alert_with_a_callback_number_is_never_genuine(
    analyzer: SmsAnalyzer, knowledge: Knowledge, callback: str
) -> None:
    verdict = analyzer.analyze(ALERT + callback)
    assert verdict.verdict is not VerdictKind.OFFICIAL_NOTICE
    if verdict.verdict is VerdictKind.UNCLEAR:
        # the card says which number could not be checked
        why = verdict_view(verdict, knowledge, Lang.ZH_HANS).why or ""
        assert callback.split("致电")[-1].split("专线 ")[-1][:7] in why


def test_the_banks_own_number_keeps_an_alert_genuine(analyzer: SmsAnalyzer) -> None:
    verdict = analyzer.analyze(ALERT + "如非本人操作请致电95588。")
    assert verdict.verdict is VerdictKind.OFFICIAL_NOTICE


@pytest.mark.parametrize(
    ("text", "sender"),
    [
        ("【工商银行】尊敬的客户，您的账户异常，请点击…", None),
        ("【建设银行】您的账户存在异常，请尽快登录处理。", "95533"),
        ("【支付宝】您的退款已到账，如未收到请联系退款专员 13911806624。", "95188"),
        ("【支付宝】您有一笔退款待确认，请登录 zfb-tuikuan.com 确认收款。", "95188"),
        ("【京东】您的订单已发货，点击查看物流 jd-kuaidi.com/k2 回TD退订", None),
        ("【中国移动】您的话费账单已出，详情 10086-zd.cc 查询。", "10086"),
        ("【借呗】您本期账单已出，应还2,150.00元，请按时还款。", "13512345678"),
        ("【顺丰速运】您好", None),
    ],
)
def test_forged_notices_are_never_called_genuine(
    analyzer: SmsAnalyzer, text: str, sender: str | None
) -> None:
    verdict = analyzer.analyze(text, sender)
    assert verdict.verdict is not VerdictKind.OFFICIAL_NOTICE, verdict.signal_ids()


def test_an_apps_own_link_domain_is_proof_but_a_lookalike_is_not(analyzer: SmsAnalyzer) -> None:
    own = analyzer.analyze("【京东】您的订单已签收，期待您的评价 3.cn/aB9-xY2 回TD退订")
    fake = analyzer.analyze("【京东】您的订单已签收，期待您的评价 jd-pingjia.top/x 回TD退订")
    assert own.verdict is VerdictKind.OFFICIAL_NOTICE
    assert fake.verdict is not VerdictKind.OFFICIAL_NOTICE


def test_a_notice_from_a_personal_mobile_says_why_it_is_not_genuine(
    analyzer: SmsAnalyzer, knowledge: Knowledge
) -> None:
    verdict = analyzer.analyze(ALERT, "13512345678")
    assert verdict.verdict is VerdictKind.UNCLEAR
    why = verdict_view(verdict, knowledge, Lang.EN).why or ""
    assert "personal mobile" in why


def test_a_signature_alone_is_not_genuine(analyzer: SmsAnalyzer) -> None:
    verdict = analyzer.analyze("【平安银行】尊敬的客户您好", "10690000123")
    assert verdict.verdict is VerdictKind.UNCLEAR


def _officials() -> list[dict[str, Any]]:
    items = yaml.safe_load((DATA / "sms_corpus.yaml").read_text(encoding="utf-8"))["items"]
    return [i for i in items if i["label"] == "official_notice" and "variant-of" not in i]


@pytest.mark.parametrize(
    "request_text",
    [
        "如有疑问请致电 17098012345。",
        "详情请登录 service-check.top 办理。",
        "请加微信 kf_8812 核实。",
    ],
)
def test_no_corpus_notice_stays_genuine_once_it_asks_off_its_channel(
    analyzer: SmsAnalyzer, request_text: str
) -> None:
    """Metamorphic: any genuine notice of the corpus with an unverifiable request added."""
    still_genuine = [
        item["id"]
        for item in _officials()
        if analyzer.analyze(str(item["text"]) + request_text, item.get("sender")).verdict
        is VerdictKind.OFFICIAL_NOTICE
    ]
    assert still_genuine == []


# ---------------- verdict ↔ advice ----------------


def test_a_scam_sms_puts_scam_first_even_for_a_payoff_made_today(
    analyzer: SmsAnalyzer, advisor: Advisor
) -> None:
    """Paid today would rank "still processing" first; the scam verdict must outrank it."""
    verdict = analyzer.analyze(
        "【借呗】您的还款未到账，请将欠款转入对公账户 6222 0212 3456 7890。"
    )
    assert verdict.verdict is VerdictKind.SCAM
    session = advisor.new_session(facts={"paid_off": "yes", "paid_when": "today"})
    session = advisor.with_known(session, verdict.engine_facts(), {})
    assert advisor.outcome(session).top[0] == "scam"


def test_a_forged_notice_that_is_unclear_never_lists_its_request_as_normal(
    analyzer: SmsAnalyzer, knowledge: Knowledge
) -> None:
    verdict = analyzer.analyze(ALERT + "如非本人操作请致电 400-615-8826。")
    assert verdict.verdict is VerdictKind.UNCLEAR
    for lang, marker in ((Lang.ZH_HANS, "像正规通知（"), (Lang.EN, "genuine notice (")):
        why = verdict_view(verdict, knowledge, lang).why or ""
        normal = why.split(marker, 1)[-1].split(")", 1)[0].split("）", 1)[0]
        assert "400-615-8826" not in normal
        assert "400-615-8826" in why

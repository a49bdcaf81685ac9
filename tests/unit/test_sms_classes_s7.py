"""Classes of SMS fixed in session 7, each with composed messages (none copied from a data file).

* A notice that only states what happened to an account (approved, paid out, failed, a parcel
  with its pickup code, a changed password) and asks for nothing off its channel is genuine.
* "请登录APP/系统" — the app the reader already uses, not named and not linked — is its own
  channel.
* Unfilled template placeholders (``${code}``, ``{0}``, ``%s``) read as the value they stand for.
* A purchase "alert" that gives a non-service number to call about it is a scam.
* "(将)影响您的征信记录" in a lender's reminder, and a stated 提额, are not threats or lures.
* The model may lift to scam a message in which the rules see nothing only when it is sure
  (p >= 0.9, since session 16; before, never).
"""

from __future__ import annotations

import pytest

from bot.knowledge.base import Knowledge
from bot.sms import SmsAnalyzer, VerdictKind


@pytest.mark.parametrize(
    "text",
    [
        "【速达快递】您的包裹已到小区东门驿站，取件码5-2-1187，请凭码取件",
        "【好借】恭喜您，您的借款申请已通过审核，款项已打到您尾号6621的银行卡",
        "【好借】您的借款(合同编号:{0})已经自动还款成功，详情请登录APP查看",
        "【云梯金融】尊敬的${name}，您的借款将于3天后到期，请至APP还款",
        "【城e付】您正在进行修改密码操作，验证码为${code}，5分钟内有效，请勿告诉他人",
        "【星链租】您的登录密码已修改成功",
        "【安心贷】尊敬的{0}：您的{1}元借款已经还款成功，好的记录将有助于提升您的可用额度。",
    ],
)
def test_a_plain_account_event_is_a_genuine_notice(analyzer: SmsAnalyzer, text: str) -> None:
    verdict = analyzer.analyze(text)
    assert verdict.verdict is VerdictKind.OFFICIAL_NOTICE, (verdict.signal_ids(), verdict.why)


@pytest.mark.parametrize(
    "text",
    [
        "尊敬的客户:您于今日在某商场消费6800元,将从您账户扣除。如有疑问请咨询:83216590",
        "【某银行】您尾号1234的卡刷卡消费9999元已成功,若非本人操作请致电13912345678",
        "建行通知:您在商场消费8800元已确认,如有疑问请咨询:0571-86123456",
    ],
)
def test_a_purchase_alert_with_its_own_callback_number_is_a_scam(
    analyzer: SmsAnalyzer, text: str
) -> None:
    verdict = analyzer.analyze(text)
    assert verdict.verdict is VerdictKind.SCAM, verdict.signal_ids()


@pytest.mark.parametrize(
    "text",
    [
        "【工商银行】您尾号1234的卡消费899元，如有疑问请致电95588",
        "【好借】您的账户支付成功500元，如有疑问请联系客服热线400-123-4567",
    ],
)
def test_a_purchase_alert_that_refers_to_a_service_line_is_not_called_a_scam(
    analyzer: SmsAnalyzer, text: str
) -> None:
    assert "alert_callback" not in analyzer.analyze(text).signal_ids()


def test_placeholders_read_as_values() -> None:
    from bot.sms.text import fold_for_matching

    folded = fold_for_matching("验证码为${code}，应还{}元，尊敬的%s用户，订单#{id}")
    assert folded.text == "验证码为0000,应还0000元,尊敬的0000用户,订单0000"
    # the map back to the original still covers the placeholder as written
    start = folded.text.index("0000")
    assert folded.source(start, start + 4) == "${code}"
    # a percent-encoded byte in a link is not a placeholder
    assert "%d3" in fold_for_matching("详见 http://x.cn/a%D3%D0").text


@pytest.mark.parametrize(
    "text",
    [
        "【好借】您的借款今日到期，请及时还款，以免影响您的信用记录",
        "【好借】恭喜您按时还款，获得提额2000元",
    ],
)
def test_a_lenders_stated_consequence_or_outcome_is_no_scam_signal(
    analyzer: SmsAnalyzer, text: str
) -> None:
    verdict = analyzer.analyze(text)
    assert verdict.scores.scam == 0, verdict.signal_ids()
    assert verdict.verdict is not VerdictKind.SCAM


def test_the_model_accuses_a_message_the_rules_see_nothing_in_only_when_sure(
    knowledge: Knowledge, analyzer: SmsAnalyzer
) -> None:
    """Session 7 kept every message with a rules' scam score of 0 from a scam lift; session
    16's backtest (each retired held-out file read by the commit of its first look) found the
    model right there at p >= 0.9 (+14 scams of 219, +1 false alarm of 651), so it may lift
    one that asks for something, at that probability, and says which known scam it is like."""
    from bot.sms.model import SmsModel

    # A composed probe of session 7, of no known label: Alipay's 备用金 does fall due, but
    # "登录激活" to keep it is the lure of the phishing texts the corpus has (scam-phish-041).
    text = "【支付宝】您的备用金即将到期，逾期将影响征信，请尽快登录激活"
    verdict = analyzer.analyze(text)
    assert verdict.scores.scam == 0
    assert verdict.verdict is VerdictKind.SCAM
    assert verdict.model is not None
    assert verdict.model.probability >= 0.9
    assert verdict.model.nearest_id.startswith("scam-")
    # Only the lift without a floor takes it: with the floored lifts alone it stays ⚪.
    weights = knowledge.sms_model
    assert weights is not None
    floored = tuple(
        lift
        for lift in weights.lifts
        if lift.label != "scam" or lift.rules_scam_at_least is not None
    )
    assert len(floored) == len(weights.lifts) - 1
    strict = SmsAnalyzer(knowledge.sms, SmsModel(weights.model_copy(update={"lifts": floored})))
    assert strict.analyze(text).verdict is VerdictKind.UNCLEAR


def test_a_stated_frozen_limit_alone_is_never_a_scam(analyzer: SmsAnalyzer) -> None:
    verdict = analyzer.analyze("额度冻结提醒：您的额度已被冻结，请您知悉。")
    assert verdict.verdict is not VerdictKind.SCAM
    assert "scam" in verdict.refused

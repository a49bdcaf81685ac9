"""An offer of credit ("恭喜您通过初审，可获得50000元额度", "预授信") reads the same from a lender
and from a fake-loan gang, so the statistical layer never vouches for one (``guards.unvouched``):
it stays ⚪ unclear unless the rules see the sender's own channel, and the card says why.

Every message is composed for this test; names and numbers are fake.
"""

from __future__ import annotations

import pytest

from bot.sms import SmsAnalyzer, VerdictKind
from tests.conftest import Judge

# The model would lift the first two to genuine without the guard; the others show the
# signal in other wordings (and Traditional).
OFFERS: list[str] = [
    "【某某银行】恭喜您获得预审批额度50000元，可在手机银行App申请。",
    "【某某银行】您当前可借额度50000元，可在手机银行App申请。",
    "【某某消费金融】恭喜您通过系统初审，您可获得最高80000元借款额度。",
    "【某某金融】您已获得2至20万信用额度，额度有效期7天。",
    "【某某銀行】恭喜您獲得預授信額度30000元。",
]


@pytest.mark.parametrize("text", OFFERS)
def test_the_model_never_calls_a_credit_offer_genuine(analyzer: SmsAnalyzer, text: str) -> None:
    verdict = analyzer.analyze(text)
    assert "credit_offer" in verdict.signal_ids()
    assert verdict.verdict is not VerdictKind.OFFICIAL_NOTICE
    assert verdict.model is None or verdict.model.label != "official_notice"


def test_the_card_of_an_offer_explains_why_it_cannot_tell(analyzer: SmsAnalyzer) -> None:
    verdict = analyzer.analyze(OFFERS[0])
    (hit,) = [s for s in verdict.signals if s.id == "credit_offer"]
    assert "自己的App" in hit.explain.zh_hans
    assert not hit.mark  # the offer is not the danger itself: not marked as dangerous


# An offer that sends you off the lender's channel stays a scam; a notice that only reports a
# limit the reader already has is no offer.
def test_an_offer_with_a_link_or_a_fee_is_still_a_scam(judge: Judge) -> None:
    judge.says(VerdictKind.SCAM, "恭喜您通过系统初审，可获得50000元额度，点击 dk-fast.top 领取。")
    judge.says(VerdictKind.SCAM, "恭喜您获得8万元借款额度，放款前请先缴纳500元解冻费至指定账户。")


NOT_OFFERS: list[str] = [
    "【某某银行】您的信用卡本期账单已出，应还2,300.00元，请按时还款。",
    "【某某金融】您的借款即将到期，按时还款有助于提高您的借款额度。",
]


@pytest.mark.parametrize("text", NOT_OFFERS)
def test_a_bill_or_a_due_notice_is_no_credit_offer(analyzer: SmsAnalyzer, text: str) -> None:
    assert "credit_offer" not in analyzer.analyze(text).signal_ids()

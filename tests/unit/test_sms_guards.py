"""No scam is ever called a genuine notice or a collection message.

Those two verdicts reassure: a person told "genuine" or "just a collector" acts on the
message. So both are structurally conservative (``sms.yaml`` → ``guards``):

* ``official_notice`` needs proof of the claimed organisation's own channel beside any
  request that sends the reader somewhere (tap, log in, verify, install…);
* ``collection`` never has a link outside the lender's domain, a card number to pay into,
  a chat contact, a fee, a "closed repayment channel" or paid credit repair; and the
  statistical layer may not lift such a message to collection either.

The messages are composed for this test from the classes of issue 7; none is copied from
the tuning corpus.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from bot.knowledge.base import Knowledge
from bot.knowledge.model import Lang
from bot.sms import SmsAnalyzer, VerdictKind
from bot.sms.view import verdict_view
from tests.conftest import DATA

BILL = "【工商银行】尊敬的客户，您本期账单已出，"

# ---------------- official_notice ----------------


@pytest.mark.parametrize(
    "request_text",
    [
        "请尽快登录完成身份认证。",
        "请及时点击激活。",
        "请尽快升级您的账户信息。",
        "请立即更新预留信息。",
    ],
)
def test_a_notice_asking_you_to_act_without_its_own_channel_is_not_genuine(
    analyzer: SmsAnalyzer, knowledge: Knowledge, request_text: str
) -> None:
    verdict = analyzer.analyze(BILL + request_text)
    assert verdict.verdict is not VerdictKind.OFFICIAL_NOTICE
    if verdict.verdict is VerdictKind.UNCLEAR:
        why = verdict_view(verdict, knowledge, Lang.ZH_HANS).why or ""
        assert "官方" in why  # it says to check through the official channel


def test_the_same_notice_pointing_to_the_banks_own_app_is_genuine(analyzer: SmsAnalyzer) -> None:
    verdict = analyzer.analyze(BILL + "请登录手机银行查看。")
    assert verdict.verdict is VerdictKind.OFFICIAL_NOTICE


@pytest.mark.parametrize(
    "text",
    [
        "【招商银行】您的验证码为531208，请勿告诉任何人，工作人员不会索取。",
        "验证码：884512，您正在登录，切勿将验证码泄露给他人。",
    ],
)
def test_a_code_sms_that_warns_you_not_to_share_is_genuine(
    analyzer: SmsAnalyzer, text: str
) -> None:
    assert analyzer.analyze(text).verdict is VerdictKind.OFFICIAL_NOTICE


@pytest.mark.parametrize(
    "text",
    [
        "【中国银行】您尾号6610的卡12月1日消费支出89.00元，余额1,024.50元。请勿点击陌生链接。",
        "【招商银行】您的动态密码为884321，请勿向任何人提供，包括银行工作人员。",
        "【建设银行】尊敬的客户，建行不会以任何理由要求您转账到安全账户，请勿相信。",
        "【工商银行】您尾号1234卡支出100元，余额200元。如非本人操作请勿点击任何链接，请致电95588。",
    ],
)
def test_a_warning_not_to_click_share_or_transfer_is_not_a_request(
    analyzer: SmsAnalyzer, text: str
) -> None:
    verdict = analyzer.analyze(text)
    assert verdict.verdict is VerdictKind.OFFICIAL_NOTICE, verdict.signal_ids()


# ---------------- collection ----------------

DEMAND = "您的借款已逾期15天，欠款3,260元，请立即还款，"


@pytest.mark.parametrize(
    "scam_part",
    [
        "还款地址 hk-jiekuan.cn/p2",
        "请还至 6222 0212 3456 7890 123",
        "请加QQ 2849101123 协商",
        "官方还款通道已关闭，请联系专员办理",
        "可为您修复征信，先交服务费300元",
        "还款后截图发给专员",
        "请将款项转入对公账户",
    ],
)
def test_a_debt_demand_with_a_scam_request_is_never_called_collection(
    analyzer: SmsAnalyzer, scam_part: str
) -> None:
    verdict = analyzer.analyze(DEMAND + scam_part)
    assert verdict.verdict not in (VerdictKind.COLLECTION, VerdictKind.OFFICIAL_NOTICE)


def test_an_agency_naming_the_lender_with_its_own_number_stays_collection(
    analyzer: SmsAnalyzer,
) -> None:
    verdict = analyzer.analyze(
        "我是某某资产管理公司，受招联金融委托，您的欠款已逾期，"
        "请登录招联金融App还款，联系电话0571-86012345"
    )
    assert verdict.verdict is VerdictKind.COLLECTION


def _collections() -> list[dict[str, Any]]:
    items = yaml.safe_load((DATA / "sms_corpus.yaml").read_text(encoding="utf-8"))["items"]
    return [i for i in items if i["label"] == "collection" and "variant-of" not in i]


@pytest.mark.parametrize(
    "scam_part",
    ["还款链接 hk-huankuan.cn/a1", "请转入 6222 0212 3456 7890 123", "加微信 hk_kefu88 处理"],
)
def test_no_corpus_collection_message_stays_collection_once_it_asks_a_scam_thing(
    analyzer: SmsAnalyzer, scam_part: str
) -> None:
    """Metamorphic: every collection message of the corpus with a scam-shaped request added
    (rules and model) is no longer called collection, nor genuine."""
    still = [
        item["id"]
        for item in _collections()
        if analyzer.analyze(f"{item['text']}{scam_part}", item.get("sender")).verdict
        in (VerdictKind.COLLECTION, VerdictKind.OFFICIAL_NOTICE)
    ]
    assert still == []

"""The rules of the SMS verdict, one named test each (DESIGN.md "SMS verdicts", DOMAIN §2–§6)."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from bot.knowledge.base import Knowledge
from bot.knowledge.model import Lang
from bot.sms import SmsAnalyzer, VerdictKind
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def analyzer(knowledge: Knowledge) -> SmsAnalyzer:
    return SmsAnalyzer(knowledge.sms)


def _kind(analyzer: SmsAnalyzer, text: str, sender: str | None = None) -> VerdictKind:
    return analyzer.analyze(text, sender).verdict


def test_a_genuine_signature_alone_does_not_clear_a_message(analyzer: SmsAnalyzer) -> None:
    verdict = analyzer.analyze("【支付宝】您的账户有重要信息待查看。", "95188")
    assert verdict.verdict is VerdictKind.UNCLEAR
    assert "official_signature" in verdict.signal_ids()
    assert verdict.facts["sender"] == "official"


def test_a_spoofed_signature_and_95188_do_not_clear_a_scam(analyzer: SmsAnalyzer) -> None:
    text = "【借呗】唯一热线95188。为保障资金安全，请将账户余额转入安全账户核查，核查后退回。"
    verdict = analyzer.analyze(text, "95188")
    assert verdict.verdict is VerdictKind.SCAM
    assert verdict.risk == 100
    assert {"official_signature", "pay_personal_account"} <= set(verdict.signal_ids())


def test_a_code_sms_that_warns_not_to_share_is_official(analyzer: SmsAnalyzer) -> None:
    verdict = analyzer.analyze("【支付宝】验证码 823741，您正在登录，若非本人操作，请勿泄露。")
    assert verdict.verdict is VerdictKind.OFFICIAL_NOTICE
    assert "code_warning" in verdict.signal_ids()
    assert "verification_code" not in verdict.signal_ids()
    assert "red_flags" not in verdict.facts  # an SMS never shows there were none: the bot asks


def test_a_code_sms_that_asks_for_the_code_back_is_a_scam(analyzer: SmsAnalyzer) -> None:
    text = (
        "【支付宝】您正在申请注销借呗，验证码482913。如非本人操作，请立即回复验证码至95188取消。"
    )
    verdict = analyzer.analyze(text)
    assert verdict.verdict is VerdictKind.SCAM
    assert "verification_code" in verdict.facts["red_flags"]


def test_abusive_real_collection_is_collection_with_threat_signals(analyzer: SmsAnalyzer) -> None:
    text = "赵六，你借呗的欠款再拖下去，我们明天就联系你父母和单位领导，再不还就起诉你。"
    verdict = analyzer.analyze(text, "17700001111")
    assert verdict.verdict is VerdictKind.COLLECTION
    assert {"third_party_threat", "legal_threat"} <= set(verdict.facts["red_flags"])
    assert verdict.facts["sender"] == "mobile"
    assert verdict.addressed_name == "赵六"


@pytest.mark.parametrize(
    ("flag", "text"),
    [
        ("pay_personal_account", "您的罚息可减免，请把剩余欠款转到专员个人账户即可结清。"),
        ("upfront_fee", "您的借呗额度已恢复，激活前需先缴纳会员服务费199元。"),
        ("verification_code", "客服将为您办理退款，请把收到的验证码告诉客服。"),
        ("screen_share_app", "请下载腾讯会议，输入会议号后由专员指导您操作。"),
        ("link", "您的借呗账单有误，请点击 jb-check.vip/a 核对。"),
        ("contact_qq_wechat", "借呗逾期可协商，请加微信 xieshang-2026 详谈。"),
        ("credit_repair", "专业征信修复，逾期记录可申请消除，详询13912345678。"),
        ("student_account", "您的支付宝开通了学生认证，毕业后须注销，否则影响征信。"),
    ],
)
def test_any_one_hard_red_flag_makes_a_scam(analyzer: SmsAnalyzer, flag: str, text: str) -> None:
    verdict = analyzer.analyze(text)
    assert verdict.verdict is VerdictKind.SCAM, verdict.signal_ids()
    assert flag in verdict.signal_ids()


def test_a_real_court_notice_is_not_a_scam_for_its_link(analyzer: SmsAnalyzer) -> None:
    text = (
        "【上海市浦东新区人民法院】王五，您好！您有一份（2026）沪0115民初7788号案件的电子诉讼文书，"
        "请登录https://zxfw.court.gov.cn查看。如有疑问请拨打12368核实。"
    )
    verdict = analyzer.analyze(text, "12368")
    assert verdict.verdict is VerdictKind.OFFICIAL_NOTICE
    assert "court_link" in verdict.signal_ids()
    assert "link" in verdict.facts["red_flags"]  # still a link to verify, not to tap blindly
    assert verdict.facts["sender"] == "legal_claim"


def test_a_fake_court_claim_with_its_own_number_is_a_scam(analyzer: SmsAnalyzer) -> None:
    text = "【法院通知】您有一张法院传票请尽快领取，详情请拨打0755-28881234转人工。"
    assert _kind(analyzer, text) is VerdictKind.SCAM


def test_a_brand_claim_with_another_hotline_is_a_scam(analyzer: SmsAnalyzer) -> None:
    text = "【支付宝】您的借呗利率违规，需关闭借呗并重新授信，关闭请致电4008-123-456。"
    verdict = analyzer.analyze(text)
    assert verdict.verdict is VerdictKind.SCAM
    assert {"off_channel_number", "close_account"} <= set(verdict.signal_ids())
    (hit,) = [s for s in verdict.signals if s.id == "off_channel_number"]
    # the explanation names both sides: who it claims to be, and where it sends you
    assert "【支付宝】" in hit.explain.zh_hans
    assert "4008-123-456" in hit.explain.zh_hans
    assert "95188" in hit.explain.zh_hans


def test_warnings_that_name_scam_words_do_not_fire_them(analyzer: SmsAnalyzer) -> None:
    text = (
        "【支付宝】提醒：支付宝客服不会要求您共享屏幕、转账到安全账户或提供验证码，"
        "如遇此类电话请挂断并拨打95188核实。"
    )
    verdict = analyzer.analyze(text)
    assert verdict.verdict is VerdictKind.OFFICIAL_NOTICE, verdict.signal_ids()
    assert not {"screen_share_app", "pay_personal_account", "verification_code"} & set(
        verdict.signal_ids()
    )


def test_a_disclaimed_personal_account_does_not_fire(analyzer: SmsAnalyzer) -> None:
    text = "【安信资产】您在借呗的借款已逾期，请通过支付宝还款，我司不会要求您向任何个人账户转账。"
    verdict = analyzer.analyze(text)
    assert verdict.verdict is VerdictKind.COLLECTION
    assert "pay_personal_account" not in verdict.signal_ids()


def test_a_tie_between_official_and_collection_is_unclear_with_why(
    analyzer: SmsAnalyzer,
) -> None:
    # A signer no ``orgs`` entry knows: the claimed lender's own reminder ("【借呗】…已逾期…
    # 请尽快登录支付宝还款") is an official_notice since s8 (test_sms_classes_s8.py).
    text = "【信韵融】您12月10日的借款欠款已逾期，请尽快登录APP还款，详询95188"
    verdict = analyzer.analyze(text)
    assert verdict.verdict is VerdictKind.UNCLEAR
    assert verdict.why is not None
    assert "【信韵融】" in verdict.why.zh_hans
    assert "欠款" in verdict.why.en
    assert verdict.scores.official >= 30
    assert verdict.scores.collection >= 30


def test_suspicious_wording_beside_an_official_link_is_unclear(analyzer: SmsAnalyzer) -> None:
    text = (
        "根据监管要求，您的支付宝账户需要重新进行实名认证，"
        "请登录m.alipay.com验证，否则将被限制使用【支付宝】"
    )
    verdict = analyzer.analyze(text)
    assert verdict.verdict is VerdictKind.UNCLEAR
    assert verdict.why is not None
    assert "实名认证" in verdict.why.zh_hans
    assert 40 <= verdict.risk < 100


def test_too_little_to_judge_is_unclear(analyzer: SmsAnalyzer) -> None:
    verdict = analyzer.analyze("【通知】您有一笔款项待处理，请及时查看。")
    assert verdict.verdict is VerdictKind.UNCLEAR
    assert verdict.why is not None
    assert "red_flags" not in verdict.facts  # the bot asks rather than assume "none"
    assert "内容太少" in verdict.why.zh_hans


def test_a_long_message_no_rule_knows_is_not_called_too_short(rules_only: SmsAnalyzer) -> None:
    """A person who pasted a whole paragraph is not told it says too little: the card says
    the rules do not know this kind of message."""
    text = (
        "各位业主您好，本小区将于本周六上午九点至十一点在东门广场举办邻里文化节活动，"
        "现场有书法、剪纸和亲子游戏，欢迎带上家人一起参加。"
    )
    verdict = rules_only.analyze(text)
    assert verdict.verdict is VerdictKind.UNCLEAR, "precondition"
    assert verdict.why is not None
    assert "内容太少" not in verdict.why.zh_hans
    assert "认得出" in verdict.why.zh_hans
    assert "Too little" not in verdict.why.en
    for short in ("😀" * 40, "。" * 60, "请注意！！！" * 8):  # many characters, few words
        said = rules_only.analyze(short)
        assert said.verdict is VerdictKind.UNCLEAR, "precondition"
        assert said.why is not None
        assert "认得出" not in said.why.zh_hans


@pytest.mark.parametrize(
    ("sender", "expected"),
    [
        ("95188", "official"),
        ("+86 95188", "unknown"),
        ("10690123456", "bulk_106"),
        ("13800138000", "mobile"),
        ("+86 138 0013 8000", "mobile"),
        ("02160427735", "landline"),
        ("12368", "legal_claim"),
        ("支付宝", "official"),
        ("未知号码", "unknown"),
    ],
)
def test_the_sender_fact_from_the_number(
    analyzer: SmsAnalyzer, sender: str, expected: str
) -> None:
    assert analyzer.analyze("您好，有一笔款项待处理。", sender).facts["sender"] == expected


def test_no_sender_at_all_leaves_the_fact_for_the_bot_to_ask(analyzer: SmsAnalyzer) -> None:
    assert "sender" not in analyzer.analyze("您好，有一笔款项待处理。").facts


def test_a_legal_signature_is_a_legal_claim_whatever_the_number(analyzer: SmsAnalyzer) -> None:
    text = "【信和调解中心】您与蚂蚁借呗的借款纠纷已委托本中心诉前调解，请登录支付宝还款。"
    assert analyzer.analyze(text, "10690562280").facts["sender"] == "legal_claim"


def test_verdict_json_has_the_contract_fields(analyzer: SmsAnalyzer) -> None:
    verdict = analyzer.analyze("邓强，你欠的钱什么时候还？再不处理我们将联系你的家人和单位。")
    data = verdict.to_json(Lang.EN)
    assert {"verdict", "risk", "signals", "facts", "addressed_name"} <= set(data)
    assert data["verdict"] == "collection"
    assert isinstance(data["risk"], int)
    assert 0 <= data["risk"] <= 100
    assert data["addressed_name"] == "邓强"
    assert all({"id", "text"} <= set(s) for s in data["signals"])
    assert data["facts"]["red_flags"] == ["third_party_threat"]
    assert "family" in data["signals"][0]["explain"]  # explained in the asked language


def test_the_12321_report(analyzer: SmsAnalyzer) -> None:
    verdict = analyzer.analyze(
        "  【支付宝】您的余额支付功能将于今日关闭，请登录a1ipay.com/kq开通。\n"
    )
    report = analyzer.report_12321(verdict, "+86 170-8264-1937")
    # the link is defanged: the report is shown in the chat, where it must not be tappable
    assert report == (
        "17082641937*【支付宝】您的余额支付功能将于今日关闭，请登录a1ipay[.]com/kq开通。"
    )
    assert analyzer.report_12321("短信内容", "1069 0123 456") == "10690123456*短信内容"
    with pytest.raises(ValueError, match="number"):
        analyzer.report_12321("短信内容", "未知")


def test_the_analyzer_is_pure() -> None:
    """bot.sms imports no adapter and reads no clock (STYLE.md: the core is pure)."""
    code = (
        "import sys, bot.sms\n"
        "bad = {'telegram', 'aiosqlite'} & set(sys.modules)\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=60)
    for path in (ROOT / "bot" / "sms").glob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module.split(".")[0])
        assert not {"time", "datetime", "telegram", "aiosqlite"} & names, path


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("请把钱转入安泉账户核查", "pay_personal_account"),
        ("请下载腾讯会意共享平幕", "screen_share_app"),
        ("请 将 收 到 的 验 证 码 告 知 客 服", "verification_code"),
        ("請將收到的驗證碼告知客服", "verification_code"),
        ("需配合注销并将额度清零，请加ＱＱ　２８７６５４１０９３", "contact_qq_wechat"),
    ],
)
def test_typos_spacing_and_script_do_not_hide_a_signal(
    analyzer: SmsAnalyzer, text: str, signal: str
) -> None:
    verdict = analyzer.analyze(text)
    assert signal in verdict.signal_ids()
    assert verdict.verdict is VerdictKind.SCAM

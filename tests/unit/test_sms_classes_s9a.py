"""Session 9 (rules A): genuine notices that came out ⚪ unclear, 🔴 scam or 🟠 collection.

Every message here is composed for this test (other organisations, other wording, Traditional
Chinese and English where such SMS are sent), not copied from the tuning corpus, a held-out
file or any page. Each class has genuine messages that must come out 🟢 official_notice and
look-alikes of the opposite label that must not flip: scams that ASK for the code, real
collection, real scams.
"""

from __future__ import annotations

import pytest

from bot.sms import SmsAnalyzer, VerdictKind

# ---- class 1: a code SMS that only gives a code (validity, purpose, a warning) ----
CODE_SMS: list[tuple[str | None, str]] = [
    (None, "【饿了么】283716是你的登录验证码，3分钟内有效。"),
    (None, "【小红书】验证码 906512，用于账号登录，10分钟内有效，请勿泄露给他人。"),
    (
        None,
        "【拼多多】您的验证码为447120，该验证码仅用于绑定手机号，请勿告诉他人，"
        "客服不会向您索要验证码。",
    ),
    (None, "【网易】472093（网易邮箱验证码），有效期为15分钟。验证码给了别人可能导致账号被盗。"),
    (None, "【携程旅行】验证码：581204。如非本人操作请忽略。"),
    (None, "【高德地图】您正在登录高德地图，验证码 6629。"),
    ("95566", "【中国银行】您的动态密码为731905，用于网银登录，切勿泄露。"),
    (None, "【12306】您的验证码是：389210，用于修改手机号码，5分钟内有效。"),
    (None, "【中華電信】您的驗證碼為 820431，10分鐘內有效，請勿將驗證碼提供給他人。"),
    (None, "【LINE】您的LINE驗證碼：448812。請勿告知任何人此驗證碼。"),
    (None, "905512 is your Instagram code. Don't share it."),
    (None, "Your Apple ID verification code is: 662108. Do not share it with anyone."),
    (None, "G-318274 is your Google verification code."),
    (None, "Your Microsoft account security code is 4472."),
    (None, "【钉钉】XKQPTA是您的钉钉登录验证码，30分钟内有效，切勿转发。"),
    (None, "【QQ】验证码119283，用于QQ 12****89登录。泄露有风险。"),
    (None, "【招商银行】您的交易码为839201，您正在进行网上支付，任何人索要交易码都是诈骗。"),
    (
        None,
        "【滴滴出行】验证码8832，您正在登录滴滴出行，如非本人操作请忽略。别人找你要验证码的都是骗子。",
    ),
    (None, "【百度】验证码提供给他人可能导致账号被盗，请勿泄露。您的验证码为552031。"),
    (None, "【台灣大哥大】OTP密碼 663120，密碼勿告知他人以防詐騙。"),
    (None, "【中国移动】您的验证码为7190，5分钟内有效，任何索取行为均可能涉嫌诈骗，请勿泄露。"),
]

# Scams that ASK for the code: they stay scam.
CODE_ASKED: list[tuple[str | None, str]] = [
    (None, "【京东金融】您的验证码是556677，请把验证码发给客服完成注销。"),
    ("95188", "【支付宝】验证码883201，请将收到的验证码告诉工作人员以便核实身份。"),
    (None, "您好，我是美团客服，系统已给您发送验证码，请回复验证码给我们办理退款。"),
    (None, "【抖音】验证码667102，为解除会员扣费，请提供验证码给我们的专员。"),
    (
        None,
        "Your verification code is 448271. Our agent will call you; please tell him the code "
        "to unlock your account.",
    ),
    (None, "【淘宝】您的退款验证码为990211，请在页面 tb-tk.top 填写验证码领取退款。"),
]


@pytest.mark.parametrize(("sender", "text"), CODE_SMS)
def test_a_code_sms_that_only_gives_the_code_is_a_notice(
    analyzer: SmsAnalyzer, rules_only: SmsAnalyzer, sender: str | None, text: str
) -> None:
    verdict = rules_only.analyze(text, sender)
    assert verdict.verdict is VerdictKind.OFFICIAL_NOTICE, (verdict.signal_ids(), verdict.why)
    assert analyzer.analyze(text, sender).verdict is VerdictKind.OFFICIAL_NOTICE
    # the card says why: a code SMS that warns, or one that asks for nothing at all
    assert {"code_warning", "code_only"} & set(verdict.signal_ids())


@pytest.mark.parametrize(("sender", "text"), CODE_ASKED)
def test_a_message_that_asks_for_the_code_stays_a_scam(
    analyzer: SmsAnalyzer, rules_only: SmsAnalyzer, sender: str | None, text: str
) -> None:
    verdict = rules_only.analyze(text, sender)
    assert verdict.verdict is VerdictKind.SCAM, verdict.signal_ids()
    assert "code_only" not in verdict.signal_ids()
    assert analyzer.analyze(text, sender).verdict is VerdictKind.SCAM


def test_a_plain_code_sms_says_it_asks_for_nothing(rules_only: SmsAnalyzer) -> None:
    verdict = rules_only.analyze("【携程旅行】验证码：581204。如非本人操作请忽略。")
    shown = {s.id: s.explain.zh_hans for s in verdict.signals}
    assert "它只给了验证码" in shown["code_only"]
    # a warning about others is not a request: the code is not asked "to be given to others"
    warned = rules_only.analyze("【金山文档】验证码123456。验证码提供给他人可能导致账号被盗。")
    assert "verification_code" not in warned.signal_ids()

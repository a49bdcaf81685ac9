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
from tests.conftest import Judge

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
    # the app named in its own code SMS is no contact to add
    (None, "Your WhatsApp code: 123-456. Don't share this code with others."),
    (
        None,
        "Telegram code: 48213. Do not give this code to anyone, even if they say they are "
        "from Telegram!",
    ),
    (None, "[Steam] Your Steam Guard code: F4K7R"),
    (None, "【微信支付】您正在修改支付密码，验证码 301928，转发给他人可能导致资金被盗。"),
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
    judge: Judge, sender: str | None, text: str
) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text, sender)
    # the card says why: a code SMS that warns, or one that asks for nothing at all
    assert {"code_warning", "code_only"} & set(verdict.signal_ids())


@pytest.mark.parametrize(("sender", "text"), CODE_ASKED)
def test_a_message_that_asks_for_the_code_stays_a_scam(
    judge: Judge, sender: str | None, text: str
) -> None:
    verdict = judge.says(VerdictKind.SCAM, text, sender)
    assert "code_only" not in verdict.signal_ids()


def test_a_plain_code_sms_says_it_asks_for_nothing(rules_only: SmsAnalyzer) -> None:
    verdict = rules_only.analyze("【携程旅行】验证码：581204。如非本人操作请忽略。")
    shown = {s.id: s.explain.zh_hans for s in verdict.signals}
    assert "它只给了验证码" in shown["code_only"]
    # a warning about others is not a request: the code is not asked "to be given to others"
    warned = rules_only.analyze("【金山文档】验证码123456。验证码提供给他人可能导致账号被盗。")
    assert "verification_code" not in warned.signal_ids()


# ---- class 2: notices that state something and ask nothing risky ----
# Lenders' and banks' reminders and results, the housing fund, bookings, queues, meetings, a
# password reset, after-sales, public-health notices and police anti-fraud notices (which may
# point to 110 or 96110, or ask you to tell your family).
STATED: list[tuple[str | None, str]] = [
    (
        None,
        "【安逸花】您的借款本期将于10月15日到期，请确保绑定银行卡余额充足，系统将自动扣款。",
    ),
    (None, "【分期乐】您9月账单已代扣还款成功，感谢您的使用。"),
    (None, "【小赢卡贷】您的借款已全部结清，感谢您的信任。"),
    (
        None,
        "【度小满】我们已经收到您10月份的还款1,280.00元，感谢支持。",
    ),
    (
        None,
        "【携程金融】您申请的借款5000元已发放至尾号8812的银行卡，请注意查收。",
    ),
    (None, "【苏宁金融】恭喜您通过审核并获得20000元额度。"),
    (None, "【宜人贷】很抱歉，您的借款申请未通过审核，感谢您的关注。"),
    (
        None,
        "您于2024年3月20日偿还公积金贷款3,105.66元，其"
        "中本金2,011.20元，利息1,094.46元，剩余贷款本"
        "金为288,450.12元。",
    ),
    (
        None,
        "【住房公积金】您的公积金贷款已逾期1期，逾期金额1,203."
        "55元，请尽快到建设银行南京新街口支行柜面还款，以免影响个人"
        "征信。",
    ),
    (
        None,
        "您的公积金贷款本月扣款失败，已逾期2天，请于本周内到承办银行网点柜台还款。",
    ),
    (
        None,
        "【廣州住房公積金】您的公積金貸款已逾期1期，請到工商銀行營業網點櫃台還款。",
    ),
    (
        None,
        "您已成功预约11月3日9:30-10:00的社保卡补办业务，预约号A0231，请提前到达等候叫号。",
    ),
    (
        None,
        "【海底捞】您的排队号为B32，您前面还有6桌等待，请在现场等候叫号。",
    ),
    (
        None,
        "【腾讯会议】温馨提醒：11月5日 14:00 的项目周会即将开始，请您准时参加。",
    ),
    (
        None,
        "【京东】您的售后申请已受理，已安排售后人员与您联系，请保持电话畅通。",
    ),
    (
        None,
        "【12306】您的密码已经重置，如非本人操作请拨打12306。",
    ),
    (
        None,
        "尊敬的用户您好，您已成功预订明日19:00的2人位，预约编码2231，届时请到店出示。",
    ),
    (None, "【大众点评】您的订单已经核销，感谢光临。"),
    (
        None,
        "【成都疾控】您好！经流调发现您为时空伴随人员，请立即向社区报"
        "备，3天内完成2次核酸检测，期间请居家。",
    ),
    (
        None,
        "【市疫情防控指挥部】您近期到过涉疫场所，请于收到短信后24小"
        "时内就近完成核酸采样，谢谢配合。",
    ),
    (
        None,
        "【市公安局】反诈提醒：近期有人以“快递理赔”名义实施诈骗，请"
        "勿轻信，遇到可疑情况请拨打110。",
    ),
    (
        None,
        "【XX派出所】提醒您并请转告您的家人：谨防冒充公检法诈骗，如遇可疑电话请拨打96110咨询。",
    ),
    (
        None,
        "近期有不法分子以银行客服名义发送“额度提升”短信实施诈骗，请勿轻易相信，以免造成财产损失。",
    ),
    (
        None,
        "中國移動提醒您：如收到自稱海關、警察的來電要求轉賬，請勿輕信，可撥打110查證。",
    ),
    (
        None,
        "【区卫健委】您好，请您主动联系所在社区（单位），告知本短信情况并配合健康监测。",
    ),
]

# Real collection (an agency, a threat, the family or employer told) stays collection, even
# when it says to repay at a counter.
COLLECTION_KEPT: list[tuple[str | None, str]] = [
    (
        None,
        "【XX资产管理】受XX银行委托，您的公积金贷款已逾期3期，请"
        "尽快到网点柜台还款，否则我司将上门催收。",
    ),
    (
        None,
        "你欠的钱再不还，我们就联系你的家人和单位，今天必须到银行柜台还清！",
    ),
    (
        None,
        "【信用卡中心】您的信用卡已逾期60天，我行已委托律师事务所处理，请立即还款。",
    ),
    (
        None,
        "您的借款已逾期15天，我们将按合同通知您的紧急联系人，请今天内还款。",
    ),
    (None, "请转告你的家人，你欠的钱再不还我们明天就上门。"),
    (
        None,
        "张伟，你在XX贷的借款已严重逾期，再不到柜台还款我们就到你单位找你领导。",
    ),
]

# Scams that borrow these notices' words stay scams.
SCAMS_KEPT: list[tuple[str | None, str]] = [
    # a chat contact stays one (not a code SMS naming its app)
    (None, "Contact our agent on Telegram @refund_help88 to unlock your account."),
    (None, "您的账户异常，请加 telegram id: kefu8899 联系客服处理。"),
    (
        None,
        "【疾控中心】您为密接人员，请点击 jk-hs.top 登记领取核酸补贴。",
    ),
    (
        None,
        "公安局反诈中心：您的银行卡涉嫌诈骗洗钱，请勿轻信他人，立即将资金转入安全账户配合调查。",
    ),
    (
        None,
        "【分期乐】您的借款已全部结清，征信修复需缴纳服务费300元，请联系专员QQ 2846571903。",
    ),
    (
        None,
        "【住房公积金】您的公积金贷款已获批，请先缴纳保证金2000元到指定账户后放款。",
    ),
    (
        None,
        "您已成功预约ETC认证，请登录 etc-rz.cc 完成认证，否则将停用。",
    ),
    (
        None,
        "有人以你的名义办理了银行卡，涉嫌诈骗洗钱，请配合调查，不要告诉任何人。",
    ),
    (
        None,
        "【美团】您的快递丢失，可获双倍理赔，请勿轻信他人，添加理赔客服微信 mt-lp2024 办理。",
    ),
    (
        None,
        "【京东金融】您的额度已提升至5万，谨防诈骗，详询客服4008-123-456办理。",
    ),
]


@pytest.mark.parametrize(("sender", "text"), STATED)
def test_a_notice_that_states_something_and_asks_nothing_risky_is_a_notice(
    judge: Judge, sender: str | None, text: str
) -> None:
    judge.says(VerdictKind.OFFICIAL_NOTICE, text, sender)


@pytest.mark.parametrize(("sender", "text"), COLLECTION_KEPT)
def test_real_collection_stays_collection(judge: Judge, sender: str | None, text: str) -> None:
    verdict = judge.says(VerdictKind.COLLECTION, text, sender)
    assert "counter_repay" not in verdict.signal_ids()


@pytest.mark.parametrize(("sender", "text"), SCAMS_KEPT)
def test_a_scam_in_a_notice_s_words_stays_a_scam(
    judge: Judge, sender: str | None, text: str
) -> None:
    judge.says(VerdictKind.SCAM, text, sender)


def test_a_counter_reminder_keeps_its_overdue_words_beside_a_threat(
    rules_only: SmsAnalyzer,
) -> None:
    """A signal is judged after the conditional signals it names (bot/sms/rules.py): the
    threat drops counter_repay, so 逾期 and 请还款 still count."""
    threat = rules_only.analyze("【XX银行】您的贷款已逾期，请到网点柜台还款，否则我们将起诉您。")
    assert {"legal_threat", "overdue_wording"} <= set(threat.signal_ids())
    assert threat.verdict is VerdictKind.COLLECTION
    own = rules_only.analyze("【XX银行】您的贷款已逾期，请到网点柜台还款。")
    assert "overdue_wording" not in own.signal_ids()
    assert own.verdict is VerdictKind.OFFICIAL_NOTICE


# ---- class 3: genuine bills that say "缴纳/交纳…N元" with no way to pay a person from afar ----
BILLS: list[tuple[str | None, str]] = [
    (
        None,
        "【阳光物业】尊敬的业主，您2025年度物业费共计2,856元"
        "，请于12月31日前到物业服务中心缴纳，谢谢配合。",
    ),
    (
        None,
        "尊敬的家长：本学期教材书本费需缴纳186元，请于开学报到时交给班主任，学校统一开具收据。",
    ),
    (
        None,
        "【国网浙江电力】您户号3301****8812本月电费应交纳"
        "128.60元，请于15日前缴纳，可通过网上国网App缴费。",
    ),
    (
        None,
        "【深圳水务】您本期水费45.20元，请及时缴纳，如已缴请忽略。",
    ),
    (
        None,
        "【XX燃气】您的燃气费欠费68元，请尽快到营业厅缴纳，以免停气。",
    ),
    (
        None,
        "尊敬的业主，2026年供暖费已开始收取，您家需缴纳暖气费2,100元，请到小区物业办公室缴纳。",
    ),
    (
        None,
        "【XX小学】各位家长：下周一起缴纳午餐费，每生每月需交350元，请通过学校缴费平台缴纳。",
    ),
    (
        None,
        "【中国移动】您本月话费需缴纳58元，请于月底前通过中国移动App缴费，以免停机。",
    ),
    (
        None,
        "您的车辆年检需缴纳检测费150元，请于预约时间到检测站现场缴纳。",
    ),
    (
        None,
        "【XX大学】2026级新生学费需缴纳5,800元，住宿费1,200元，请登录学校迎新系统缴纳。",
    ),
    (
        None,
        "【台電】您本期電費新臺幣1,204元，請於繳費期限前繳納，可至超商或郵局繳費。",
    ),
]

# A fee paid first, to get a loan, a refund, a prize or a parcel, or paid to a person, an
# account or a link, stays a scam.
FEE_SCAMS: list[tuple[str | None, str]] = [
    (
        None,
        "【XX贷】您的贷款已审核通过，需缴纳500元解冻金后方可放款，请转入指定账户。",
    ),
    (None, "您好，您的退款已受理，需先缴纳手续费200元，请扫码支付。"),
    (
        None,
        "恭喜您获得二等奖，领奖需缴纳税费800元，请汇款至6222 0212 3456 7890。",
    ),
    (
        None,
        "【物业】尊敬的业主，物业费需缴纳1,280元，请转账至物业经理个人微信 wy-zhang88。",
    ),
    (
        None,
        "家长您好，我是王老师，本学期资料费需缴纳260元，请直接转到我的支付宝 138****5678。",
    ),
    (
        None,
        "您的快递需缴纳清关费300元才能派送，请点击 kd-qg.top 缴纳。",
    ),
    (None, "您的网贷可以办理，先交纳1000元保证金，马上下款。"),
]


@pytest.mark.parametrize(("sender", "text"), BILLS)
def test_a_bill_that_states_what_to_pay_is_no_upfront_fee(
    judge: Judge, sender: str | None, text: str
) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text, sender)
    assert "upfront_fee" not in verdict.signal_ids()


@pytest.mark.parametrize(("sender", "text"), FEE_SCAMS)
def test_a_fee_to_get_something_or_paid_to_a_person_stays_a_scam(
    judge: Judge, sender: str | None, text: str
) -> None:
    judge.says(VerdictKind.SCAM, text, sender)


def test_a_sum_to_pay_first_or_before_a_loan_is_still_an_upfront_fee(
    rules_only: SmsAnalyzer,
) -> None:
    for text in (
        "您的贷款已审核通过，需缴纳800元后即可放款。",
        "您的包裹被海关扣留，需缴纳300元才能派送。",
        "请支付495元资料费和印刷费。",
        "办理前请先交300元。",
    ):
        assert "upfront_fee" in rules_only.analyze(text).signal_ids(), text


# ---- class 2 (cont.): a bill or notice that quotes the reader's own number ----
# "用户号码：156…", "您的号码138…": the line the message was sent to, not one to call
# (bot/sms/numbers.py → _SUBSCRIBER); and a public-health notice asking you to tell your
# community (社区、单位) is no threat to tell others.
OWN_NUMBER: list[tuple[str | None, str]] = [
    (
        None,
        "【中国移动】尊敬的客户，您的号码13812345678本月话费89.00元，详情登录中国移动App查询。",
    ),
    (
        None,
        "【中国电信】您好，您的手机号18912345678已欠费12.50元，请通过中国电信App充值。",
    ),
    (
        None,
        "【中国联通】用户号码：15612345678；计费周期：11月1日-11月30日；本月费用66.00元。",
    ),
    (
        None,
        "【中国移动】您好，本机号码13900001111本月已使用流量18.5GB，套餐剩余1.5GB。",
    ),
    (
        None,
        "【江苏疾控】请您配合健康监测，如出现发热症状，要立即告知所在"
        "社区（单位），由社区安排就诊。",
    ),
    (
        None,
        "【中国移动】您的手机号码13566667777已成功办理5G套餐，次月生效。",
    ),
    (
        None,
        "【中國電信】您的號碼18911112222本月帳單128元，請於月底前繳清。",
    ),
    (
        None,
        "【中国联通】您的号码为18622223333的宽带已续费成功。",
    ),
    (
        None,
        "【中国电信】计费号码：02187654321，本期账单金额95.00元。",
    ),
]

# A number the message asks you to call stays one.
CALL_SCAMS: list[tuple[str | None, str]] = [
    (
        None,
        "【中国移动】您的号码已被停用，请联系客服13912345678处理。",
    ),
    (
        None,
        "【中国联通】您的积分即将清零，请拨打18800001111兑换现金。",
    ),
    (
        None,
        "【中国电信】您的手机号码18900002222涉嫌违规，将于"
        "今日停机，如有疑问请致电02188886666解除。",
    ),
]


@pytest.mark.parametrize(("sender", "text"), OWN_NUMBER)
def test_a_notice_quoting_your_own_number_is_a_notice(
    judge: Judge, sender: str | None, text: str
) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text, sender)
    assert not any(p.called for p in verdict.evidence.phones)


@pytest.mark.parametrize(("sender", "text"), CALL_SCAMS)
def test_a_number_to_call_beside_your_own_stays_a_scam(
    judge: Judge, sender: str | None, text: str
) -> None:
    verdict = judge.says(VerdictKind.SCAM, text, sender)
    assert any(p.called for p in verdict.evidence.phones)


# ---- class 2 (cont.): a password changed or reset, "log in and change it" ----
# With no link and no number the only place to log in is the app or site you already use.
PASSWORD_NOTICES: list[tuple[str | None, str]] = [
    (None, "【12306】您的账户密码已被重置，请尽快登录并修改密码。"),
    (
        None,
        "【网易邮箱】您的邮箱密码已重置为临时密码，请登录后及时修改密码。",
    ),
    (
        None,
        "【中国移动】您的服务密码已修改成功，如非本人操作请拨打10086。",
    ),
    (
        None,
        "【京东】您的登录密码已修改，如非本人操作，请登录京东App重置密码。",
    ),
    (
        None,
        "尊敬的用户，您的初始密码为839201，请首次登录后修改密码。",
    ),
    (None, "【学信网】您的密码已重置，请使用新密码登录后修改。"),
    (
        None,
        "【智联招聘】您的账号密码已修改，若非本人操作，请及时登录修改密码。",
    ),
    (
        None,
        "【蝦皮購物】您的密碼已變更，若非本人操作，請立即登入並修改密碼。",
    ),
    (
        None,
        "【腾讯】您的QQ密码已修改，如非本人操作，请通过QQ安全中心App找回。",
    ),
    (
        None,
        "【美团】您的支付密码已重置成功，如非本人操作，请尽快登录美团App修改。",
    ),
]

# A link, a number or a code asked for stays a scam.
PASSWORD_SCAMS: list[tuple[str | None, str]] = [
    (
        None,
        "【工商银行】您的网银密码已过期，请登录 icbc-mm.top 修改密码。",
    ),
    (
        None,
        "您的支付宝密码已被盗，请立即登录 zfb-safe.cc 重置密码。",
    ),
    (
        None,
        "您的账户密码存在风险，请联系客服 13812345678 修改密码。",
    ),
    (None, "【中国银行】您的密码即将失效，请回复验证码至本号码重置密码。"),
]


@pytest.mark.parametrize(("sender", "text"), PASSWORD_NOTICES)
def test_a_password_notice_that_sends_you_to_log_in_yourself_is_a_notice(
    judge: Judge, sender: str | None, text: str
) -> None:
    judge.says(VerdictKind.OFFICIAL_NOTICE, text, sender)


@pytest.mark.parametrize(("sender", "text"), PASSWORD_SCAMS)
def test_a_password_scam_stays_a_scam(judge: Judge, sender: str | None, text: str) -> None:
    judge.says(VerdictKind.SCAM, text, sender)


def test_log_in_to_change_it_proves_nothing_beside_a_threat_or_a_number(
    rules_only: SmsAnalyzer,
) -> None:
    for text in (
        "您的账户存在异常已被冻结，请登录后修改密码解冻。",
        "您的密码已修改，如非本人操作请致电 400-123-4567。",
    ):
        assert rules_only.analyze(text).verdict is not VerdictKind.OFFICIAL_NOTICE, text


# ---- class 2 (cont.): something waiting in the system you use, a system alert ----
SYSTEM_NOTICES: list[tuple[str | None, str]] = [
    (None, "【钉钉】您有一条新的审批待处理，请及时处理。"),
    (None, "【飞书】您有3个任务今日到期，请及时处理。"),
    (None, "【美团外卖商家版】您有新的订单待处理，请尽快接单。"),
    (
        None,
        "【企业微信】您有一条新的工单需要处理，工单号A20231108。",
    ),
    (
        None,
        "【双创平台】您好，您有一条新需求信息需要处理，需求编码为88123，请及时处理。",
    ),
    (None, "【滴滴企业版】您有一笔用车申请待审批。"),
    (None, "【OA系统】您有2条待办事项未处理，请登录系统查看。"),
    (None, "【阿里云】您的服务器CPU使用率已超过90%，请及时关注。"),
    (None, "【騰訊雲】您的雲服務器磁盤剩餘空間不足10%，請及時處理。"),
    (
        None,
        "【12345热线】您反映的问题已受理，工单号20231108001，处理结果将短信告知。",
    ),
]

SYSTEM_SCAMS: list[tuple[str | None, str]] = [
    (
        None,
        "【钉钉】您有一条新的审批待处理，请点击 dd-oa.top 登录处理。",
    ),
    (
        None,
        "【交管12123】您有一条违章记录待处理，请登录 12123-wz.cc 缴纳罚款。",
    ),
    (
        None,
        "您有一笔退款待处理，请添加客服微信 tk-kefu88 领取。",
    ),
]


@pytest.mark.parametrize(("sender", "text"), SYSTEM_NOTICES)
def test_a_task_or_alert_in_your_own_system_is_a_notice(
    judge: Judge, sender: str | None, text: str
) -> None:
    judge.says(VerdictKind.OFFICIAL_NOTICE, text, sender)


@pytest.mark.parametrize(("sender", "text"), SYSTEM_SCAMS)
def test_a_task_with_a_link_or_a_contact_stays_a_scam(
    judge: Judge, sender: str | None, text: str
) -> None:
    judge.says(VerdictKind.SCAM, text, sender)

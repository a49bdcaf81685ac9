"""Session 14 (rules B): scams that came out ⚪ unclear, 🟢 genuine or 🟠 collection.

Every message here is composed for this test (other senders, other wording, Traditional
Chinese, full-width forms), not copied from the tuning corpus, a held-out file or any page;
names, numbers and hosts are fake. Each class has scams that must come out 🔴 scam and
look-alikes that must not flip.
"""

from __future__ import annotations

import pytest

from bot.sms import VerdictKind
from tests.conftest import Judge

# ---- class 1: a medical-insurance / social-security card "locked", or a pension stopped ----
# A card said to be abnormal, locked, stopped or to be voided, or a pension stopped unless a
# face check is done, with no office, app or official line named.
CARD_THREAT: list[str] = [
    "您的社保卡状态异常已被锁定，24小时内未处理将无法使用。",
    "醫保卡帳戶異常凍結，請盡快完成信息核驗，逾期作廢。",
    "您名下的养老账户已停用，请点击下方入口重新激活。",
    "通知：全体退休人员须于本月底前完成人脸认证，未认证者下月起暂停发放养老金！",
    "您的医疗卡已封停，需重新登记个人信息方可恢复。",
]
# Genuine notices about the same cards, done or sent to the bureau's own counter or app, and a
# warning that names the trick.
CARD_PLAIN: list[str] = [
    "【某市医疗保障局】您的医保卡已于3月2日激活成功，可在定点医院正常使用。",
    "【某市人社局】您申领的社保卡已制作完成，请携带身份证到就近网点领取。",
    "【某县人社局】请退休人员于6月30日前在“掌上人社”小程序完成养老金领取资格认证，未认证将暂停发放。",
    "警惕冒充医保局的短信：凡称“医保卡异常锁定”并让你点链接的都是诈骗。",
    "【某市医保局】您的医保账户5月1日划入资金126.50元，余额可在国家医保服务平台App查询。",
]


@pytest.mark.parametrize("text", CARD_THREAT)
def test_a_locked_insurance_card_or_a_stopped_pension_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "insurance_card_threat" in verdict.signal_ids()


@pytest.mark.parametrize("text", CARD_PLAIN)
def test_a_card_notice_at_the_bureaus_own_counter_is_no_threat(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "insurance_card_threat" not in verdict.signal_ids()


# ---- class 2: a text to parents to receive / activate / supervise a child's school record ----
SCHOOL_REPORT: list[str] = [
    "家长您好，请及时查收孩子本学期的成绩单及老师评语。",
    "各位家長：您孩子的期末綜合評定已生成，請家長接收並激活。",
    "家长你好，请点击接收您孩子下学期的课程安排及收费说明。",
    "尊敬的家长，贵子女在校表现记录已更新，需家长监督确认。",
    "请下载并打开学校致家长的一封信，了解孩子暑期安排。",
]
# A school's own notice (its app, its counter), a parents' meeting, a homework reminder, and a
# warning naming the trick.
SCHOOL_PLAIN: list[str] = [
    "【某某实验小学】家长您好，孩子期末成绩已发布，请打开“智慧校园”App查看。",
    "家长您好，本周五下午3点召开家长会，请准时到校参加。",
    "请家长监督孩子每天完成半小时阅读，谢谢配合。",
    "警惕诈骗：凡是让家长下载软件激活查看孩子成绩的短信都是诈骗。",
]


@pytest.mark.parametrize("text", SCHOOL_REPORT)
def test_a_childs_school_record_to_receive_or_activate_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "school_report_lure" in verdict.signal_ids()


@pytest.mark.parametrize("text", SCHOOL_PLAIN)
def test_a_schools_own_notice_or_a_homework_reminder_is_no_lure(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "school_report_lure" not in verdict.signal_ids()


# ---- class 3: a teaser about you that only works with the link after it ----
TEASER: list[str] = [
    "王磊，快看看你干的好事！",
    "李老师，你都上新闻了，赶紧看一下吧。",
    "這是上週同學會的合照，你也太搞笑了",
    "我是老周，这几个人你要注意一下。",
    "你好，我在婚恋平台看到你的资料，这里有我的照片，点开看一下吧。",
]
# A friend who only mentions photos, a news app's digest, and a warning naming the trick.
TEASER_PLAIN: list[str] = [
    "上次聚会的照片我都存在U盘里了，下周见面拷给你。",
    "【某某新闻】今日热点：本市地铁3号线开通，打开某某新闻App查看。",
    "警惕有人发“看你干的好事”加链接的短信，点开会中木马，切勿点击。",
]


@pytest.mark.parametrize("text", TEASER)
def test_a_teaser_about_you_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "teaser_lure" in verdict.signal_ids()


@pytest.mark.parametrize("text", TEASER_PLAIN)
def test_photos_mentioned_or_a_news_digest_is_no_teaser(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "teaser_lure" not in verdict.signal_ids()


# ---- class 4: a flight "cancelled", the rebooking or refund first, then a number to call ----
# flight_cancel_contact reads "请联系…办理改签"; the same story told the other way round
# ("如需退票、改签请致电400…") sends you to a number that is not the airline's 95xxx line.
FLIGHT_CALL: list[str] = [
    "尊敬的旅客，您乘坐的航班因天气原因已取消，退票或改签请致电客服4006-123-456办理。",
    "很抱歉通知您，您預訂的航班因機械故障取消，如需改簽、理賠請聯繫專線021-61234567。",
    "您的航班延误无法起飞，改签补偿请拨打13912345678联系工作人员。",
]
# The airline's own 95xxx line, its app, and a warning naming the trick.
FLIGHT_PLAIN: list[str] = [
    "【某某航空】您的航班MU5101因天气原因取消，如需改签请致电95530或登录某某航空App办理。",
    "警惕“航班取消”诈骗：凡称航班取消、要你改签退票请联系陌生号码的短信都是诈骗。",
]


@pytest.mark.parametrize("text", FLIGHT_CALL)
def test_a_cancelled_flight_with_a_number_to_call_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "flight_cancel_callback" in verdict.signal_ids()


@pytest.mark.parametrize("text", FLIGHT_PLAIN)
def test_a_cancelled_flight_on_the_airlines_own_line_is_no_scam(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "flight_cancel_callback" not in verdict.signal_ids()


# ---- class 5 (genuine side): money reported paid into the reader's own personal account ----
# "收益已转到您的个人账户" says where money went; it asks for nothing. A request to pay into
# someone's personal account stays a scam.
PAID_TO_YOU: list[str] = [
    "尊敬的客户您好，您购买的稳盈产品本期收益已转到您的个人账户，其中本金5000元，收益36.20元。【某某理财】",
    "【某某保险】您的理赔款3,200.00元已汇入您的个人银行账户，请注意查收。",
]
PAY_PERSONAL: list[str] = [
    "请把押金转到我个人账户，尽快办理。",
    "缴纳保证金请汇到财务个人账户，逾期作废。",
    "您的贷款已审批，请先转入个人账户6222 0212 3456 7890做流水验证。",
]


@pytest.mark.parametrize("text", PAID_TO_YOU)
def test_money_paid_into_your_own_account_is_no_scam(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "pay_personal_account" not in verdict.signal_ids()


@pytest.mark.parametrize("text", PAY_PERSONAL)
def test_money_to_pay_into_a_personal_account_stays_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "pay_personal_account" in verdict.signal_ids()

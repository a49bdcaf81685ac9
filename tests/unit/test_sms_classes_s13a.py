"""Session 13 (rules A): genuine notices that came out ⚪ unclear (or 🔴 / 🟠) although they
keep to their sender's channel and ask for nothing off it.

Every message here is composed for this test (other senders, other wording, placeholders as
back-end templates print them, Traditional Chinese, full-width), not copied from the tuning
corpus, a held-out file or any page; names, numbers and hosts are fake. Each class has
genuine messages that must come out 🟢 official_notice and look-alikes that must keep their
old verdict (a scam stays 🔴).
"""

from __future__ import annotations

import pytest

from bot.sms import VerdictKind
from bot.sms.text import fold_for_matching
from tests.conftest import Judge

# ---- class 2: every way a back-end template prints an unfilled variable is a mask ----
# "{$notice.user_name}", "{$order->sn}", "${ plan.amount }", "${txt_取件码}",
# "{{ mask .User.Name }}", "%1$s", "#company_phone#", "$vcode": the sender's system failed to fill
# in a value. It reads as the value it stands for ("0000"): a code, an amount, a name.
TEMPLATE_VARIABLES: list[tuple[str, str]] = [
    ("{$notice.user_name}您好", "0000您好"),
    ("单号{$order->express_no}。", "单号0000。"),
    ("已逾期${ loanVo.overdueDays }天", "已逾期0000天"),
    ("取件码${txt_取件码}", "取件码0000"),
    ("親愛的{{ mask .User.Name }}", "亲爱的0000"),
    ("验证码:%1$s。", "验证码:0000。"),
    ("请致电#company_phone#咨询", "请致电0000咨询"),
    ("验证码是:$vcode,", "验证码是:0000,"),
    ("$first_name老板您好", "0000老板您好"),
]
# Not variables: an unsubscribe code with a hash, a hashtag in Chinese, a "#10000#" figure,
# a currency sign after its letters.
NOT_VARIABLES: list[str] = [
    "回复TDXS#EFKG至95588",
    "#双十一#好物",
    "最高可借#10000#",
    "NT$79元",
    "US$100",
]


@pytest.mark.parametrize(("text", "folded"), TEMPLATE_VARIABLES)
def test_template_variables_read_as_a_value(text: str, folded: str) -> None:
    assert fold_for_matching(text).text == folded


@pytest.mark.parametrize("text", NOT_VARIABLES)
def test_hashes_and_dollars_in_prose_are_no_variables(text: str) -> None:
    assert fold_for_matching(text).text == text.lower()


TEMPLATED_NOTICES: list[str] = [
    "【云栈】您的验证码为%1$s，5分钟内有效，请勿泄露给他人。",
    "【青禾书院】您的登录验证码：%1$s，如非本人操作请忽略。",
    "親愛的{{ .Member.Nick }}，您的驗證碼為『{{ .Code }}』，請勿告知他人。",
    "【橙子科技】您的登录验证码是%2$s，10分钟内有效，请勿向任何人泄露。",
    "【米粒商城】親愛的{{ .Buyer.Name }}，您的訂單已出貨，單號{{ .Ship.No }}。",
    "您好{$cust->real_name}，您尾号{$card->tail_no}的账户于{$trade->time}入账{$trade->money}元。",
]
# The same placeholders beside a request off the channel: the scam stays a scam.
TEMPLATED_SCAMS: list[str] = [
    "【借呗】尊敬的{$user.real_name}，您的额度已冻结，请访问jiebei-kf.top完成认证，否则影响征信。",
    "{{ .User.Name }}您好，您的花呗已逾期，请点击 http://hb-alipay.cc/pay 处理，否则上报征信。",
    "【支付宝】您的验证码为%1$s，客服专员会联系您，请把验证码告诉他以解冻账户。",
    "尊敬的${ cust.name }，您已获得5万元备用金，请添加客服微信kf8899领取，需先缴纳保证金。",
    "【星贷】#user_name#您好，您的借款审核已通过，请先缴纳解冻费300元至指定账户6222020200112233445方可放款。",
]


@pytest.mark.parametrize("text", TEMPLATED_NOTICES)
def test_a_templated_notice_is_official(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.OFFICIAL_NOTICE, text)


@pytest.mark.parametrize("text", TEMPLATED_SCAMS)
def test_a_templated_scam_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


# ---- class 1: a notice that something has already happened asks for nothing ----
# Shipped, delivered, cancelled, approved, paid out, transferred, renewed: a report after the
# fact is no request. "如已还款请忽略" is a condition, not a report; a link, a contact, a
# fee or an account beside the report keeps a scam a scam.
DONE_EVENTS: list[str] = [
    "【云图书店】您的订单已被取消，款项将按原支付方式退回。",
    "尊敬的用户，您申请的信用额度审核已经通过，感谢您的信任。",
    "親愛的會員，您的訂單已經出貨，祝您購物愉快！",
    "【邻里优选】您已成功提现35.60元，请留意银行卡到账情况。",
    "【竹韵理财】您今日收到项目回款1,230.00元。",
    "【禾木金服】您的债权已成功转让，转让金额８００元。",
]
DONE_EVENT_SCAMS: list[str] = [
    "【借呗】您的借款审核已通过，请点击 jb-loan.top 缴纳解冻费500元后放款。",
    "您的退款已成功，请添加客服QQ 334455 领取，需先验证银行卡。",
    "【京西商城】您的订单已取消，退款需要您点击 http://jx-tk.cc 填写银行卡号领取。",
    "您的贷款已到账，但账户被冻结，请缴纳解冻费2000元至6222021234567890123。",
]


@pytest.mark.parametrize("text", DONE_EVENTS)
def test_a_done_event_is_official(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "done_event" in verdict.signal_ids()


@pytest.mark.parametrize("text", DONE_EVENT_SCAMS)
def test_a_done_event_beside_a_request_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


def test_if_already_repaid_is_no_done_event(judge: Judge) -> None:
    verdict = judge.rules.analyze("您的欠款尚未结清，已还款请忽略，请尽快处理以免产生更多滞纳金。")
    assert "done_event" not in verdict.signal_ids()
    judge.says(
        VerdictKind.COLLECTION,
        "您的借款已逾期5天，如已还款请忽略，否则将上报征信并联系您的紧急联系人。",
    )


# ---- class 4: a reminder that a repayment falls due is the lender's own notice ----
# A due date ahead ("将于…到期", "还有3天到期", "5日后到期"), an amount due ("应还本息为…"):
# no collection. Beside overdue, collector or threat wording it stays collection; beside a
# link or an account to pay into it stays a scam.
DUE_NOTICES: list[str] = [
    "親愛的用戶，您的貸款明日到期，應還本息為３２００元。",
    "您的房租账单将在5日后到期，请于12月5日前完成支付。",
    "温馨提示：您的分期还有2天到期，请尽快还款。",
    "【朗月消费金融】您的借款将于12月20日到期，应还本息合计2,360.50元。",
]
DUE_COLLECTION: list[str] = [
    "您的借款已逾期12天，应还金额3,200元，请立即还款，我司将委托第三方催收。",
    "您的借款还有2天到期，逾期后将移交法务部门处理，请尽快还款。",
]
DUE_SCAMS: list[str] = [
    "【易借】您的借款将于明天到期，请于今日18点前还款至对公账户6222021234567890123。",
    "您的借款即将到期，请点击 http://hk-repay.top 提前还款可免息。",
]


@pytest.mark.parametrize("text", DUE_NOTICES)
def test_a_due_notice_is_official(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "due_notice" in verdict.signal_ids()


@pytest.mark.parametrize("text", DUE_COLLECTION)
def test_a_due_notice_with_overdue_or_collector_wording_is_collection(
    judge: Judge, text: str
) -> None:
    verdict = judge.says(VerdictKind.COLLECTION, text)
    assert "due_notice" not in verdict.signal_ids()


@pytest.mark.parametrize("text", DUE_SCAMS)
def test_a_due_notice_beside_a_link_or_account_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


# ---- class 5: a public-service notice to everyone in an area asks for nothing ----
# A planned water or power cut, a weather or disaster warning, a drill, a word to all
# residents. Beside a link or a chat contact, an "outage" story stays a scam.
PUBLIC_SERVICE: list[str] = [
    "【临川供电所】因线路检修，定于本周六8:00-17:00对幸福路一带停电，给您带来不便敬请谅解。",
    "尊敬的用户：因管网改造施工，12月9日9时至18时南湖小区将停水，请提前储水。",
    "【云江市气象台】暴雨预警：预计今夜有大到暴雨，请市民注意防范，减少外出。",
    "颱風警報：颱風將於今晚登陸，請民眾做好防颱準備，避免前往海邊。",
]
PUBLIC_SERVICE_SCAMS: list[str] = [
    "【国家电网】您的电费已欠费，今日将停电，请点击 http://sgcc-pay.top 缴费。",
    "因线路检修将停电，请添加客服微信 dl6688 领取停电补偿金。",
]


@pytest.mark.parametrize("text", PUBLIC_SERVICE)
def test_a_public_service_notice_is_official(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "public_service_notice" in verdict.signal_ids()


@pytest.mark.parametrize("text", PUBLIC_SERVICE_SCAMS)
def test_an_outage_story_beside_a_link_or_contact_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


# ---- class 3: the reader's own money, and "tell us" on the sender's own line ----
# What was spent or is left, in any currency, reports the account. A 400/800 or landline the
# sender offers for questions ("如有需求请致电我们…", "若未收到请拨打投诉热线…") keeps to its
# channel; a mobile, a chat contact, a code or a fee beside it does not.
OWN_MONEY: list[str] = [
    "您的会员卡本次消费金额为88元，剩余金额为412元，感谢光临。",
    "親愛的會員，您於12/03刷卡消費港幣120元，實際金額以帳單為準。",
    "【青柠借】您的借款已全部结清，如有新的借款需求，请致电我们400-555-0123。",
    "您的包裹已签收，若未收到包裹，请拨打投诉热线400 555 0188。",
]
OWN_MONEY_SCAMS: list[str] = [
    "您的快递丢失，如有疑问请致电我们4005550123办理理赔，需先提供银行卡号和验证码。",
    "您的账户余额为0元，已被冻结，如有疑问请联系我们400-555-0199，需缴纳解冻费。",
    "【星借】您的借款已结清，如有疑问请联系我们客服微信 kf0099。",
]


@pytest.mark.parametrize("text", OWN_MONEY)
def test_own_money_and_the_senders_own_line_are_official(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.OFFICIAL_NOTICE, text)


@pytest.mark.parametrize("text", OWN_MONEY_SCAMS)
def test_a_help_line_beside_a_code_fee_or_chat_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


def test_a_mobile_number_is_no_own_line(judge: Judge) -> None:
    text = "【星借】您的借款已结清，如有疑问请联系我们13912345678。"
    verdict = judge.rules.analyze(text)
    assert "own_line" not in verdict.signal_ids()
    judge.never_says(VerdictKind.OFFICIAL_NOTICE, text)


# ---- leftover: a number written with em or en dashes is still a number ----
# "400—8199—491" reads as 400-8199-491: a callback number in a scam is seen as one, and a
# genuine notice's own help line stays its own line.
def test_a_dash_between_digits_reads_as_a_hyphen() -> None:
    assert fold_for_matching("专线：400—555—0166。").text == "专线:400-555-0166。"
    assert fold_for_matching("021–5555–0177").text == "021-5555-0177"
    assert fold_for_matching("保障——请放心").text == "保障——请放心"


def test_a_dashed_callback_number_in_a_scam_is_seen(judge: Judge) -> None:
    text = (
        "【淘货网】您的订单因系统升级已冻结，请联系客服0571—8812XXXX办理退款，否则将冻结您的账户。"
    )
    judge.says(VerdictKind.SCAM, text)


@pytest.mark.parametrize(
    "text",
    [
        "【鲜果铺】您的订单已发货，若有疑问，请拨打客服专线：400—555—0166。",
        "【书香阁】您的会员已续费成功，如有疑问请致电我们021–5555–0177。",
    ],
)
def test_a_dashed_own_help_line_stays_official(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert verdict.evidence.phones, verdict.signal_ids()

"""Session 14 (rules A): genuine notices that came out ⚪ unclear, 🟠 collection or 🔴 scam,
fixed as classes.

Every message here is composed for this test (other senders, other wording, placeholders as
back-end templates print them, Traditional Chinese, full-width letters), not copied from the
tuning corpus, a held-out file or any page; names, numbers and hosts are fake. Each class has
genuine messages that must come out 🟢 official_notice and look-alikes that must keep their
old verdict (a scam stays 🔴 scam).
"""

from __future__ import annotations

import pytest

from bot.sms import VerdictKind
from tests.conftest import Judge

# ---- class 1: the outcome of the reader's own application ----
# A review not passed, an application sent back, a refund the seller refused or agreed to:
# a result already reached, nothing asked.
OUTCOMES: list[str] = [
    "您好，您提交的会员认证审核未通过，欢迎补充资料后再次申请。",
    "尊敬的{cust_name}，您的入驻申请单：{apply_no} 审核没有通过，感谢您的关注。",
    "很抱歉，你没有通过本期优秀作者的申请，原因是作品字数不足。",
    "親愛的用戶，您的停車月租申請審核不通過，感謝您的支持。",
    "您的售后申请，服务单号{svc_no}，卖家已同意退货退款。",
    "很遗憾，您订单{order_id}的退款申请未被同意，如有异议可在订单页再次提交。",
    "【青禾书院】您报名的夏令营助教申请已被退回，感谢您的参与。",
    "ｌｉｎｇｘｉ社区：您上传的头像审核未通过，已恢复为默认头像。",
]

# The same outcome beside a link, a fee, a contact app or a card: still a scam.
OUTCOME_SCAMS: list[str] = [
    "您的贷款申请审核未通过，原因是银行卡号填写错误，需缴纳500元解冻金后重新审核。",
    "您的补贴申请审核未通过，请尽快点击 http://butie-check.top 重新认证身份。",
    "您的退款申请已被驳回，请添加客服微信 kefu_8891 人工处理退款。",
    "尊敬的用户，您的借款审核未通过，请将保证金转入账户6222 0201 1234 5678 901后重新申请。",
]


@pytest.mark.parametrize("text", OUTCOMES)
def test_the_outcome_of_an_application_is_a_notice(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "review_outcome" in verdict.signal_ids(), verdict.signal_ids()


@pytest.mark.parametrize("text", OUTCOME_SCAMS)
def test_an_outcome_beside_a_fee_link_or_contact_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


# ---- class 2: work waiting in the reader's own system, or a numbered order gone through ----
# A new order for a shop, a ticket for staff, a new request to review, or "订单{no}已确认":
# the system reports it and sends the reader nowhere else.
PENDING: list[str] = [
    "亲爱的店主，您有新的订单，订单编号{order_no}，请尽快发货。",
    "尊敬的客服专员，您有一张维修单需要处理，单号为{ticket_id}。",
    "【云栖工单】有新增的退货申请了，请到后台售后管理查看。",
    "您好，您的订单 A2026-0815 已确认成功，我们将在三个工作日内发货。",
    "親愛的會員，您的訂單${orderNo}已生成，取貨門市：${storeName}。",
    "ＨＩ店长，您有3笔新订单待处理，请及时查看。",
]

# The same words beside a link, a contact app or a card, and a bare "订单已确认，扣款…"
# with no order number (a fake-charge lure's opening): not a notice.
PENDING_SCAMS: list[str] = [
    "您有新的订单待处理，请点击 http://shop-order.icu/confirm 登录后台确认收款。",
    "您有一笔新的订单，请添加客服QQ 88123456 领取佣金。",
    "您的订单已确认，扣款1280元，如非本人操作请致电 13912345678 取消。",
]


@pytest.mark.parametrize("text", PENDING)
def test_work_waiting_in_the_readers_system_is_a_notice(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "pending_item" in verdict.signal_ids(), verdict.signal_ids()


@pytest.mark.parametrize("text", PENDING_SCAMS)
def test_pending_work_beside_a_link_contact_or_bare_charge_is_no_notice(
    judge: Judge, text: str
) -> None:
    judge.never_says(VerdictKind.OFFICIAL_NOTICE, text)


def test_a_bare_order_confirmation_with_a_charge_is_no_pending_item(judge: Judge) -> None:
    verdict = judge.never_says(VerdictKind.OFFICIAL_NOTICE, "您的订单已确认，扣款899元")
    assert "pending_item" not in verdict.signal_ids(), verdict.signal_ids()


# ---- class 3: a bank's alert linking to the bank's own domain ----
# 浦发银行 links to spdb.com.cn, 平安银行 to pingan.com: a link there is the bank's own.
BANK_OWN_LINKS: list[str] = [
    "您尾号0831卡9月2日10:15转入人民币2,600.00元，可用余额8,120.55元。明细：http://t.spdb.com.cn/Xk3Qa【浦发银行】",
    "【平安银行】您账户3377于10月5日08:02代发工资入账人民币9,800.00元，详见 pingan.com/aB7q",
    "【浦發銀行】您尾號5521的信用卡本期賬單已出，查看詳情 https://ebank.spdb.com.cn/bill",
    "您尾号4412的借记卡11月3日消费人民币56.00元，详情 https://bank.pingan.com/m/d 【平安银行】",
]

# The same alerts on a look-alike or risky host, or asking for a mobile callback: scams.
BANK_LINK_SCAMS: list[str] = [
    "【浦发银行】您的信用卡积分即将清零，请登录 spdb-jifen.top 兑换现金。",
    "【平安银行】您的账户存在异常，请点击 http://pingan-bank.cc/verify 完成身份验证，否则将冻结。",
    "【平安银行】您尾号3377的账户已冻结，请尽快联系专员13812345678解冻。",
]


@pytest.mark.parametrize("text", BANK_OWN_LINKS)
def test_a_bank_alert_linking_to_its_own_domain_is_a_notice(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "org_link" in verdict.signal_ids(), verdict.signal_ids()


@pytest.mark.parametrize("text", BANK_LINK_SCAMS)
def test_a_bank_alert_on_another_host_or_a_mobile_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


# ---- class 4: an early repayment's confirmation, with its 违约金 ----
# A loan repaid early is closed before its term: the penalty the notice states is the charge
# for repaying early, not an overdue debt.
EARLY_REPAID: list[str] = [
    "尊敬的{cust_name}，您已成功提前还款{repay_amt}元，其中提前还款违约金{fee_amt}元，感谢您的支持。",
    "您好，您的车贷已提前结清成功，还款总额{total}元，其中违约金{penalty}元。",
    "親愛的會員，您已成功提前還清借款，違約金共計{fee}元，感謝使用。",
]

# Overdue wording beside an offer to repay early is still a demand; a fee to a card is a scam.
EARLY_REPAID_OTHERS: list[tuple[str, VerdictKind]] = [
    (
        "您的借款已逾期5天，产生违约金200元，请尽快还款；如需提前还款请在App内办理。",
        VerdictKind.COLLECTION,
    ),
    (
        "您已成功提前还款，违约金300元请转入账户6222 0212 3456 7890 123，否则影响征信。",
        VerdictKind.SCAM,
    ),
]


@pytest.mark.parametrize("text", EARLY_REPAID)
def test_an_early_repayment_with_its_penalty_is_a_notice(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "overdue_wording" not in verdict.signal_ids(), verdict.signal_ids()


@pytest.mark.parametrize(("text", "kind"), EARLY_REPAID_OTHERS)
def test_overdue_or_a_fee_to_a_card_keeps_its_verdict(
    judge: Judge, text: str, kind: VerdictKind
) -> None:
    judge.says(kind, text)


# ---- class 5: money already moved, reported after the fact ----
# "已于…存入/汇入/到账", "您的账户…于…收到利息": an escrow, bank or platform reports a deposit
# or payout that has happened; nothing is asked.
CREDITED: list[str] = [
    "安和履約保證專戶通知（編號：{ref}）：買方{buyer}之價金新台幣{amt}元已於{M}/{D}匯入賣方帳戶。",
    "尊敬的用户，您的提现{cash}元已于{date}到账，请注意查收。",
    "您好，您的租金{rent}元已经于本月5日存入房东收款账户。",
    "尊敬的会员，您的账户尾号6612于2026-03-01收到分红收益88.20元。",
    "ｙｕｎｑｉ平台：您的结算款{amount}元已于{time}转入您绑定的银行卡。",
]

# Money "already moved" beside a link, a call-back, or a request to move it on: scams.
CREDITED_SCAMS: list[str] = [
    "您的退税款已于今日汇入，请点击 http://tax-refund.top/get 核对银行卡信息后领取。",
    "您的理赔款已于昨日到账冻结，请联系专员13712345678缴纳解冻费后提现。",
    "您的资金已于今天转入安全账户，请按民警要求将余额转入指定账户6222 0301 2345 6789 012。",
]


@pytest.mark.parametrize("text", CREDITED)
def test_money_already_moved_is_a_notice(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "credited_notice" in verdict.signal_ids(), verdict.signal_ids()


@pytest.mark.parametrize("text", CREDITED_SCAMS)
def test_money_moved_beside_a_link_callback_or_transfer_stays_a_scam(
    judge: Judge, text: str
) -> None:
    judge.says(VerdictKind.SCAM, text)


# ---- class 6: a late payment's charges named with its 滞纳金 are no fee asked first ----
# "否则需支付相应手续费和滞纳金": what the contract charges for paying late, in a lender's own
# demand that asks nothing off its channel; a collection message, not a scam.
LATE_CHARGES: list[str] = [
    "【安居贷】您本期分期已逾期3天，请尽快还款，否则将需支付相应手续费和滞纳金。",
    "尊敬的房东，您的租客本月租金逾期未付，明日起您需买回该笔租金贷并支付手续费及违约金。",
    "您在鼎信分期的账单已逾期，请及时还款，逾期需支付服务费和罚息。",
]

# A fee asked first (to get a loan, to cancel an account) or to be paid into a card: scams.
FEES_FIRST: list[str] = [
    "您的贷款已审核通过，需先支付手续费和保证金500元才能放款。",
    "您的贷款已审核通过，请支付手续费和滞纳金200元后放款。",
    "您的账单已逾期，请将手续费和滞纳金共计300元转入账户6222 0212 3456 7890 123。",
]


@pytest.mark.parametrize("text", LATE_CHARGES)
def test_late_charges_in_a_lenders_demand_are_collection(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.COLLECTION, text)
    assert "upfront_fee" not in verdict.signal_ids(), verdict.signal_ids()


@pytest.mark.parametrize("text", FEES_FIRST)
def test_a_fee_asked_first_or_to_a_card_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


# ---- class 7: a code SMS whose code the template left unfilled as %code ----
# A back-end template prints its variable as it is; with its warning not to share the code,
# it is a code SMS like any other.
CODE_TEMPLATES: list[str] = [
    "您的登录验证码为%code，5分钟内有效，请勿泄露给他人。",
    "【云帆出行】短信校验码：%vcode%，请勿告诉他人。",
    "您的驗證碼是：%code，請不要把驗證碼洩露給其他人。",
]

# The same template asking for the code to be handed over, or beside a link: not a notice.
CODE_TEMPLATE_SCAMS: list[str] = [
    "您的验证码为%code，请把验证码发给客服专员以完成退款。",
    "您的验证码为%code，请点击 http://vip-refund.top/code 输入验证码领取补贴。",
]


@pytest.mark.parametrize("text", CODE_TEMPLATES)
def test_a_code_sms_with_an_unfilled_code_is_a_notice(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "one_time_code" in verdict.signal_ids(), verdict.signal_ids()


@pytest.mark.parametrize("text", CODE_TEMPLATE_SCAMS)
def test_an_unfilled_code_asked_for_or_beside_a_link_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)

"""Session 10 (rules A): genuine notices of lenders and services no ``orgs`` entry lists, which
came out ⚪ unclear or 🟠 collection.

Every message here is composed for this test (other lenders, other wording, placeholders as
back-end templates print them, Traditional Chinese), not copied from the tuning corpus, a
held-out file or any page; names and numbers are fake. Each class has genuine messages that
must come out 🟢 official_notice and look-alikes of the opposite label that must not flip.
"""

from __future__ import annotations

import pytest

from bot.sms import VerdictKind
from tests.conftest import Judge

# ---- class 1: an unlisted sender's own help line, offered for questions only ----
HELP_LINE: list[str] = [
    "【安逸花】尊敬的用户，您的借款已于今日成功放款至尾号6621的银行卡，如有疑问请致电客服热线400-010-8899。",
    "尊敬的{0}，您申请的借款{1}元已审核通过并放款，如有疑问请拨打客服电话4008-123-456。【乐享借】",
    "【小赢卡贷】您本期账单应还${amount}元，还款日为${date}，请确保绑定银行卡余额充足。"
    "如有疑问，请联系客服4000-888-620。",
    "【洋钱罐】您好，您的还款已成功入账，感谢您的支持。客服热线：400-666-8866",
    "尊敬的%s，您在分期易的第%s期账单将于%s到期，请按时还款。详询0755-86668888【分期易】",
    "【还呗】您的登录密码已重置成功。如非本人操作，请及时联系还呗客服400-921-8001。",
    "【360借條】您的借款已到賬，請注意查收。如有疑問，請致電客服熱線400-0000-360。",
    "尊敬的客户，您的提现申请已受理，预计2小时内到账。如有任何疑问，请致电021-61234567，感谢您的支持！",
    "【车e贷】尊敬的***，您的车贷申请未通过审核，如有疑问可拨打400-660-1234咨询。",
    "【钱小乐】尊敬的#name#，您的借款第#n#期将于#date#到期，请确保绑定银行卡余额充足。如有疑虑请详询400-811-6118",
    "【豆豆钱】您已成功还款${money}元，当前待还${left}元。客服电话：4001-520-888",
    "【信用飛】您的分期申請已審核通過，款項將於1個工作日內發放。若有疑問，請撥打客服熱線4006-889-999。",
    "(优分期还款提醒)您本期账单待还{0}元，请在{1}前还款，以免产生逾期。客服电话：021-6123-4567",
]

# The same shape with a scam's request, a charge "alert", a mobile, or a known organisation
# whose own numbers are listed: never genuine, and the scams stay scams.
HELP_LINE_SCAMS: list[str] = [
    "【XX金融】您的账户已被冻结，如有疑问请致电400-820-1234解冻。",
    "【优享会员】您的会员即将自动续费198元，如需取消请致电400-820-5678。",
    "您的借款已逾期，还款通道已关闭，请转入对公账户6222 0212 3456 7890，"
    "如有疑问请致电400-800-1234。",
    "您的快递已丢失，如有疑问请致电400-111-2222理赔。",
    "【京东金融】您的白条已逾期，如有疑问请致电0571-88776655。",
    "【借呗】您的借呗已逾期，如有疑问请致电400-826-1234。",
    "您的医保卡已停用，如有疑问请致电0571-12345678。",
    "我行将于今晚20:00从您账户扣除年费1280元，如有疑问请致电4000-911-893。",
    "【安心借】您的账户存在异常，将于24小时内冻结，如有疑问请致电400-100-2000。",
    "您因网贷长期逾期已涉嫌诈骗，案件已移交公安机关，如有疑问请致电0571-87654321。",
    "【速借宝】您的借款已逾期，请添加微信 sjb-kefu88 办理还款，如有疑问请致电400-800-1234。",
]
HELP_LINE_NOT_GENUINE: list[str] = [
    # "if it was not you, call…" from no one: the takeover script's callback
    "您的登录密码已修改，如非本人操作请致电400-123-4567。",
    "您的账户于今日在新设备登录，若非本人操作请联系客服4008-555-666。",
    # the fake-purchase script: money out, and a number to call about it
    "您尾号8856的银行卡于12月1日消费9800.00元，如非本人操作请致电400-888-1234。",
    # a call that does something (放款), not a question
    "您已获得50000元贷款额度，审核已通过，请致电400-123-4567办理放款。",
    # a mobile is nobody's help line
    "【信达贷】尊敬的用户，您的借款已逾期3天，请尽快还款。如有疑问请致电13812345678。",
]


@pytest.mark.parametrize("text", HELP_LINE)
def test_an_unlisted_senders_help_line_for_questions_is_a_notice(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "questions_line" in verdict.signal_ids()


@pytest.mark.parametrize("text", HELP_LINE_SCAMS)
def test_a_help_line_beside_a_scams_request_stays_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


@pytest.mark.parametrize("text", HELP_LINE_NOT_GENUINE)
def test_a_charge_alert_a_call_to_act_or_a_mobile_is_no_help_line(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "questions_line" not in verdict.signal_ids()


# ---- class 2: the account area of the service you already use, named without a link ----
OWN_AREA: list[str] = [
    "【车易租】尊敬的客户，您本月租金{0}元已出账，请登录车易租公众号完成支付。详询020-81234567",
    "【短信宝】尊敬的用户，您的短信余额不足500条，请及时登录用户中心充值。",
    "【花生好车】您的月供已扣款成功，详情请进入花生好车小程序查看。",
    "【易停车】您的月卡将于3天后到期，请在易停车小程序续费。",
    "【云片】尊敬的用户，您的账户余额不足100元，为免影响发送，请登录用户中心充值。",
    "【街电】您的押金退款已处理，详情请在个人中心查看。",
    "尊敬的客户，您的分期合同已生成，请登录用户中心查看。【优车贷】",
    "【鲸准】您的会员权益已到账，请进入会员中心查看。",
    "【水滴筹】您发起的筹款已审核通过，详情请进入个人中心查看。",
    "【大众點評】您的預約已確認，可在會員中心查看訂單詳情。",
    "您本期账单已出，请登录分期乐查看明细。",
]
# "claim it there" is a lure's request, and a link still has to be checked
OWN_AREA_NOT_GENUINE: list[str] = [
    "请登录惠民小程序领取医保补贴500元，详询400-600-1234。",
    "【速借宝】您的借款已逾期，请点击 sujiebao-repay.top 进入用户中心还款。",
    "【医保服务】您的医保卡需要升级，请进入个人中心认证，否则将停用。",
]


@pytest.mark.parametrize("text", OWN_AREA)
def test_its_official_account_or_user_centre_named_without_a_link_is_a_notice(
    judge: Judge, text: str
) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "own_account_area" in verdict.signal_ids()


@pytest.mark.parametrize("text", OWN_AREA_NOT_GENUINE)
def test_a_lure_or_a_link_to_a_user_centre_is_not_a_notice(judge: Judge, text: str) -> None:
    judge.never_says(VerdictKind.OFFICIAL_NOTICE, text)


# ---- class 3: what makes a lender's own reminder read as collection ----
# A signed reminder of an unlisted lender that keeps to its channels (its app, its help line or
# nothing asked): README "the lender's own overdue reminder sent with its signature"; and a due
# reminder's "以免逾期" says it is not overdue yet.
OWN_REMINDER: list[str] = [
    "【乐享借】尊敬的{0}，您的借款已逾期{1}天，请尽快还款，逾期将产生罚息。如有疑问请致电400-123-6789。",
    "尊敬的${name}，您在小象优品的账单已逾期${days}天，请立即登录APP还款，以免影响您的信用记录。"
    "客服热线021-61231234。[小象优品]",
    "【桔多多】您的借款已到期未还，请尽快登录App还款，如已还款请忽略。",
    "【極速貸】您的借款已逾期2天，請儘快還款，逾期將產生罰息。客服熱線：400-820-3366",
    "【随借】您的借款已逾期，请尽快通过随借App还款，逾期罚息以合同约定为准。",
    "【小象分期】您的账单将于明日到期，应还500.00元，请按时还款以免逾期。",
    "【桔子分期】您本期应还{amount}元，还款日为{date}，请按时还款，以免发生逾期影响信用。",
    "尊敬的${name}，您的借款${money}元将于${date}到期，请确保绑定银行卡余额充足，以防逾期。【钱站】",
    "(优分期还款提醒)您本期账单待还{0}元，请在{1}前还款，以免产生逾期。客服电话：021-6123-4567",
    "尊敬的{0}，您的分期账单将于3天后到期，请及时登录App还款，避免产生逾期。【分期宝】",
]
NOT_OVERDUE_YET: list[str] = [
    "尊敬的用户，您的借款3天后到期，请提前存入足额资金，避免产生逾期。【乐花】",
    "【和潤】您的分期款將於3日後到期，請按時繳款以免逾期。",
]
# Collection stays collection: no signature, an agency, a threat to tell others, a debt to pass
# on to someone else, a mobile to call; "以免产生更多逾期费用" still names overdue charges.
STILL_COLLECTION: list[str] = [
    "您的借款已逾期3天，请尽快还款，以免产生更多逾期费用。",
    "您在乐享借的借款已逾期7天，请尽快还款，如已还款请忽略。",
    "【信达金融】请转告张伟，其借款已逾期30天，请尽快还款。",
    "【小鱼分期】请督促李强尽快还款，他的借款已逾期20天。",
    "【信达贷】尊敬的用户，您的借款已逾期3天，请尽快还款。如有疑问请致电13812345678。",
    "【速借宝】您的借款已逾期15天，我司已委托第三方机构催收，请尽快还款。",
    "【速借宝】您的借款严重逾期，再不还款我们将联系您的紧急联系人和单位。",
]
# Scams that dress as the lender's reminder stay scams.
REMINDER_SCAMS: list[str] = [
    "【速借宝】您的借款已逾期，还款通道已关闭，请将欠款转入对公账户6222 0212 3456 7890，"
    "如有疑问请致电400-800-1234。",
    "【速借宝】您的借款已逾期，请点击 sujiebao-repay.top 还款，如有疑问请致电400-800-1234。",
    "【人民法院】您因借款逾期已被起诉，传票请领取，详询0571-87654321。",
    "【乐享借】您的借款已逾期，缴纳500元手续费后可减免逾期记录，详询400-123-6789。",
]


@pytest.mark.parametrize("text", OWN_REMINDER)
def test_a_signed_lenders_own_reminder_is_a_notice(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.OFFICIAL_NOTICE, text)


@pytest.mark.parametrize("text", NOT_OVERDUE_YET)
def test_a_due_reminder_that_says_avoid_being_overdue_is_not_collection(
    judge: Judge, text: str
) -> None:
    verdict = judge.never_says(VerdictKind.COLLECTION, text)
    assert "overdue_wording" not in verdict.signal_ids()


@pytest.mark.parametrize("text", STILL_COLLECTION)
def test_a_collectors_demand_stays_collection(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.COLLECTION, text)


@pytest.mark.parametrize("text", REMINDER_SCAMS)
def test_a_scam_dressed_as_the_lenders_reminder_stays_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


# ---- class 4: a payment reported done into the designated account is no request to pay ----
PAID_IN: list[str] = [
    "【平安保险】您的理赔款3,200.00元已于12月3日转入指定账户，请注意查收。",
    "【安心托管】尊敬的客户，您的交易款项已于今日14:20汇入指定银行卡，感谢您的信任。",
    "【华夏信托】您的收益款已经存入指定账户，如有疑问请致电400-820-8899。",
    "【履約保證】買方價金已於3/15存入賣方指定帳戶，請查收。",
    "【链家托管】您的房屋交易资金已于{date}划转至卖方指定账户，交易已完成。",
    "【滴滴出行】您的提现已于今日到账，款项已打入您指定的银行卡。",
    "【众安保险】您的退保金已于2026年03月02日退回至投保人指定账户，请注意查收。",
    "【京东金融】您的赎回资金已于今日转至您指定的银行卡，请注意查收。",
    "【苏宁】您的售后退款已于12月5日退回指定账户，感谢您的耐心等待。",
]
# Too little else to call it genuine, but no longer a request to pay anyone.
PAID_IN_TERSE: list[str] = [
    "【永信建經】保證號碼{pid}：尾款新台幣{money}元已於{M}/{D}匯入賣方指定帳戶。",
    "代偿金额{money}元已于{M}/{D}汇入指定账户",
]
# A transfer asked for into a "指定账户" stays a scam, whatever the story.
PAY_IN_ASKED: list[str] = [
    "请将保证金转入指定账户，否则无法放款。",
    "为配合调查，请立即将名下资金汇入指定账户。",
    "您的借款逾期，请于今日将欠款转入指定账户，逾期将上报征信。",
    "款项须存入指定账户后方可放款。",
    "【速借宝】您的借款已逾期，请务必于今日18点前将全部欠款及滞纳金转入我司指定账户。",
    "【平安保险】您的理赔已审核，请先将手续费汇入指定账户后领取理赔款。",
]


@pytest.mark.parametrize("text", PAID_IN)
def test_a_payment_reported_done_into_the_designated_account_is_a_notice(
    judge: Judge, text: str
) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "pay_personal_account" not in verdict.signal_ids()


@pytest.mark.parametrize("text", PAID_IN_TERSE)
def test_a_terse_payment_report_is_no_request_to_pay(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "pay_personal_account" not in verdict.signal_ids()


@pytest.mark.parametrize("text", PAY_IN_ASKED)
def test_a_transfer_asked_into_a_designated_account_stays_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "pay_personal_account" in verdict.signal_ids()


# ---- class 5: a tap inside the app the message just named is not a hidden link ----
IN_APP_TAP: list[str] = [
    "您有一笔借款今天到期！请尽快登录APP在我的账单里点击自助线上还款",
    "【小赢卡贷】您的额度申请已提交，请打开APP点击“我的额度”查看审批进度。",
    "【还呗】您的借款合同已生成，请登录App后点击合同中心查看。",
    "【分期乐】您的账单已出，请打开分期乐App，在账单页点击还款。",
    "【洋钱罐】您的借款申请需补充资料，请登录APP点击“补充资料”完成。",
    "【宜人贷】您的还款计划已更新，请登录客户端点击“我的借款”查看。",
    "【豆豆钱】您的优惠券即将过期，请打开App点击“我的卡券”使用。",
    "【和潤】您的申請已受理，請登入APP點擊「我的案件」查看進度。",
    "【拍拍贷】您的资料尚未填写完整，请登录APP点击授信认证进行资料完善。",
]
IN_APP_TAP_NOT_SCAM: list[str] = [
    "您的资料尚未填写完整，请登录APP点击授信认证进行资料完善。",
    "尊敬的用户，您的实名信息未完善，请登录客户端点击认证完成补充。",
]
# A link (shown, hidden or "below") to tap stays a scam.
TAP_A_LINK: list[str] = [
    "您的ETC已失效，请登录APP点击下方链接认证。",
    "您的借呗额度即将冻结，请点击认证解冻。",
    "【工商银行】您的网银即将停用，请点击链接认证 icbc-rz.top",
    "您的医保卡需升级，请点击认证 http://yb-sj.cc",
]


@pytest.mark.parametrize("text", IN_APP_TAP)
def test_a_tap_inside_the_named_app_is_a_notice(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "masked_link" not in verdict.signal_ids()


@pytest.mark.parametrize("text", IN_APP_TAP_NOT_SCAM)
def test_a_tap_inside_an_app_alone_is_no_scam(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "masked_link" not in verdict.signal_ids()


@pytest.mark.parametrize("text", TAP_A_LINK)
def test_a_link_to_tap_stays_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)

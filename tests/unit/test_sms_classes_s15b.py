"""Session 15 (rules B): scams that came out 🟠 collection, 🟢 genuine or ⚪ unclear.

Every message here is composed for this test (other senders, other wording, Traditional
Chinese, full-width forms), not copied from the tuning corpus, a held-out file or any page;
names, numbers and hosts are fake. Each class has scams that must come out 🔴 scam and
look-alikes that must not flip; real collection messages, even with legal threats, stay 🟠.
"""

from __future__ import annotations

import pytest

from bot.sms import VerdictKind
from tests.conftest import Judge

# ---- class 1: a fake court over a TV show's prize contract ----
PRIZE_COURT: list[str] = [
    "某市中级人民法院通知：《快乐星期八》栏目组已向本院起诉您违反活动约定，请于今日内处理。",
    "最后通知：请立即联系本院解除您与《欢乐大舞台》的中奖协议，否则明日开庭并追究违约金。",
    "【法院公告】湖南某卫视节目组把您的违约材料递交本法院，经核实确为您本人填写，请尽快回电。",
    "您好，由于您未按时签收领奖合同，本院将依法强制执行，详情咨询书记员。",
    "《星光梦想秀》向本法院提交诉讼材料，您涉嫌违约，请你马上解除合同。",
    "廣州市法院通知：您與《超級歌聲》欄目組的領獎合約已違約，請聯繫本院處理，否則將被拘留。",
]
# A real court notice (case number, 12368, its own e-service), a TV station's own prize notice
# kept to its channel, a law cited in 《》, and a warning that names the trick.
PRIZE_COURT_PLAIN: list[str] = [
    "【12368】李某：您与某某小额贷款有限公司借款合同纠纷一案，本院已受理，"
    "案号(2026)浙0102民初3456号，请登录人民法院在线服务查看。",
    "【某区人民法院】根据《中华人民共和国民事诉讼法》第九十条规定，"
    "本院向您送达（2026）苏0105民初77号案件文书，如有疑问请拨打12368。",
    "警方提醒：冒充法院称你违反某栏目组“领奖协议”、要你交违约金的，都是诈骗。",
    "【某某电视台】感谢您参与《周末大家唱》节目互动，您的留言已收到。",
]


@pytest.mark.parametrize("text", PRIZE_COURT)
def test_a_court_over_a_tv_shows_prize_contract_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "prize_court" in verdict.signal_ids()


@pytest.mark.parametrize("text", PRIZE_COURT_PLAIN)
def test_a_real_court_notice_or_a_tv_show_is_no_prize_court(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "prize_court" not in verdict.signal_ids()


# ---- class 2: a judge, clerk or enforcement office on a personal mobile or a chat app ----
COURT_STAFF_MOBILE: list[str] = [
    "您的网贷已逾期，法院已立案，请立即拨打13911112222联系承办法官处理，否则强制执行。",
    "您已被列入失信被执行人，请今日内联系执行局王书记员 188 0000 3333，逾期将拘留。",
    "【某区法院】您涉嫌恶意拖欠贷款，请添加执行法官微信fy_zhang88配合处理。",
    "您的案件已进入执行程序，执行员电话：15500006666，请务必当天回电。",
    "您的債務糾紛已移交法院，請速聯繫承辦法官13677778888協商。",
    "執行處通知：您名下財產將被查封，請速聯繫執行員 0912 345 678。",
]
# A real court notice with an office landline or 12368, and real collection messages with legal
# threats and the lender's app or the agency's own line: collection stays collection.
COURT_STAFF_PLAIN: list[str] = [
    "【某县人民法院】王某，您与某银行金融借款合同纠纷一案已立案，"
    "承办法官李某，书记员赵某，可拨打12368核实。",
    "【某市中院】您的案件（2026）浙01执88号已立案执行，详情请登录zxfw.court.gov.cn查看。",
]
COLLECTION_STAYS: list[str] = [
    "您好，您在某某借款平台的借款已逾期45天，我司受平台委托催收，"
    "请登录平台App尽快还款，否则我司将依法向法院起诉。",
    "【某某资产】受借呗委托，您的欠款已逾期60天，请在支付宝App内还清，如有疑问致电0571-55556666。",
    "你的欠款已逾期三个月，再不处理我们将上报法务部，起诉至法院，并联系你的紧急联系人。",
]


@pytest.mark.parametrize("text", COURT_STAFF_MOBILE)
def test_a_judge_or_clerk_on_a_personal_mobile_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "court_staff_mobile" in verdict.signal_ids()


@pytest.mark.parametrize("text", COURT_STAFF_PLAIN)
def test_a_court_notice_with_its_office_line_is_no_fake_judge(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "court_staff_mobile" not in verdict.signal_ids()


def test_a_court_office_landline_is_no_fake_judges_mobile(judge: Judge) -> None:
    text = "某县人民法院：您与某银行借款合同纠纷一案已立案，承办法官李某，联系电话0571-88880000。"
    assert "court_staff_mobile" not in judge.rules.analyze(text).signal_ids()


@pytest.mark.parametrize("text", COLLECTION_STAYS)
def test_an_agency_with_legal_threats_stays_collection(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.COLLECTION, text)
    assert not {"court_staff_mobile", "prize_court", "record_removal_step", "lure_deposit",
                "alert_callback"} & set(verdict.signal_ids())


# ---- class 3: a credit record to be "cancelled" through an app, a contact or a call ----
RECORD_REMOVAL: list[str] = [
    "你的花呗逾期已上报征信黑名单，如需撤销请下载“信用守护”APP申请。",
    "您的网贷不良记录可以删除，详情请联系客服18022223333。",
    "您的逾期记录已同步至征信系统，如需消除请添加专员QQ 556677。",
    "您的失信記錄可以撤銷，請下載“安心信用”App辦理。",
    "下载“征信帮”即可一键清除逾期记录。",
]
# The credit centre's own words (dispute, automatic repair), a lender's reminder, a warning.
RECORD_PLAIN: list[str] = [
    "【征信中心】符合条件的逾期记录将自动不予展示，无需本人申请。",
    "警惕：凡是声称可以付费删除征信逾期记录、让你下载App办理的，都是诈骗。",
    "【某某银行】您的信用卡已逾期，请尽快通过手机银行还款，以免影响您的征信记录。",
]


@pytest.mark.parametrize("text", RECORD_REMOVAL)
def test_a_record_removed_through_an_app_or_contact_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "record_removal_step" in verdict.signal_ids()


@pytest.mark.parametrize("text", RECORD_PLAIN)
def test_the_credit_centres_own_words_are_no_removal_offer(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "record_removal_step" not in verdict.signal_ids()


# ---- class 4: a deposit that exists only as a lure ----
LURE_DEPOSIT: list[str] = [
    "借呗客服：您的账户存在逾期风险，需开通风险保证金服务，请按提示操作。",
    "您的贷款已审批，因流水不足需补交放款保证金后方可到账。",
    "您的資金已被凍結，繳納解凍保證金即可恢復使用。",
    "提额成功前需存入提额保证金，存入后原路退回。",
]
# A futures or acceptance margin called 保证金 alone, a warning naming the trick.
DEPOSIT_PLAIN: list[str] = [
    "【某某期货】您的账户风险度已达90%，请及时追加保证金或减仓。",
    "警方提醒：贷款前要交“解冻保证金”“放款保证金”的都是诈骗，切勿转账。",
]


@pytest.mark.parametrize("text", LURE_DEPOSIT)
def test_a_lure_deposit_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "lure_deposit" in verdict.signal_ids()


@pytest.mark.parametrize("text", DEPOSIT_PLAIN)
def test_a_margin_call_or_a_warning_is_no_lure_deposit(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "lure_deposit" not in verdict.signal_ids()


# ---- a WeChat ID in quotes, and phone-spying services ----
QUOTED_CONTACT: list[str] = [
    "高收益理财限时开放，详情添加微信号“cf_vip2026”咨询。",
    "想了解內部額度，請加微信「kefu_jb8」。",
]
QUOTED_PLAIN: list[str] = [
    # an official account's own ID in quotes, the quote form the new pattern reads
    "【某某银行】欢迎关注我行微信公众号“mmbank95599”，账单、还款一站查询。",
    "【某某銀行】歡迎關注微信公眾號「abc_bank」查詢賬單。",
]
SPY: list[str] = [
    "只需提供手机号，即可监控此号码的通话和短信，隐秘安全。",
    "專業技術：監視他人手機短信聊天記錄，包你滿意。",
]


@pytest.mark.parametrize("text", QUOTED_CONTACT)
def test_a_wechat_id_in_quotes_is_a_contact(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "contact_qq_wechat" in verdict.signal_ids()


@pytest.mark.parametrize("text", QUOTED_PLAIN)
def test_an_official_account_in_quotes_is_no_personal_contact(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "contact_qq_wechat" not in verdict.signal_ids()


@pytest.mark.parametrize("text", SPY)
def test_an_offer_to_watch_someones_calls_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "spy_offer" in verdict.signal_ids()


# ---- class 5: a text "from your child" opening the fake-course story ----
CHILD_COURSE: list[str] = [
    "爷爷，老师让我用家校通跟你发，学校要办一个冲刺营，你先加一下周老师微信把名报上。",
    "妈，有个关于学校的事想跟你商量，班里要上北大教授的辅导课，"
    "报名费1980元，你联系一下负责报名的老师。",
    "学校请了北大的名师来开冲刺班，我想报名，你加一下负责报名的李老师吧。",
    "媽，老師讓我用這個號碼給你發，學校的培訓要交報名費，你加一下李老師微信。",
]
# A real child's or teacher's everyday text, asking for nothing; a warning naming the trick.
# Each has one of the openers or the sign-up teacher, and asks for nothing (s15 review, item 8).
CHILD_PLAIN: list[str] = [
    "妈，有件学校的事想跟你说，等我晚上到家再讲。",
    "爸，老师让我用同桌的手机给你发一下，我的手机没电了，六点放学。",
    "媽，有件學校的事想跟你說，晚上回家再講。",
    "本校邀请清华大学教授于周五下午来校开设高考冲刺讲座，学生免费参加。",
    "高一新生请携带录取通知书到报名处找王老师办理入学手续。",
    "【某某中学】家长您好，本周六上午9点在学校报告厅召开家长会，请准时参加。",
    "反诈中心提示：如果收到“妈，老师让我用校讯通给你发信息”这样的短信，请先打孩子原来的电话。",
]


@pytest.mark.parametrize("text", CHILD_COURSE)
def test_a_child_on_a_new_number_opening_a_course_story_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "child_course_lure" in verdict.signal_ids()


@pytest.mark.parametrize("text", CHILD_PLAIN)
def test_a_childs_everyday_text_is_no_course_lure(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "child_course_lure" not in verdict.signal_ids()


# ---- class 6: school fees asked of parents by a bare text ----
SCHOOL_FEE: list[str] = [
    "下学期教材费365元，请各位家长今天内转账到班主任个人卡号6222 0000 1111 2222。",
    "麻烦各位家长把本月的试卷费、复印费共86元发红包给我，谢谢。",
    "本學期班費200元，請儘快匯入以下帳號：6217 8888 9999 0000，謝謝配合。",
]
# The school's own platform or app, a paid receipt, a notice of a fee with nothing to pay here.
# A school's own fee notice with no payment target, its platform, a "don't transfer" line, a
# receipt and a warning (s15 review, item 9: its first three texts, the first of them below and
# the two of SCHOOL_FEE_UNSIGNED, were called scams).
SCHOOL_FEE_PLAIN: list[str] = [
    "【某某实验小学】本学期课本费298元，请家长于9月10日前缴清，由班主任统一收取。",
    "【某某小學】本學期教材費365元，請家長於9月5日前繳費，由班主任統一收取。",
    "【某某小学】本学期试卷费30元，请家长登录学校缴费平台缴纳，勿向个人转账。",
    "【某某中学】您已成功缴纳资料费120元，感谢配合。",
    "警惕假老师：凡是短信里让家长交资料费、班费的，请先向班主任当面核实。",
]


# A fee asked by an unsigned text that names only the school's own way to pay. The rules see no
# scam in it, but the model reads it as the corpus's fake-teacher fee texts ("本学期资料费278元,
# 请尽快缴费", scam-teacher-001) at p 0.95-0.98, and since session 16 a scam lift with no rules'
# floor takes it (bot/sms/training.py): the bot calls these 🔴. A known false alarm of that lift,
# kept failing here (strict xfail) until something tells them apart; the card names the known
# scam it is like, and its advice (ask the teacher in person before paying) is the police's
# advice for any fee asked by text.
SCHOOL_FEE_UNSIGNED: list[str] = [
    "本学期练习册费45元，请家长登录“校园缴费”平台缴纳。",
    "本学期资料费60元，请家长按时缴费，具体方式以班级群通知为准。",
]


@pytest.mark.parametrize("text", SCHOOL_FEE_UNSIGNED)
def test_the_rules_see_no_fee_scam_in_an_unsigned_school_notice(judge: Judge, text: str) -> None:
    rules = judge.rules.analyze(text)
    assert rules.verdict is not VerdictKind.SCAM
    assert "school_fee_text" not in rules.signal_ids()


@pytest.mark.xfail(strict=True, reason="session 16's no-floor scam lift calls it a scam")
@pytest.mark.parametrize("text", SCHOOL_FEE_UNSIGNED)
def test_the_bot_calls_an_unsigned_school_fee_notice_no_scam(judge: Judge, text: str) -> None:
    judge.never_says(VerdictKind.SCAM, text)


@pytest.mark.parametrize("text", SCHOOL_FEE)
def test_school_fees_asked_by_a_bare_text_are_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "school_fee_text" in verdict.signal_ids()


@pytest.mark.parametrize("text", SCHOOL_FEE_PLAIN)
def test_a_schools_own_fee_notice_or_a_receipt_is_no_fee_scam(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "school_fee_text" not in verdict.signal_ids()


# ---- class 7: a car or home purchase "tax refund" ----
TAX_REFUND: list[str] = [
    "车主您好，根据最新政策，您的车辆购置税可部分退还，请致电010-66668888办理。",
    "您购买的新车符合国家购车退税条件，退税名额有限，请尽快联系工作人员。",
    "購房退稅通知：您符合本年度契稅返還政策，請回電辦理。",
]
# The tax office's own word on a refund applied for, and warnings (s15 review, item 10).
TAX_PLAIN: list[str] = [
    "【国家税务总局某某市税务局】您提交的车辆购置税退税申请已审核通过，税款将退至您的银行账户。",
    "【某市稅務局】您申請的車輛購置稅退稅已審核通過。",
    "【某某税务局】提醒：税务部门不存在“购车退税”短信通知，请勿回电。",
    "警方提醒：“购车退税”短信都是诈骗，切勿回拨。",
]


@pytest.mark.parametrize("text", TAX_REFUND)
def test_a_purchase_tax_refund_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "purchase_tax_refund" in verdict.signal_ids()


@pytest.mark.parametrize("text", TAX_PLAIN)
def test_a_car_dealers_reminder_or_a_warning_is_no_tax_refund(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "purchase_tax_refund" not in verdict.signal_ids()


# ---- class 8: a deduction "alert" with its own number to call ----
DEDUCTION_CALL: list[str] = [
    "会员服务通知：本月起您的储蓄卡每月将被扣取增值服务费49元，如有疑问请拨打0311-56781234。",
    "您的银行卡将划扣服务费299元，详询13566667777取消。",
    "您帳戶已扣款1,500元，查詢請致電0755-22223333。",
]
# The bank's own alert with its 95xxx line, a deduction with nothing to call.
DEDUCTION_PLAIN: list[str] = [
    "【某某银行】您尾号1234的账户11月3日扣款300.00元，余额5,210.00元。详询95555。",
    "【某某銀行】您的賬戶已扣除年費200元，詳詢0571-96527。",
    "【某某保险】您的保单续期保费2,400元已从尾号5678的账户扣除成功。",
]


@pytest.mark.parametrize("text", DEDUCTION_CALL)
def test_a_deduction_with_its_own_number_to_call_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "deduction_callback" in verdict.signal_ids()


@pytest.mark.parametrize("text", DEDUCTION_PLAIN)
def test_a_banks_deduction_alert_with_its_own_line_is_no_callback(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "deduction_callback" not in verdict.signal_ids()


# ---- class 9: a lost iPhone "found" or "back online" ----
FOUND_DEVICE: list[str] = [
    "您丢失的iPhone 15已被找到，点击查看最新位置并登录Apple ID确认。",
    "Find My: your lost iPhone was located today. Tap the link and log in to view the map.",
    "Apple提醒：您离线的设备已开机联网，请及时登录查看定位。",
    "您遺失的iPhone已定位，請登入查看所在位置。",
]
# Shops and repairers that name the iPhone with 上线/开机 (s15 review, item 12), and a code.
FOUND_PLAIN: list[str] = [
    "【某某数码】iPhone 17 本周五上线，到店体验可享以旧换新补贴。",
    "【某某手机维修】您送修的iPhone已修好，可正常开机联网，请凭单到店取机。",
    "【某某電器】iPhone 16今日上線，歡迎到店。",
    "你的 Apple 账户验证码是：482913。请勿与他人共享。",
]


@pytest.mark.parametrize("text", FOUND_DEVICE)
def test_a_lost_iphone_found_text_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "found_device_phish" in verdict.signal_ids()


@pytest.mark.parametrize("text", FOUND_PLAIN)
def test_an_apple_code_or_a_delivery_is_no_found_phone(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "found_device_phish" not in verdict.signal_ids()


# ---- rent to a card the text gives (account_change: 租金, 打入/汇入) ----
RENT_CARD: list[str] = [
    "这个月的租金换了卡，请打入建行6217 0000 1111 2222。",
    "本季租金請匯入以下帳戶：工商銀行6222 3333 4444 5555。",
]


@pytest.mark.parametrize("text", RENT_CARD)
def test_rent_into_a_card_the_text_gives_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "account_change" in verdict.signal_ids()


# ---- class 10: an electronic toll "declined" or "unpaid", in English ----
TOLL: list[str] = [
    "Harbour crossing notice: your tunnel toll payment was dec"
    "lined by the bank. Please settle the balance online today.",
    "HKeToll notice: you have an unpaid toll balance of HK$38. Pay now to avoid a penalty.",
    "E-ZPass: outstanding toll charges are past due. Settle them immediately.",
]
# A paid toll, a "toll-free" line and a card declined somewhere else (s15 review, item 13).
TOLL_PLAIN: list[str] = [
    "HKeToll: your toll of HK$20 was paid successfully. Check your records in the HKeToll app.",
    "Our toll-free hotline booking failed to go through; please call again after 6pm.",
    "My E-ZPass card got declined at the petrol station, could you lend me yours tomorrow?",
]


@pytest.mark.parametrize("text", TOLL)
def test_a_declined_or_unpaid_toll_text_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "toll_payment_lure" in verdict.signal_ids()


@pytest.mark.parametrize("text", TOLL_PLAIN)
def test_a_paid_toll_or_a_road_notice_is_no_toll_lure(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "toll_payment_lure" not in verdict.signal_ids()


# ---- class 11: an "unsubscribe" reply that is a long code ----
REPLY_CODE: list[str] = [
    "您已成功开通某某视频会员，资费98元/月。如需退订请编辑短信“HK0D0022660731205”发送到10086。",
    "您已訂購高清影視包，每月88元，取消請回覆HK0D77889900至10086。",
    "您已开通彩铃包月业务，如需取消请发送HK0Q2M9K4T1B8到10010。",
]
# Short opt-out words, an operator's own long QX… code, and warnings that quote the trick
# (s15 review, item 11).
REPLY_PLAIN: list[str] = [
    "【中国移动】您已成功订购流量加油包，如需退订请回复TD。",
    "【中国联通】您的套餐变更已生效，取消请发送QXTC到10010。",
    "【中国移动】您已订购5G畅享流量包，如需退订请发送QXLL5GTC20GB到10086。",
    "有人收到“如需退订请编辑HK0D33550731205发送到10086”的短信，千万别照发！",
    "提醒：短信称退訂請回覆HK0D12345678到10086的，不要發，這是騙局。",
]


@pytest.mark.parametrize("text", REPLY_CODE)
def test_an_unsubscribe_reply_that_is_a_long_code_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "debit_reply_code" in verdict.signal_ids()


@pytest.mark.parametrize("text", REPLY_PLAIN)
def test_a_short_unsubscribe_word_is_no_reply_code(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "debit_reply_code" not in verdict.signal_ids()


# ---- class 12: a payment "in your name" to cancel through a voucher or link in the text ----
NOT_YOU: list[str] = [
    "您正在申请缴纳本月燃气费386元，若非本人操作，请查看电子凭证进行取消。",
    "您的账户有一笔网上支付待确认，如非本人申请，请点击下方链接撤销。",
    "您已申請代繳水費，如非本人操作，請點開附件取消。",
]
NOT_YOU_PLAIN: list[str] = [
    "【某某银行】您尾号1234的卡完成一笔网上支付128.00元，如非本人操作，请致电95566。",
    "【支付宝】您正在登录新设备，如非本人操作，请打开支付宝App修改密码。",
]


@pytest.mark.parametrize("text", NOT_YOU)
def test_a_not_you_payment_to_cancel_by_a_link_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "not_you_cancel_link" in verdict.signal_ids()


@pytest.mark.parametrize("text", NOT_YOU_PLAIN)
def test_a_not_you_alert_with_a_banks_line_is_no_cancel_link(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "not_you_cancel_link" not in verdict.signal_ids()


# ---- class 13: a "new national policy" that waives or freezes overdue debts ----
RELIEF_POLICY: list[str] = [
    "逾期用户请注意：国家最新政策出台，网贷逾期可申请减免，回复1了解详情。",
    "最新规定：信用卡逾期满3个月可申请停息挂账，详询专线0731-88886666。",
    "依據新規，您的網貸逾期可只還本金，請回覆Y辦理。",
]
# The lender's own offer through its app, and a lender's plain reminder: not a relief story.
RELIEF_PLAIN: list[str] = [
    "【某某银行】根据相关政策，如您还款困难，可通过手机银行申请个性化分期。",
    "【某某银行】您的信用卡已逾期，请登录手机银行还款，逾期将产生罚息。",
]


@pytest.mark.parametrize("text", RELIEF_POLICY)
def test_a_policy_that_waives_overdue_debts_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "debt_relief_policy" in verdict.signal_ids()


@pytest.mark.parametrize("text", RELIEF_PLAIN)
def test_a_lenders_own_offer_in_its_app_is_no_relief_story(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "debt_relief_policy" not in verdict.signal_ids()


# ---- class 1, other bodies: arbitration, a notary, a prize "refused" and sued over ----
PRIZE_COURT_MORE: list[str] = [
    "某市仲裁委员会通知：《周末大冒险》节目组已就您违反领奖约定申请仲裁，请速与本会联系。",
    "某某公证处：您在《星光大道》活动中获得的奖金未按约领取，已构成违约，请联系我处处理。",
    "【法院】您因拒领《好声音》奖品被起诉，请今日到庭，否则缺席判决。",
]
# A court's own notice about a summons not yet collected is no prize story.
PRIZE_COURT_MORE_PLAIN: list[str] = [
    "【某区人民法院】您尚未领取本院送达的开庭传票，"
    "请于5月8日前到本院诉讼服务中心领取，可拨打12368核实。",
]


@pytest.mark.parametrize("text", PRIZE_COURT_MORE)
def test_an_arbitration_or_notary_over_a_prize_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "prize_court" in verdict.signal_ids()


@pytest.mark.parametrize("text", PRIZE_COURT_MORE_PLAIN)
def test_a_summons_not_yet_collected_is_no_prize_court(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "prize_court" not in verdict.signal_ids()


# ---- class 14: an offer to "handle" an overdue record or credit for you ----
RECORD_FIX: list[str] = [
    "專業處理網貸逾期，征信花了也能做，成功後再收費，詳詢0755-12345678",
    "征信有问题？我们有银行内部关系，三天让你的记录恢复干净。",
    "您的征信报告存在不良记录，可通过我司渠道进行异议申诉撤销，费用498元。",
    "你好，我司可帮你把征信上的逾期记录处理掉，需要的话回复1。",
]
# The lender's own dispute route, its reminder, its offer on its own line, and a warning.
RECORD_FIX_PLAIN: list[str] = [
    "【某某银行】如您对征信记录有异议，可通过手机银行提交异议申请，我行将在20日内核查回复。",
    "【某某银行】如您还款困难，我行可帮您解决逾期问题，请致电95555协商。",
    "【某某银行】我行内部人员不会向您索要验证码，请注意防范。",
    "我司将依法处理您的逾期欠款，请于3日内登录App还款。",
]


@pytest.mark.parametrize("text", RECORD_FIX)
def test_an_offer_to_handle_a_credit_record_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "record_fix_offer" in verdict.signal_ids()


@pytest.mark.parametrize("text", RECORD_FIX_PLAIN)
def test_a_lenders_own_dispute_or_reminder_is_no_fix_offer(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "record_fix_offer" not in verdict.signal_ids()


# ---- s15 review: real collection messages that the new classes called scams ----
# A collector handling your debt "for" the lender, a deadline to "clear" the bill, a lawsuit paper
# filed in 《》, and "penalty interest cannot be waived": each stays 🟠 collection.
COLLECTION_NEAR_MISS: list[str] = [
    "受某某商业银行委托，本公司代为处理您名下的逾期欠款事宜，请于三日内登录银行App还款。",
    "你那笔逾期账单今天之内必须处理掉，不然我们只能按流程往上报了。",
    "受某某消費金融委託，我司代為處理您的逾期欠款，請盡快還款。",
    "我司已将《民事起诉状》递交某区人民法院诉讼服务中心，请你在开庭前主动还款。",
    "按照规定，逾期罚息无法减免，如确实有困难请联系我司协商还款方案。",
]


@pytest.mark.parametrize("text", COLLECTION_NEAR_MISS)
def test_a_collectors_own_wording_stays_collection(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.COLLECTION, text)
    fired = set(verdict.signal_ids())
    assert not {"record_fix_offer", "debt_relief_policy", "prize_court"} & fired


# ---- s15 review: genuine notices and ordinary texts that share a class's words ----
# (signal, text): the text has the class's words but not its trick, and must not come out 🔴.
NEAR_MISS: list[tuple[str, str]] = [
    # record_fix_offer (item 1)
    ("record_fix_offer",
     "某某资产受银行委托代为处理您的逾期账款，请通过银行官方App还款，勿向个人转账。"),
    # debt_relief_policy (item 2): a relief refused, under a rule that is not new
    ("debt_relief_policy",
     "【某某银行】根据国家相关政策及我行规定，逾期罚息不予减免，请尽快还款，详询95555。"),
    ("debt_relief_policy", "【某某銀行】根據相關規定，逾期利息不能減免，請盡快還款。"),
    ("debt_relief_policy", "【某某银行】最新规定出台后，信用卡逾期罚息依然不得减免，请按时还款。"),
    # prize_court (items 3, 4): a TV programme about courts, a prize contract with no court
    ("prize_court",
     "【某某卫视】《法治进行时》栏目本周六晚播出：法院如何执行失信被执行人的财产。"),
    ("prize_court", "【某某電視台】《法律講堂》欄目今晚講解法院調解程序，歡迎收看。"),
    ("prize_court", "您与某某商城签订的领奖协议已生效，奖品将于三个工作日内寄出。"),
    ("prize_court", "本公司已把《起诉书》提交法院立案，请尽快处理欠款。"),
    # record_removal_step (item 5): a court's own removal notice, a bank's dispute route
    ("record_removal_step",
     "【某某区人民法院】您已全部履行完毕，"
     "本院已将您从失信被执行人名单中删除，如有疑问请拨打12368。"),
    ("record_removal_step",
     "【某某银行】如您对个人征信记录有异议需要更正或删除，请致电我行客服95555。"),
    ("record_removal_step", "【某某銀行】如您對征信記錄有異議需更正或刪除，請致電我行客服95588。"),
    # court_staff_mobile (item 6): the court's own WeChat account and mini-program
    ("court_staff_mobile", "【某某人民法院】请关注本院微信公众号查询案件办理进度。"),
    ("court_staff_mobile", "【某某人民法院】您可通过微信小程序“移动微法院”查看案件信息。"),
    ("court_staff_mobile", "【某某人民法院】請關注本院微信公眾號查詢案件進度。"),
    # spy_offer (item 7): an operator about "this number's" texts or call records
    ("spy_offer", "【中国移动】尊敬的客户，此号码的短信服务包即将到期，续订请回复1。"),
    ("spy_offer", "【中国移动】该号码的通话详单可登录中国移动App查询。"),
    ("spy_offer", "【中國移動】該號碼的通話詳單可登錄App查詢。"),
    # lure_deposit (item 14): a futures margin call
    ("lure_deposit", "【某某期货】您的风险保证金比例已低于规定，请及时追加资金或减仓。"),
    ("lure_deposit", "【某某期貨】您的風險保證金比例不足，請及時追加。"),
]


@pytest.mark.parametrize(("signal", "text"), NEAR_MISS)
def test_a_look_alike_with_a_classs_words_is_no_scam(judge: Judge, signal: str, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert signal not in verdict.signal_ids()


# ---- s15 review: warnings that quote a class's trick without the "警方提醒：" opener ----
QUOTED_WARNINGS: list[tuple[str, str]] = [
    ("child_course_lure",
     "反诈小课堂：骗子会冒充孩子说“老师让我用校讯通给你发”，"
     "再让你加“负责报名的老师”微信交报名费。"),
    ("debt_relief_policy",
     "提示：近期出现“国家新政策，网贷逾期可申请减免，回复1办理”的虚假短信，请勿回复。"),
    ("debt_relief_policy",
     "近期出現「最新規定：網貸逾期可申請停息掛賬，詳詢專線」的詐騙短信，請勿回電。"),
    ("prize_court", "注意！有人冒充法院称某栏目组已向本院起诉您违反领奖协议，这是诈骗。"),
    ("record_fix_offer", "别上当：“专业处理网贷逾期、征信花了也能做”都是骗局。"),
]


@pytest.mark.parametrize(("signal", "text"), QUOTED_WARNINGS)
def test_a_warning_quoting_the_trick_is_no_scam(judge: Judge, signal: str, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert signal not in verdict.signal_ids() or "warning_notice" in verdict.signal_ids()


def test_a_new_rule_that_still_refuses_relief_is_no_relief_story(judge: Judge) -> None:
    text = "你好，最新政策出台后网贷逾期照样要还，我司不会给你减免，请尽快还款。"
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "debt_relief_policy" not in verdict.signal_ids()

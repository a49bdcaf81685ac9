"""Session 15 (rules A): collection demands left ⚪ unclear, and genuine notices misread.

Every message here is composed for this test (other senders, other wording, Traditional
Chinese), not copied from the tuning corpus, a held-out file or any page; names, numbers and
hosts are fake. Each class has messages that must flip and look-alikes that must not.
"""

from __future__ import annotations

import pytest

from bot.sms import VerdictKind
from tests.conftest import Judge

# ---- class 1: past due said without the word 逾期 ----
# "您已超期N天", "借款已过还款期", "您的借款已到期,请尽快还款": a demand to repay a debt that is
# already late, with no scam red flag, is collection.
PAST_DUE: list[str] = [
    "尊敬的李明，您已超期5天，请尽快结清所欠款项。",
    "您的贷款已经过了最后还款日，请立即还款。",
    "尊敬的借款人：您的借款已到期多日仍未归还，请立即还清。",
    "您的借款已過還款期，請儘快還款。",
    "陈先生，您的欠款已经到期，请马上还钱。",
]
# Not late yet, or already settled: a due reminder, an automatic repayment, a loan closed.
NOT_PAST_DUE: list[str] = [
    "【某某银行】您的贷款将于3月15日到期，应还金额1,200.00元，请于到期日前存足款项。",
    "【某某消费金融】您的借款已到期自动扣款成功，本期已结清。",
    "【某某银行】您的定期存款已到期，本息已转入尾号1234的账户。",
    "【某某银行】您本期信用卡账单所欠金额1,200.00元，到期还款日为15日，请按时还款。",
    "【某某市图书馆】您借阅的《海底两万里》已超期3天，请尽快归还。",
    # mend: the due day itself, and another office's 已超期
    "【某某农商银行】您的贷款已到期，请于今日22点前存足还款资金。",
    "【某某银行】您的贷款已到期，请按时还款，如已还款请忽略。",
    "【某某車管所】您已超期未換領駕駛證，請儘快辦理。",
]


@pytest.mark.parametrize("text", PAST_DUE)
def test_a_debt_said_to_be_past_due_is_collection(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.COLLECTION, text)
    assert "overdue_wording" in verdict.signal_ids()


@pytest.mark.parametrize("text", NOT_PAST_DUE)
def test_a_due_reminder_or_a_settled_loan_is_not_past_due(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.COLLECTION, text)
    assert "overdue_wording" not in verdict.signal_ids()


# ---- class 2: a private or trade creditor asks for his money ----
# A friend's "欠我的钱什么时候还", a supplier's "贵司欠我司货款…请尽快结清", a taunt "你想赖账".
PRIVATE_DEBT: list[str] = [
    "小王，上次欠我的钱下周能还我吗？我这边急用。",
    "老张，你欠我钱都半年了，什么时候还？",
    "贵公司尚欠我司材料款人民币3万元，请尽快安排结清，谢谢。",
    "你欠我的錢這個月底能給我嗎？",
]


@pytest.mark.parametrize("text", PRIVATE_DEBT)
def test_a_private_or_trade_creditors_demand_is_collection(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.COLLECTION, text)
    assert "debt_wording" in verdict.signal_ids() or "debt_demand" in verdict.signal_ids()


def test_a_friend_asking_for_money_to_a_card_stays_a_scam(judge: Judge) -> None:
    judge.says(
        VerdictKind.SCAM, "你欠我的钱今天能还我吗？直接转到这张卡6222 0000 1111 2222，户名张伟。"
    )


# ---- class 3: threats a private creditor or a collector makes ----
# "你就等着法院找你吧", "联合当地村(居)委…清收", "请求你的授权联系人协助", "向你村委会/单位通报".
THREATS: list[tuple[str, str]] = [
    ("已经拖了三个月了，不还就等着法院传你吧。", "legal_threat"),
    ("你欠的钱再不还，我们将联合当地村(居)委会上门清收。", "third_party_threat"),
    ("您的借款已逾期，逾期超过三天我们将请求您的授权联系人协助还款。", "third_party_threat"),
    ("您拖欠的借款仍未归还，我方将向您所在村委会及工作单位通报情况。", "third_party_threat"),
    ("你欠的錢再不還，就等著吃官司吧。", "legal_threat"),
    ("您的借款已逾期，我們將聯合當地村(居)委會上門清收。", "third_party_threat"),
    # mend: a collector's "上门服务" is still a visit threatened
    ("您的借款逾期很久了，再不还我们就派人上门服务了。", "legal_threat"),
    ("您的借款已逾期，我方會向您的工作單位通報。", "third_party_threat"),
]


@pytest.mark.parametrize(("text", "signal"), THREATS)
def test_a_collectors_threat_is_collection_and_complaint_material(
    judge: Judge, text: str, signal: str
) -> None:
    verdict = judge.says(VerdictKind.COLLECTION, text)
    assert signal in verdict.signal_ids()


# A courier's or a technician's visit is no threat; a reader told to alert his own firm's group
# if he did not change a password is no threat to tell his employer.
NO_THREAT: list[str] = [
    "【某某快递】快递员将于今天下午上门取件，请保持电话畅通。",
    "您预约的空调安装师傅明天上午上门安装，如需改约请在App内操作。",
    "您的登录密码已修改。若非本人操作，请立即通知公司IT群组并联系管理员。",
    # mend: a community's or a firm's own 通报, a booked 上门服务
    "【某某社区】请近期返乡的居民主动向居委会通报行程。",
    "【某某街道】請各位村民及時向村委會通報外來人員情況。",
    "【某某集团】本月工作单位消防检查结果将通报各部门。",
    "【某某家电】您预约的上门服务定于周六上午，师傅会提前联系您。",
    "【某某快遞】快遞員明天上午上門取件，請保持電話暢通。",
]


@pytest.mark.parametrize("text", NO_THREAT)
def test_a_visit_or_a_note_to_alert_ones_own_firm_is_no_threat(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.COLLECTION, text)
    assert not {"legal_threat", "third_party_threat"} & set(verdict.signal_ids())


# ---- class 4: a sender's own short-link domain or own app the orgs did not list ----
# CCB's SMS link to s.ccb.cn, Meituan's pay-later bills to mt.cn, JD's appliance notices name
# its 小京鱼 app: the sender's own channel, not an unknown host or a stranger's app.
OWN_CHANNEL: list[str] = [
    "【建设银行】您的龙卡积分本月到期1200分，兑换礼品点击 s.ccb.cn/ab12Cd 。拒收请回复R",
    "【建設銀行】信用卡賬單已出，本期應還1,020.00元，詳情 s.ccb.cn/x9Yz 。拒收請回復R",
    "【京东】您购买的智能空调已送达，下载小京鱼App即可在手机上开关空调，详情 3.cn/ab-Cd12",
]
# The same senders with a host of their own name, another app or a callback: still a scam.
OWN_CHANNEL_TWINS: list[str] = [
    "【建设银行】您的龙卡积分即将清零，请登录 ccb-jifen.top 兑换现金。",
    "【建设银行】您的账户存在风险，请点击 s-ccb.cn.verify-app.xyz 完成认证。",
    "【美团月付】您的账单已逾期，请点击 mt-yuefu.cc 立即还款，否则影响征信。",
    "【京东】您的白条额度异常，请下载“云会议”App配合客服处理。",
    # mend: mt.cn is no listed Meituan domain (nothing shows who owns it)
    "【美团】您的美团月付已逾期，请点击 mt.cn/k2Lm 还款。",
]


@pytest.mark.parametrize("text", OWN_CHANNEL)
def test_a_link_on_the_senders_own_short_domain_is_no_scam(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert not {"link", "lookalike_domain", "off_channel_app", "off_channel_link"} & set(
        verdict.signal_ids()
    )


@pytest.mark.parametrize("text", OWN_CHANNEL_TWINS)
def test_the_same_senders_on_another_host_or_app_stay_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


# ---- class 5: only a chance of a higher limit ----
# A lender's marketing that says the limit "有机会提升" or that repaying on time helps asks for
# nothing; the lure asserts a raised limit and sends you to a link, a number or a fee.
LIMIT_CHANCE: list[str] = [
    "【某某银行】您的信用卡额度有机会提升，具体以审核结果为准。拒收请回复R",
    "【某某消费金融】您的借款将于明天到期，应还金额1,050.00元，按时还款有助于您提高借款额度。",
    "【某某銀行】您的貸款額度有機會提升，敬請留意。拒收請回復R",
]
LIMIT_LURES: list[str] = [
    "【某某银行】您的额度有机会提升至5万，点击 limit-up.top 立即申请。",
    "您的信用卡额度已提升至80000元，请致电010-66668888激活。",
    "恭喜您有机会提额至10万，需先缴纳保证金500元。",
    # mend: only "有机会" beside a reply to take it
    "【某某银行】恭喜，您的信用卡额度有机会提升至8万元，回复1即可办理。",
    "【某某銀行】恭喜，您的信用卡額度有機會提升至8萬元，回覆1即可辦理。",
]


def test_a_raised_limit_asserted_beside_a_chance_still_counts(judge: Judge) -> None:
    text = "您的花呗额度已提升至2万元，还有机会提升额度，限时领取请回复Y。"
    verdict = judge.never_says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "limit_increase" in verdict.signal_ids()


@pytest.mark.parametrize("text", LIMIT_CHANCE)
def test_a_mere_chance_of_a_higher_limit_is_no_lure(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "limit_increase" not in verdict.signal_ids()


@pytest.mark.parametrize("text", LIMIT_LURES)
def test_a_limit_offer_with_a_link_number_or_fee_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


# ---- class 6: the creditor itself threatens to report the debtor to the police ----
# "否则我司将向公安机关报案", "本公司将…依法追究刑事责任": collection pressure in the
# creditor's own voice, not a sender posing as the police; a safe account, a fee or a code
# beside it is a scam.
CRIME_THREATS: list[str] = [
    "您在本平台的借款已逾期60天，欠款5,200元，请于三日内还清，否则我司将向当地公安机关报案。",
    "您拖欠的货款至今未付，本公司将保留起诉权利，必要时依法追究您的刑事责任。",
    "您的借款長期拖欠未還，否則我司將向公安機關報案處理。",
    # mend: the creditor accuses the debtor of a debt crime (涉嫌合同诈骗罪) in its own voice
    "您在本平台的借款长期拖欠，已涉嫌合同诈骗罪，请尽快还款，否则我司将向公安机关报案。",
]
POLICE_SCAMS: list[str] = [
    "【某某公安】您的借款逾期已涉嫌诈骗犯罪，请将名下资金转入安全账户配合调查。",
    "您好，这里是某某市公安局，您涉嫌一起洗钱案件，请立即联系王警官。",
    "您的借款已逾期，我司将向公安机关报案，立即还款请转账至6222 0000 1111 2222，户名李强。",
    # mend: the creditor's voice beside a police officer, a fee to hold the case off or to withdraw
    "【某某信贷】您的欠款已逾期，我司已向公安机关报案，如需撤案请联系办案人张警官010-55556666。",
    "本公司已就您拖欠的借款向公安机关报案，您已涉嫌诈骗，请马上联系刑警大队赵警官，否则将被拘留。",
    "我司受某某法院委托，您的案件已立案，本公司将依法追究您的刑事责任，请缴纳保全费1800元暂缓执行。",
    "您的借款已逾期，本公司已向法院起诉，将依法追究您的刑事责任，请立即缴纳诉讼费600元后撤诉。",
    "您的借款已逾期，本公司將依法追究您的刑事責任，請立即繳納訴訟費600元撤訴。",
    # mend: "涉嫌贷款/合同诈骗" in a police story (an investigation, a chat contact, an officer)
    "这里是某某市公安分局，您涉嫌贷款诈骗，请配合调查，把资金转入安全账户。",
    "【某某公安】您涉嫌一起合同诈骗案，请马上添加QQ 87654321配合调查。",
    "您的借款逾期未还，已涉嫌合同诈骗，请立即联系办案的周警官处理。",
    "【某某公安】您涉嫌合同詐騙案，請立即添加QQ 87654321配合調查。",
]


@pytest.mark.parametrize("text", CRIME_THREATS)
def test_a_creditors_threat_to_call_the_police_is_collection(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.COLLECTION, text)
    assert "creditor_crime_threat" in verdict.signal_ids()
    assert "fake_court" not in verdict.signal_ids()


@pytest.mark.parametrize("text", POLICE_SCAMS)
def test_a_fake_police_story_or_a_card_to_pay_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


# ---- class 7: a Taiwanese lender's own domain and line ----
# 手机ATM (普汇 inFlux) notices link to influxfin.com and give its 02-25079990 line; a look-alike
# host, a LINE contact or another number is still off its channel.
INFLUX_OWN: list[str] = [
    "【手機ATM用戶通知】借款已撥款至帳戶尾號5678，登入 https://borrow.influxfin.com/ 查看。",
    "【手机ATM】您本期应还本息合计2,300元，如有疑问请致电普汇客服电话02-25079990。",
]
INFLUX_TWINS: list[str] = [
    "【手機ATM】您的借款已逾期，請立即點擊 influxfin-pay.top 還款，否則影響信用。",
    "【手机ATM】您的借款审核未通过，请加LINE客服 @atm-loan88 办理解冻。",
]


@pytest.mark.parametrize("text", INFLUX_OWN)
def test_a_lenders_own_domain_or_line_is_its_channel(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert not {"link", "loan_link", "off_channel_number"} & set(verdict.signal_ids())
    assert verdict.verdict is VerdictKind.OFFICIAL_NOTICE or "own_number" in verdict.signal_ids()


# mend: 普汇 alone is no claim to the lender (another firm of that name, its own number)
@pytest.mark.parametrize(
    "text",
    [
        "【普汇科技】您的设备检修单已完成，如有疑问请致电0755-27779999。",
        "【普匯資訊】您的維修單已完成，如有疑問請致電0755-27779999。",
    ],
)
def test_another_firm_named_puhui_is_not_the_lender(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "off_channel_number" not in verdict.signal_ids()


@pytest.mark.parametrize("text", INFLUX_TWINS)
def test_the_lender_on_a_look_alike_host_or_chat_is_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


# ---- class 8: the sender's own mini-program, opened by the reader ----
# "进入“某某ETC”微信小程序查看详情": the reader is sent into a mini-program to look or re-sign,
# with no link to tap and nothing to pay elsewhere; a link, a card or a fee beside it is a scam.
MINI_PROGRAM: list[str] = [
    "【某某出行】您的车辆本月通行费账单已生成，进入“某某出行”微信小程序查看详情。",
    "【某某水务】您的水费代扣协议已解除，请进入“某某水务”小程序，点击“我的”重新签约。",
    "【某某停車】您的停車費已扣款成功，可打開“某某停車”小程序查詢明細。",
]
MINI_PROGRAM_TWINS: list[str] = [
    "【某某出行】您的ETC已停用，请点击 etc-renew.top 或进入小程序查看处理。",
    "您的ETC卡已失效，请进入“ETC认证”小程序办理，需先缴纳认证费50元。",
    "进入“某某补贴”小程序查看，领取补贴前请先缴纳保证金200元。",
    # mend: a scam story with only "或进入“X”小程序" beside it (no link, card or fee)
    "您寄出的快件已被退回，请打开“速递助手”小程序核对收件地址。",
    "恭喜，您的借款申请已通过审核，请留意来电，专员稍后联系您，也可进入“借款助手”小程序查看。",
    "您的包裹需补交运费15元，请加快递员微信kd-6677，或进入“快件服务”小程序补缴。",
    "您的包裹已被退回，請進入「快遞助手」小程序查看並確認地址。",
    "您的医保卡尚未升级，逾期将停用，请打开“医保凭证”小程序点击升级。",
    "您的社保补贴已到账，请进入“补贴领取”小程序点击领取。",
    "恭喜您荣获二等奖，奖金3万元，请进入“获奖查询”小程序查看领取。",
    "您的銀行卡在異地消費6000元，如非本人操作請致電13912345678，或進入「銀行服務」小程序查看。",
]


@pytest.mark.parametrize("text", MINI_PROGRAM)
def test_a_notice_sending_you_into_its_mini_program_is_genuine(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "own_mini_program" in verdict.signal_ids()


@pytest.mark.parametrize("text", MINI_PROGRAM_TWINS)
def test_a_mini_program_beside_a_link_fee_or_card_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


# ---- class 9: a recurring bill asked for is no fee paid first ----
# "请您支付本月租金3,000元", "请支付本期物业费": the rent or a utility bill falling due; a deposit,
# a fee to get something, or rent to a stranger's card is still a scam.
BILLS_DUE: list[str] = [
    "【某某公寓】您租住的房屋本月租金即将到期，请您及时支付本月租金2,800元，如已支付请忽略。",
    "【某某物業】您本季度物業費即將到期，請支付物業費1,260元，可在業主App內繳納。",
    "【某某物业】请支付本季度物业费1260元。",
]
BILL_TWINS: list[str] = [
    "房东通知：本月起请支付租金3000元到新账户6222 0000 1111 2222，户名王芳。",
    "您好，看房前需先支付看房押金500元，转账后安排带看。",
    "您的贷款已审核通过，请支付费用800元后放款。",
    # mend: rent first, to hold the flat, to have the keys sent, or before the viewing
    "请先支付房租2500元锁定房源，转账后安排带看。",
    "请先支付首月房租1600元，我们会把钥匙快递给您。",
    "看房需支付本月房租2200元，请转到我的微信。",
    "您的手机欠费即将停机，需支付话费150元，请扫码缴纳。",
    "請先支付房租2500元鎖定房源，轉帳後帶看。",
]


@pytest.mark.parametrize("text", BILLS_DUE)
def test_rent_or_a_utility_bill_falling_due_is_no_upfront_fee(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "upfront_fee" not in verdict.signal_ids()


@pytest.mark.parametrize("text", BILL_TWINS)
def test_a_deposit_a_fee_or_rent_to_a_new_card_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


# ---- class 10: the reader's own repayment account, a payroll-advance product ----
# A lender's "如需变更还款账户，请提前联系我们" is the reader changing the account it debits, not a
# new payee; a payroll-advance (薪资垫付) product's own outcome is no part-time job lure.
OWN_ACCOUNT_OR_ADVANCE: list[str] = [
    "【某某小贷】本月还款日为15日，请确保尾号1234的账户余额充足；如需变更还款账户，请至少提前一个工作日联系客服。",
    "【某某薪】您申请的薪资垫付已审核通过，将于下个发薪日从工资中扣回。",
    "【某某薪】您申請的工資墊付審核未通過，可登錄平台重新提交。",
    "【某某銀行】本期還款日為20日，如需變更還款帳戶，請提前一個工作日聯繫客服。",
]
PAYEE_OR_JOB_TWINS: list[str] = [
    "各位家长：本学期学费收款账户已更换，请将学费转到新账户6222 0000 1111 2222，户名张老师。",
    "招聘兼职刷单员，先垫付货款，每单返佣金10%，加微信jz-888了解。",
    # mend: the sender itself changes the account to pay into (no card given)
    "本司还款账户已调整，请变更还款账户后再还款，新账户请向在线客服索取。",
    "公司财务部通知：即日起变更还款账户，请把本月欠款汇入财务新账户。",
    "本司還款帳戶已調整，請變更還款帳戶後再還款，新帳戶請諮詢客服。",
]


@pytest.mark.parametrize("text", OWN_ACCOUNT_OR_ADVANCE)
def test_the_readers_own_account_or_a_salary_advance_is_no_lure(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert not {"account_change", "job_lure"} & set(verdict.signal_ids())


@pytest.mark.parametrize("text", PAYEE_OR_JOB_TWINS)
def test_a_new_payee_or_an_advance_for_a_job_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


# ---- class 11: money already paid into the reader's account, no date given ----
# "理赔金额已经打至您的支付宝账户", "提现已成功转入您的银行账户": a payout reported after the fact;
# a link, a number to call or a fee beside it still bars it.
PAID_IN: list[str] = [
    "【某某保险】您申请的理赔款已经打至您尾号6688的银行卡，请注意查收。",
    "【某某理財】您的本金與收益已返還至您的賬戶，感謝您的支持。",
]
PAID_IN_TWINS: list[str] = [
    "您的理赔款已打至您的账户，需缴纳手续费300元后才能提现。",
    "您的补贴已发放至您的账户，请点击 butie-lingqu.top 领取。",
]


@pytest.mark.parametrize("text", PAID_IN)
def test_money_already_paid_in_is_a_notice(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "credited_notice" in verdict.signal_ids()


@pytest.mark.parametrize("text", PAID_IN_TWINS)
def test_money_paid_in_beside_a_fee_or_a_link_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


# ---- class 12: a Guangdong court's e-delivery link ----
# A court notice naming its case and linking to sd.gdems.com (Guangdong's e-delivery platform,
# apparently a vendor's) is not called a scam, but the host is no court domain (mend): the
# reader is told to verify with 12368; a look-alike host or a fee is still a scam.
COURT_DELIVERY: list[str] = [
    "【某某市中级人民法院】您好，案号（2026）粤01民终56号的电子文书已送达，"
    "可在 https://sd.gdems.com/v3/dzsd/Qr7 查收。",
    "【某某縣人民法院】案號（2026）粵1801執99號一案已向您送達文書，"
    "查收地址 https://sd.gdems.com/v3/dzsd/Mn4 。",
]
COURT_DELIVERY_TWINS: list[str] = [
    "【某某区人民法院】您有一张电子传票待签收，请登录 sd-gdems.top/v3 查看，逾期将强制执行。",
    "【某某区人民法院】（2026）粤0101民初1234号，请点击 sd.gdems.com.court-sd.xyz 缴纳诉讼费500元",
    "【某某区人民法院】您的案件已立案，请于今日登录 https://pay.gdems.com/fee "
    "缴纳诉讼费500元，逾期将强制执行。",
]


@pytest.mark.parametrize("text", COURT_DELIVERY)
def test_a_court_notice_on_its_e_delivery_platform_is_no_scam(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "org_link" not in verdict.signal_ids()


@pytest.mark.parametrize("text", COURT_DELIVERY_TWINS)
def test_a_court_look_alike_host_or_a_fee_stays_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)

"""Session 11 (rules B): scams that came out ⚪ unclear, 🟢 genuine or 🟠 collection.

Every message here is composed for this test (other senders, other wording, Traditional
Chinese), not copied from the tuning corpus, a held-out file or any page; names, numbers and
hosts are fake. Each class has scams that must come out 🔴 scam and look-alikes of the other
labels that must not flip.
"""

from __future__ import annotations

import pytest

from bot.sms import VerdictKind
from bot.sms.analyzer import SmsAnalyzer
from tests.conftest import Judge

# ---- class 1: a request to open a link that the text names but does not give ----
# News and police pages print the SMS without its link ("点击以下网页", "打开(附带链接)",
# "http://xx", "wap。。。"); what the link is for (photos, a child's report, a traffic
# offence, an app package, a token to update) makes it a scam.
NAMED_LINK: list[str] = [
    "王芳,同学会的合影已经整理好了,点击地址下载安装即可查看。",
    "李明,上周婚宴的照片都在这里了,手机直接打开网址安装查看。",
    "您的车辆在XX路口闯红灯,已被电子眼抓拍,详情请点击下方网页查看。",
    "您的機動車違反規定車道行駛,已被拍攝,詳情請點擊以下網頁",
    "你老公出轨的证据都在这里,打开(附链接)就能看到。",
    "家长您好,孩子本学期在校期间的表现已汇总,请在校讯通网址打开查看。",
    "各位家长:这是孩子期中考试的成绩单,请下载http://xx安装后查看。",
    "尊敬的网银用户,您的动态令牌即将失效,请登录手机维护网站:wap。。。进行升级。",
    "张伟,你看看这个:http://img……photo.apk",
    "【社保中心】您的社保卡即将停用,请于本月底前提交至××××网址完成认证。",
    "各位家长,孩子期末考试的成绩单已出,打开(附网址)即可下载查看。",
    "张总,上次饭局的照片我整理好了,点击地址查看一下。",
]

# Genuine notices that name a website, an address or a page with no link to open: never
# made a scam by the words alone.
NAMED_PLAIN: list[str] = [
    "【顺丰速运】您的快件已签收，签收地址：深圳市南山区科技园，如有疑问请致电95338。",
    "【招商银行】您尾号1234的信用卡本期账单已出，可登录招商银行App查看。",
    "【中国移动】您的宽带将于12月31日到期，续费请打开中国移动App办理。",
    # the name of an official channel ("网页端", "网页版", "小程序或网页") or a field in the
    # sender's app ("点击地址进行修改") is no link left out (second review)
    "【国家税务总局】请通过个人所得税App或自然人电子税务局(网页端)办理年度汇算。",
    "【人民法院】您的案件材料请登录人民法院在线服务(小程序或网页)查看。",
    "【中国联通】您可打开网页版网上营业厅或联通App查询话费。",
    "【顺丰速运】如需修改收件地址，请在顺丰速运App订单详情中点击地址进行修改。",
    "【招商银行】您可在招商银行网页上登录查看电子账单，或登录招商银行App。",
    "【中国电信】您可打开网页端营业厅或中国电信App查询本月账单。",
    "【国家税务总局】请登录自然人电子税务局(网页版)或个人所得税App确认您的专项附加扣除。",
]


@pytest.mark.parametrize("text", NAMED_LINK)
def test_a_request_to_open_a_link_the_text_does_not_give_is_a_scam(
    judge: Judge, text: str
) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "masked_link" in verdict.signal_ids()


@pytest.mark.parametrize("text", NAMED_PLAIN)
def test_an_address_or_an_app_named_without_a_link_is_not_a_hidden_link(
    judge: Judge, text: str
) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "masked_link" not in verdict.signal_ids()


# ---- class 2: a purchase or deduction "alert" with a callback no one can check ----
# It names no card and gives a mobile, a landline or a 400 line with masked digits.
CHARGE_CALLBACK: list[str] = [
    "尊敬的客户:您于今日在华联商厦刷卡购买家电12680元,此款将从您帐上扣,如有疑问请致电021-54328876。",
    "您的储蓄卡于12月3日在国美电器购买手机5999元,此款将从您账户扣去,如有问题请联系13912345678。",
    "本行将于明日从您账户扣去会员费980元,如有疑问请咨询400XXXXXXX【建设银行】",
    "您於本月5日在大潤發購買家電8800元,此款將從您帳上扣,如有疑問請聯繫0755-83216547。",
    "您的账户今日在苏宁易购购买电脑8999元，此款将从您账上扣，有疑问请回电13812345678。",
]
CHARGE_GENUINE: list[str] = [
    "【工商银行】您尾号1234的卡于12月3日购买理财产品5000.00元，如有疑问请致电95588。",
    "【快手】您购买的商品已发货，请耐心等待，有疑问联系4006097880，回T退订",
    # a purchase the shop, courier or rider reports, with its own mobile or landline (second
    # review): nothing is taken off an account, so the phone is no callback
    "【顺丰速运】您购买的商品已由快递员张师傅派送，联系电话13912345678。",
    "【中国石化】您于12月3日在加油站购买92号汽油300元，如有疑问请致电0571-85678901。",
    "【携程】您购买的酒店订单已确认，如需帮助请联系酒店电话0755-83216547。",
    "【京东】您购买的商品已由配送员王师傅派送，配送员电话13712345678。",
]


@pytest.mark.parametrize("text", CHARGE_CALLBACK)
def test_a_charge_alert_with_a_callback_no_one_can_check_is_a_scam(
    judge: Judge, text: str
) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "charge_contact" in verdict.signal_ids()


@pytest.mark.parametrize("text", CHARGE_GENUINE)
def test_a_purchase_alert_with_the_card_or_an_open_service_line_is_no_callback_scam(
    judge: Judge, text: str
) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "charge_contact" not in verdict.signal_ids()


# ---- class 3: an unasked credit line, 备用金 or 预授信 accepted by replying a digit or Y ----
CREDIT_BY_REPLY: list[str] = [
    "【邮储银行】尊敬的客户,您在我行的预授信286000元将于本月底失效,查利率回1,申请回2,拒收回R",
    "[城商银行]尊敬的客户,银行为你准备的350000元备用金即将到期,可用于装修、经营周转,申请回复2,退订回T",
    "尊敬的客户,依据您良好的信用记录,您已获得200,000信用额度,月息0.4%,如需办理回复Y,退订回T。",
    "尊敬的客戶,您已獲得授信額度30萬元,可用於購車裝修,查詢利率回覆1,申請回覆2。",
    "尊敬的客户，我行已为您授予信用额度15万元，申请回复1，退订回T。",
]
CREDIT_GENUINE: list[str] = [
    # a card's own temporary limit, replied with the bank's letter code
    "【中信银行信用卡】您信用卡临时额度可提至28000元（审核为准）如同意请于2026年08月01日前回LKT申领",
    # a stop code only
    "【分期乐】支付账户额度通知 确认向您6621账户预先申请150,000元待审核 拒收请回复R",
    # the lender's own app
    "【网商银行】您的网商贷额度已提升至50000元，可登录支付宝-网商贷查看。拒收请回复R",
    # your own existing line due for renewal, not one granted unasked (second review)
    "【网商银行】您的授信额度将于12月31日到期，申请续期回复1。",
    "【某银行】您的贷款额度已到期，办理续期请回复1，退订回T。",
]


@pytest.mark.parametrize("text", CREDIT_BY_REPLY)
def test_a_credit_line_granted_unasked_and_taken_by_reply_is_a_scam(
    judge: Judge, text: str
) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "credit_offer_reply" in verdict.signal_ids()


@pytest.mark.parametrize("text", CREDIT_GENUINE)
def test_a_cards_own_limit_a_stop_code_or_the_lenders_app_is_no_credit_lure(
    judge: Judge, text: str
) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "credit_offer_reply" not in verdict.signal_ids()


# ---- class 4: money asked into a card whose full number follows the account word ----
CARD_AFTER_ACCOUNT: list[str] = [
    "我是房东,我在外地,这个月房租你就打我爱人的账户, 6217-0032-6000-4418 .收到回个信",
    "王姐,我换了新卡,学费直接转到这个银行卡:6222 0810 1234 5678 901,谢谢",
    "孩子的学费已经涨了，这次直接存到老师账户 6228 4800 1234 5678 901。",
]
PAID_INTO_OWN: list[str] = [
    "【农业银行】您尾号6621账户12月03日存入工资8800.00元，余额9120.55元。",
]


@pytest.mark.parametrize("text", CARD_AFTER_ACCOUNT)
def test_money_asked_into_a_card_whose_number_follows_is_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


# money reported paid in with the account's full number (second review): the card-request
# pattern must not read it (a bank that prints a full card number is still judged by other
# signals, so only the signal is asserted here, on the rules alone)
PAID_IN_FULL_NUMBER: list[str] = [
    "【农业银行】您的工资已于12月3日存入账户6228480012345678901，余额9120.55元。",
    "【建设银行】您的公积金贷款已于12月3日转入您的账户 6217003260004418，请查收。",
    "【工商银行】您的理财赎回款已成功存入账户 6222081012345678901。",
]


@pytest.mark.parametrize("text", PAID_IN_FULL_NUMBER)
def test_money_reported_paid_in_is_no_card_request_signal(
    rules_only: SmsAnalyzer, text: str
) -> None:
    assert "sum_to_card" not in rules_only.analyze(text).signal_ids()


@pytest.mark.parametrize("text", PAID_INTO_OWN)
def test_money_reported_into_your_own_masked_account_is_no_card_request(
    judge: Judge, text: str
) -> None:
    judge.never_says(VerdictKind.SCAM, text)


# ---- class 5: lures of known kinds in other words ----
# a paid follow-and-screenshot task, a profit promised outright, a Taiwan loan ad that
# checks neither income nor debts
LURES: list[tuple[str, str]] = [
    ("任务派发:快手点赞,点赞后截图发给派单员并备注编号,每单佣金3元。", "job_lure"),
    ("新人福利:搜索小红书账号,关注完截图给导师,奖励5元,日结。", "job_lure"),
    ("哥,进我的交流群,明天开盘买这只,保证赚!投得越多赚得越多。", "stock_tip"),
    ("老师带你投资，我们保证回本，三天翻倍，加群领取。", "stock_tip"),
    ("免財力、不看負債,最快當天撥款,車貸房貸都可辦,洽王專員", "loan_ad"),
    ("個人信貸免保人,不看聯徵,三天撥款,額度最高200萬", "loan_ad"),
    ("无抵押无担保，当天放款，急用钱联系王经理", "loan_ad"),
]
LURE_WARNINGS: list[str] = [
    "【反诈中心】凡是网络投资理财许诺保证赚、稳赚不赔的，都是诈骗！",
    # the compulsory risk disclosure says the profit is NOT promised (second review)
    "【招商银行】理财非存款，产品有风险。本产品为净值型产品，不保证收益，过往业绩不代表未来表现。",
    "【蚂蚁财富】基金有风险，投资需谨慎。基金管理人不保证盈利，也不保证最低收益。",
    "【民生银行】理财产品不等于存款，本行不能保证收益，投资须谨慎。",
]
# a loan the lender pays out on a day it names is no "paid out the same day" ad (second review)
LOAN_PAID_OUT: list[str] = [
    "【建设银行】您申请的个人住房贷款已审批通过，将于当日拨款至开发商账户。",
    "【工商银行】您的个人消费贷款已审批通过，已于当天放款至您尾号1234的账户。",
]


@pytest.mark.parametrize(("text", "signal"), LURES)
def test_a_known_lure_in_other_words_is_a_scam(judge: Judge, text: str, signal: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert signal in verdict.signal_ids()


@pytest.mark.parametrize("text", LURE_WARNINGS)
def test_a_warning_that_names_the_lure_is_not_one(judge: Judge, text: str) -> None:
    judge.never_says(VerdictKind.SCAM, text)


@pytest.mark.parametrize("text", LOAN_PAID_OUT)
def test_a_loan_paid_out_on_a_named_day_is_no_loan_ad(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "loan_ad" not in verdict.signal_ids()


# ---- a car named with no offence is no traffic matter (second review) ----
# "机动车" alone names a car, not a traffic offence: a car insurance renewal behind an unknown
# link is judged by its link, not as a government matter; with an offence word it still is one.
CAR_NOT_OFFENCE: list[str] = [
    "【平安产险】您的机动车保险将于12月31日到期，续保请点击 http://u.pingan.com/abc",
    "【人保财险】您的机动车商业险即将到期，点击 http://picc-xb.cn/r 续保立享优惠。",
]
CAR_OFFENCE: list[str] = [
    "您的機動車違反規定車道行駛,已被拍攝,詳情請點擊以下網頁",
    "您的机动车有一条违法记录未处理，请登录 http://jtgl-cx.top 查询缴纳罚款。",
]


@pytest.mark.parametrize("text", CAR_NOT_OFFENCE)
def test_a_car_named_with_no_offence_is_no_government_matter(
    rules_only: SmsAnalyzer, text: str
) -> None:
    verdict = rules_only.analyze(text)
    assert verdict.verdict is not VerdictKind.SCAM, verdict.signal_ids()
    assert "gov_matter_link" not in verdict.signal_ids()


@pytest.mark.parametrize("text", CAR_OFFENCE)
def test_a_car_with_an_offence_behind_a_link_stays_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "gov_matter_link" in verdict.signal_ids()

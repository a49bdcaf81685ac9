"""Session 11 (rules A): genuine notices that came out 🔴 scam or ⚪ unclear because of how a
placeholder, a link or the sender's own channel was read.

Every message here is composed for this test (other senders, other wording, placeholders as
back-end templates print them, Traditional Chinese), not copied from the tuning corpus, a
held-out file or any page; names, numbers and hosts are fake. Each class has genuine messages
that must not come out 🔴 scam (or must come out 🟢 official_notice) and look-alikes that must
stay scams.
"""

from __future__ import annotations

import pytest

from bot.sms import VerdictKind
from tests.conftest import Judge

# ---- class 1: a template's unfilled variable is no link ----
# A dotted name that runs on into an underscore ("{$order.pay_money}") or that fills a
# placeholder alone ("${bill.day }", "{user.name}", "{{ .Order.No }}") is a variable the
# sender's system failed to fill in, not a host anyone can open.
PLACEHOLDERS: list[str] = [
    "尊敬的{$member.real_name}，您的{$order.pay_money}元分期账单已出，最后还款日为{$order.due_date}。",
    "{$shop.site_title}提醒您：订单{$order.order_sn}已发货，快递单号{$order.express_no}。",
    "您好 ${loanVo.userName }，您第${planVo.period }期应还${planVo.amount }元已扣款成功。",
    "亲爱的{user.name}，您的会员积分{user.point}分将于月底清零前可在个人中心兑换。",
    "親愛的{{ .Member.Name }}，您的訂單{{ .Order.No }}已出貨，預計{{ .Ship.Date }}送達。",
    "尊敬的{$cust.name}，您申请的{$loan.quota_money}元额度审核未通过，感谢您的关注。",
    "{$notice.user_name}您好，您于{$notice.apply_time}提交的提现{$notice.cash_money}元已到账。",
    # a bare dotted name running on into an underscore, on no risky ending and no brand
    "您的会员编号为member.level_vip，积分已到账。",
]

# The same braces around a real-looking host on a risky ending, a hyphen, a brand or a scheme:
# still a link, and the scam stays a scam.
BRACED_LINKS: list[str] = [
    "【借呗】您的额度已冻结，请登录{jiebei.top}完成认证，否则影响征信。",
    "您的支付宝账户异常，请访问{$zfb-kefu.vip}解除限制，逾期将冻结。",
    "您的花呗已逾期，点击{alipay.hk-pay.cc}立即处理，否则上报征信。",
    "恭喜获得5万元备用金，请打开 http://{daikuan.club}/get 领取，需先缴纳保证金。",
    # no braces, running on into an underscore, on a risky ending or a brand (second review)
    "您的借呗额度异常，请访问jiebei-vip.top_refund办理退款。",
    "您的花呗已逾期，请登录alipay-hk.cc_verify立即处理，否则上报征信。",
]


@pytest.mark.parametrize("text", PLACEHOLDERS)
def test_an_unfilled_template_variable_is_no_link(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert verdict.evidence.links == (), [x.text for x in verdict.evidence.links]


@pytest.mark.parametrize("text", BRACED_LINKS)
def test_a_risky_hyphenated_branded_or_schemed_host_in_braces_stays_a_link(
    judge: Judge, text: str
) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert verdict.evidence.links, verdict.signal_ids()


# ---- class 2: an amount a template masked is no masked link ----
# "XXXX.XX元" or "***.** 元" is the amount the page or template left out, not a host
# the page hid ("***.***.cn", "xxx.xxx.cc", which stay masked links).
MASKED_AMOUNTS: list[str] = [
    "尊敬的客户，您本期应还款金额为XXXX.XX元，请于还款日前存入尾号XXXX的还款卡。",
    "您好，您的房贷本月扣款***.** 元已成功，感谢您的支持。",
    "您在本店的消费金额为 xxxx.xx 元，积分已累计到您的会员账户。",
    # the currency or 金额 before the amount, with no unit after it (second review)
    "【中信银行】您的账单金额为¥***.**，最后还款日12月20日，请按时还款。",
    "Your statement balance is RMB ***.**, due on Dec 20.",
    "您本期账单金额：***.**，请于还款日前还款。",
]
MASKED_HOSTS: list[str] = [
    "【车管所】您的驾驶证积分已清零，请登录 ***.***.cn 处理，否则将注销驾照。",
    "您的ETC已停用，请点击 ×××.×××.cc 重新认证，超时将无法通行。",
    "您的账户存在风险，请登录 ***.** 进行认证，否则冻结。",
]


@pytest.mark.parametrize("text", MASKED_AMOUNTS)
def test_a_masked_amount_is_no_masked_link(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "masked_link" not in verdict.signal_ids()


@pytest.mark.parametrize("text", MASKED_HOSTS)
def test_a_masked_host_stays_a_masked_link(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "masked_link" in verdict.signal_ids()


# ---- class 3: "tg" or "line" inside a link or a word is no chat contact ----
# The letters of a short link's path ("t.cn/QTgHp", "dwz.cn/8xtgb") or of a word ("online")
# are not a Telegram or LINE ID; "TG: abc123" and "LINE ID: @abc" written as such still are.
LETTERS_IN_A_LINK: list[str] = [
    "您尾号3306的账户12:05转入人民币2,400.00元，可用余额9,120.55元。明细：http://m.cmbchina.com/Ktg7q",
    "【中国移动】您本月话费账单已出，应缴86.20元，明细请见 http://10086.cn/b/tgH3 （已缴请忽略）",
    # after a slash or a hyphen in a link's path, with no separator after the letters
    "【中国电信】您本月账单已出，应缴58.00元，详情见 http://189.cn/r/tg2Kq （已缴请忽略）",
    "【京东】您的订单已发货，物流详情 https://3.cn/m/tg-8fKq 查看。",
]
CHAT_CONTACTS: list[str] = [
    "您的网贷额度已开通，请添加客服TG: loan_kf88 办理提现，需先缴纳解冻金。",
    "【法院】您涉嫌洗钱，请立即联系承办法官 LINE ID: @judge_cn 配合调查，否则将被拘留。",
    # after a slash or a hyphen, the word then a separator (second review)
    "客服联系方式：QQ/Telegram：kf2026，请尽快添加办理退款。",
    "退款专员-TG: refund88，请私聊办理。",
    "您的网贷额度已开通，请添加客服TG号abc888办理提现，需先缴纳解冻金。",
    "領取補貼請添加專員WhatsApp/TG: hk_loan66，名額有限。",
]


@pytest.mark.parametrize("text", LETTERS_IN_A_LINK)
def test_letters_inside_a_link_are_no_chat_contact(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "contact_qq_wechat" not in verdict.signal_ids()


@pytest.mark.parametrize("text", CHAT_CONTACTS)
def test_a_telegram_or_line_id_stays_a_chat_contact(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "contact_qq_wechat" in verdict.signal_ids()


# ---- class 4: a pickup notice's own station phone is no request ----
# A parcel waits at a station, locker or post room, and the station leaves its own mobile or
# landline for questions, complaints or a refusal: the number asks you to do nothing.
PICKUP_NOTICES: list[str] = [
    "【社区小站】您的韵达快递已到东门小站，请凭取件码6-2-1108来取，有问题联系138****6620",
    "【校园驿站】您有一个京东包裹已到3号楼驿站，取件码A2-305，拒收请打电话15912345678",
    "【收发室】您有一件顺丰快件，请到行政楼102室领取，咨询电话：62781234",
    "【兔兔驿站】取件码8-3-2201，您的圆通包裹已到小区南门，今日18点前来取，投诉电话18812340000",
    "【蜂鸟代收点】您的快递已放入代收点，請憑取件碼55-12取件，有疑問聯繫13712345678",
]
# The same shape with a scam's story, a fee, a link or a call to act: never a notice.
PICKUP_SCAMS: list[str] = [
    "【快递驿站】您的包裹在运输中丢失，取件前请联系理赔专员13812345678办理双倍赔付。",
    "【驿站】您的包裹地址不详无法派送，请联系13812345678补填地址并支付运费5元。",
    "您的快递已到驿站，取件需先缴纳保管费10元，有问题联系13912345678。",
]
PICKUP_NOT_GENUINE: list[str] = [
    # no parcel to collect: a courier's "delivered" notice with a mobile for questions
    "【中通快递】您的快件已由小区驿站代收，签收人：驿站。如有疑问请致电13912345678。",
    "【驿站】您的包裹已到，取件码1-1-1，有问题联系13812345678，或点击 http://kd-track.top 查看。",
    # a cancellation, not a pickup (取消快递费), and a request to call before the questions
    # phrase: the number is a callback, not one left for questions (second review)
    "您的快递订单已取消快递费将原路退回，有问题联系13812345678",
    "【快递】您的快递取件失败，请联系13812345678重新预约派送，有问题联系13812345678。",
    "【驿站】您的包裹取件码已失效，请致电13912345678重新获取，如有疑问联系13912345678。",
    "【快递柜】您的包裹已取消柜机存放，有疑问联系13712345678",
]


@pytest.mark.parametrize("text", PICKUP_NOTICES)
def test_a_pickup_notice_with_its_stations_phone_is_a_notice(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.OFFICIAL_NOTICE, text)
    assert "pickup_contact" in verdict.signal_ids()


@pytest.mark.parametrize("text", PICKUP_SCAMS)
def test_a_pickup_story_with_a_fee_or_a_claim_stays_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


@pytest.mark.parametrize("text", PICKUP_NOT_GENUINE)
def test_a_pickup_notice_with_an_unknown_link_is_no_notice(judge: Judge, text: str) -> None:
    judge.never_says(VerdictKind.OFFICIAL_NOTICE, text)

"""Session 10 (rules B): scams that came out ⚪ unclear, genuine or collection.

The classes (knowledge/sms.yaml, block ``s10-rulesb``; bot/sms/text.py for defanged links):

1. something happened that you did not ask for (a card charge, a prize, a fine, a refund, a
   frozen account, a higher limit, a customs fee, a cancelled flight, a parcel at the post
   office) and the way to deal with it is a number the message gives — in Taiwan and Hong Kong
   formats too, or "call this number back";
2. a loan or credit line "approved" whose next step is a call from their agent or a loan officer
   to contact (the fake-loan opening);
3. a channel nobody can check: an app it names to "unfreeze" or "claim", a link in English for
   an unpaid fee, a link the page left out ("请点此缴纳", "进入下列网址"), a parcel to "update"
   within a deadline, a courier fee paid through a person, a link a warning page printed
   defanged ("hxxps[:]//…[.]cc");
4. a sum to send to a card number, or "the money to this account";
5. stories that exist only as lures: a prize told as a fact, a dating chat through a premium
   short number, an offer to spy on someone's calls, an "escort job", a restricted ETC card.

Every message here is composed for this test from the scripts the cited police, bank and news
pages describe (none is copied from a tuning or held-out file). The look-alikes (genuine alerts
that name the card, a carrier's own failed-delivery notice with the courier's number, a loan
result "详询…", anti-fraud warnings, prizes claimed in the organisation's own app) must not flip.
"""

from __future__ import annotations

import pytest

from bot.sms import SmsAnalyzer, VerdictKind
from bot.sms.text import fold_for_matching
from tests.conftest import Judge

# 1. an unexplained event, dealt with by calling a number the message gives
CALLBACKS: list[str] = [
    "您的信用卡於昨日消費NT$28,000，如非本人交易請撥打 02-2345-6789 取消交易",
    "您於12/01在momo購物網刷卡消費NT$15,800元，若非本人消費，請來電0800-123-456取消",
    "【國泰世華】您的信用卡於今日扣款NT$9,999，如需取消扣款請洽客服(02)2712-3456",
    "閣下信用卡於今日在網上簽賬HK$8,800，如非閣下本人交易，請即致電 3001 2345 取消",
    "您好，您的帳戶被扣款12,000元，如非本人操作，請撥打客服專線 02-8765-4321 止付",
    "尊敬的客户，您的银行卡刚刚消费了19800元，若有疑问请回拨本号码",
    "恭喜！您已被选中获得幸运奖，奖品价值9800元，请回电 021-22334455 领取",
    "您有一笔交通违章罚款未处理，请于三日内拨打0371-66778899处理",
    "您的借呗额度已提升至5万元，请联系专属客服 17788889999 激活",
    "您的退税款已审核通过，请速致电 0898-66554433 办理领取手续",
    "您的醫保卡已被凍結，如需解凍請致電 0912-345-678",
    "邮政通知：您有一个包裹滞留，详情请拨打邮局电话 025-8833xxxx",
    "尊敬的旅客：您预订的航班因天气原因已取消，请尽快联系客服改签退票",
]

# 2. a loan "approved", then their agent will call
APPROVALS: list[str] = [
    "您的贷款已获批，额度50000元，客服将于今日联系您，请保持电话畅通",
    "恭喜您，您的借款申请已通过审核，额度8万元，稍后专员将与您联系办理放款",
    "贷款已批下，客服将联系您，请留意来电",
    "您的信用贷款已审批通过，请联系客户经理13812345678签约放款",
    "您的備用金額度已開通，放款專員稍後會致電您，請注意接聽",
    "【XX金融】您的授信额度已审核通过，请添加信贷经理微信 dk5588 办理提现",
    "您申请的20万元贷款已审批通过，审核部将于30分钟内致电您核实，请保持手机畅通",
]

# 3. a channel nobody can check
CHANNELS: list[str] = [
    "您的账户存在异常交易，已被冻结，请下载“安全助手”APP解冻",
    "您的退款已受理，请下载“退款宝”APP领取退款",
    "Your parcel could not be delivered due to unpaid customs duty. Pay £1.99 at "
    "royalmail-fee.com",
    "Your package has a delivery charge of $2.99 due. Pay now: usps-redeliver.com",
    "【停车缴费】您有一笔停车费待缴，请点此缴纳，以免影响出行",
    "尊敬的客户，您的账户已冻结，请登录我行网站解冻后使用，逾期将注销",
    "你的快递需要补交运费6元，请联系快递员微信处理",
    "【香港郵政】您的郵件因地址不完整未能派遞，請於48小時內更新",
    "您的包裹因地址不详无法投递，请于24小时内更新收件信息",
    "【中国银行】您的账户将被冻结，请立即验证：hxxps[:]//boc-cn[.]top/v",
    "您的社保卡已停用，请进入下列网址重新启用",
]

# 4. money to a card or "this account"
CARDS: list[str] = [
    "您好，您的孩子在学校意外受伤，请立即转5000元到老师账户6222021234567890123",
    "请将款汇到这个账号，谢谢。",
    "钱先别转了，原来那张卡坏了，钱就转到工商银行卡上吧，卡号……",
    "房租请打2500元到我的新卡6217003860001234567，谢谢",
]

# 5. lures that exist only as lures
STORIES: list[str] = [
    "恭喜您获得我司周年庆三等奖，奖品笔记本电脑一台，请登录活动网站领取",
    "本公司举办手机号码抽奖活动，您是一等奖用户，详情请联系王经理",
    "恭喜你获得了某某公司的二等奖，价值5.8万元，请速来联系。",
    "寂寞的夜晚想找人聊天吗？发短信“小雪”到9xxxx进入我的私密聊天室",
    "有缘千里来相会，回复1开始你的网络情缘",
    "想监听老公的电话和短信吗？提供号码即可，先试用后付款",
    "专业复制手机卡，可办一个和别人一样的手机号码，电话152xxxxxxxx",
    "高端会所诚聘男女公关，月薪三万，详情咨询李经理",
    "您的ETC卡已限制使用，请于今日内前往指定网点签署，未签署将注销",
    "【ETC服务】您的高速E卡已限制使用，请尽快到指定网点签署协议",
    "您的号码在周年庆抽奖中被抽中，您是特等奖用户，详情请联系客服",
    "恭喜你中了本期二等奖，请速与我司联系",
    "一个人的夜好寂寞，想找个人说说话，发短信“晴晴”到1066xxxx，我在等你",
    "美女一对一陪聊，回复1立即开始",
    "我是你的老同学小美，好久没联系了，发短信HI到9558xxx，我等着你哦",
    "专业监听他人手机短信通话，先试用后付款，电话139xxxxxxxx",
    "想知道老婆在跟谁聊天吗？提供对方号码即可查看对方的短信和通话",
    "重金求子，富婆诚招健康男士，酬金50万，联系张律师",
    # a password-free payment "opened" and a renewal about to be charged
    "【微信支付】您已开通免密支付，明日将自动扣费398元，如非本人操作请及时处理",
    "您的会员体验期已结束，系统已为您开通免密支付，今晚将自动续费",
    "尊敬的用户，已为您自动开通免密支付，本月起每月自动扣款199元",
    # a card or loan "approved in seconds" through a link nobody can check
    "恭喜您获得白金卡申请资格，最快5分钟批卡，点击 t.cn/Ax9k2 立即申请",
    "极速放款，最快3秒到账，戳 http://dai8.cc/k 申请",
]

# more of class 1 and 3: a parcel at the "post office", a cancelled flight, defanged links
MORE: list[str] = [
    "邮政快递通知：您有一个包裹待领取，请拨打邮局电话 021-5566xxxx",
    "中国邮政提醒：您的挂号信因地址不明被退回，详情咨询 0755-2233xxxx",
    "【航班通知】您预订的MU5123航班因机械故障取消，请速联系客服办理改签退票",
    "您乘坐的航班因天气原因延误，请致电航空公司客服领取补偿",
    "您的快遞因地址不詳無法投遞，請更新：hxxps[:]//tw-post[.]cc/d",
    "【ETC】您的ETC已失效，请登录 hxxp[:]//etc-gov[.]top 认证",
]

# Look-alikes of the other side that must never be called scam.
NOT_SCAM: list[tuple[str | None, str]] = [
    # the card named by its last digits, the bank's own line
    (None, "【玉山銀行】您的信用卡末四碼1234於12/01消費NT$1,200，如有疑問請洽客服(02)2182-1313"),
    (
        None,
        "#BOCHK 閣下信用卡（卡號末四位1234）於12月1日簽賬HK$1,200，如非本人交易請致電3988 2388",
    ),
    # a bank's alert that names no card, with its own line for questions
    (None, "【國泰世華】您的信用卡12/01於超商消費NT$320，如有疑問請洽客服02-2383-1000。"),
    (None, "閣下信用卡於12月1日簽賬HK$1,200，如非閣下本人交易，請即致電2233 3000。"),
    # a carrier's own failed-delivery notice with the courier's number and the counter
    (
        None,
        "【中国邮政】因收件人不在家，您的包裹投递失败，请致电快递员13812345678或前往网点领取。",
    ),
    # a loan result with a number "for questions", and an approval that keeps to the app
    (None, "尊敬的客户，您申请的电单车融资租赁已获批，详情请登录公众号查询。详询020-89851216"),
    (None, "【招商银行】您的贷款申请已审批通过，请登录招商银行App签约提款。"),
    (None, "您的退款申请已受理，款项将原路退回，如有疑问请致电0571-88889999。"),
    (None, "【XX物业】本月物业费320元已扣缴成功，如有疑问请致电0571-88776655。"),
    # anti-fraud warnings naming the scams
    (
        None,
        "【反诈中心】警惕“航班取消”诈骗：凡是短信让你联系陌生号码改签退票的都是诈骗，请拨打96110咨询。",
    ),
    (None, "【反诈中心】谨防诈骗：凡称能监听他人电话和短信的都是诈骗。"),
    # a prize claimed in the organisation's own app, an airline's own line
    (None, "【招商银行】恭喜您在掌上生活App抽奖中获得三等奖，请登录掌上生活App领取。"),
    (None, "【中国国航】您的航班CA1234因天气原因取消，请登录中国国航App或致电95583办理改签退票。"),
    (None, "下载国家反诈中心App，守护您的钱袋子。"),
    # a renewal or a password-free payment in the platform's own settings, a post office's own
    # pickup notice, an airline's delay with its own app and line, a card approved, a photo
    (None, "【微信支付】您已成功开通免密支付，可在微信-我-服务-钱包-支付设置中管理。"),
    (None, "【爱奇艺】您的会员将于12月5日自动续费25元，可在爱奇艺App-我的-自动续费中取消。"),
    (None, "【中国邮政】您的邮件已到达XX营业部，请凭取件码8812到营业厅领取，咨询电话11183。"),
    (None, "【中国国航】您的航班CA1234因天气原因延误，请关注中国国航App航班动态，详询95583。"),
    (None, "【招商银行】您的信用卡申请已审批通过，卡片将于5个工作日内寄出。"),
    (None, "这是我们上周聚会的照片，我明天带U盘给你拷。"),
    (None, "【高速ETC】您的ETC设备已激活成功，祝您出行愉快。"),
    # a parcel delivered, in English, with no link
    (None, "Your parcel has been delivered to your safe place. Thanks for shopping with us."),
]

SCAMS = [*CALLBACKS, *APPROVALS, *CHANNELS, *CARDS, *STORIES, *MORE]


@pytest.mark.parametrize("text", SCAMS)
def test_the_scam_is_called_scam_by_the_rules_and_with_the_model(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


@pytest.mark.parametrize("text", SCAMS)
def test_every_scam_says_what_is_wrong(rules_only: SmsAnalyzer, text: str) -> None:
    """At least one scam-weighted signal explains, in words, what the message gets wrong."""
    verdict = rules_only.analyze(text)
    explained = [s for s in verdict.signals if s.weight.scam > 0 and s.explain.zh_hans]
    assert explained, verdict.signal_ids()


@pytest.mark.parametrize(("sender", "text"), NOT_SCAM)
def test_a_look_alike_is_never_called_scam(judge: Judge, sender: str | None, text: str) -> None:
    judge.never_says(VerdictKind.SCAM, text, sender)


@pytest.mark.parametrize(
    "text",
    [
        "【中国银行】您的账户将被冻结，请立即验证：hxxps[:]//boc-cn[.]top/v",
        "请登录 hxxp://alipay-jb[.]top 处理",
        "點擊 https://esun-bank(.)cc 驗證",
    ],
)
def test_a_defanged_link_is_read_as_the_link(rules_only: SmsAnalyzer, text: str) -> None:
    verdict = rules_only.analyze(text)
    assert verdict.evidence.links, verdict.signal_ids()
    assert "link" in verdict.signal_ids()


@pytest.mark.parametrize(
    "text", ["本次团购价格为3(.)5元，附件[.]如有疑问请回复。", "选项：(.)同意 (.)不同意[dot]"]
)
def test_brackets_in_prose_are_no_defanged_link(rules_only: SmsAnalyzer, text: str) -> None:
    """Only the characters between a link's own letters are read back: "3(.)5元" and
    "附件[.]如有" are prose, not hosts."""
    verdict = rules_only.analyze(text)
    assert not verdict.evidence.links
    assert "link" not in verdict.signal_ids()
    folded = fold_for_matching(text).text
    assert "(.)" in folded or "[.]" in folded


def test_a_card_named_by_its_last_four_stays_an_alert(rules_only: SmsAnalyzer) -> None:
    named = rules_only.analyze(
        "您的信用卡末四碼5678於今日消費NT$3,000，如非本人交易請撥打02-2345-6789取消"
    )
    unnamed = rules_only.analyze(
        "您的信用卡於今日消費NT$3,000，如非本人交易請撥打02-2345-6789取消"
    )
    assert "charge_callback_any" not in named.signal_ids()
    assert "charge_callback_any" in unnamed.signal_ids()

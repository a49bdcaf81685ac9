"""Session 9 (rules B): scams that came out ⚪ unclear, genuine or collection.

The classes (knowledge/sms.yaml, block ``s9-rulesb``; bot/sms/numbers.py for masked numbers):

1. numbers, links and cards as public pages print them, with some digits masked
   ("1350120××××", "0411-395675xx", "www……", "gtl**.**", "621559******"): read as what they
   stand for (a number to call of the kind its prefix shows, a link nobody can check, a card to
   pay into), so the callback, channel and account checks and the guards apply to them;
2. a charge or deduction "alert" that names no card (no last digits) and sends you to a
   mobile, a landline, an elided number or just "本行/客服中心";
3. a U盾/E令/certificate/card "expiring, upgrade it" with no own channel, a parcel "found with
   drugs", a "correct initial password" for a new student's card, a donation to a card number;
4. a company or platform that says it has received your court summons.

Every message here is composed for this test from the scripts the cited police, bank and news
pages describe (none is copied from the tuning data, a held-out file or a page). The genuine
look-alikes (transaction alerts with the card's last digits and the bank's own 95xxx line, a
bank's own certificate notice that names its counter or app, anti-fraud warnings, a lender's
own threat to sue) must not flip.
"""

from __future__ import annotations

import pytest

from bot.sms import SmsAnalyzer, VerdictKind
from tests.conftest import Judge

# 1. masked numbers, links and cards
MASKED: list[tuple[str | None, str]] = [
    (None, "您的信用卡在国美电器消费6800元，将从您账户扣除，如有疑问请致电0755-8612xxxx"),
    (None, "你好，你的银行卡在苏宁易购刷卡消费4299元，如非本人操作请联系银联中心：139****2288"),
    (None, "【工商银行】您的账户存在异常，请致电0411-395675xx处理"),
    (None, "【社会保障卡】全国社会保障卡统一升级电子版，请于本月前打开xxxxxxx(网址)在线办理。"),
    (None, "您的工行网银证书将于今日失效，请尽快登录www.***.com进行升级"),
    (None, "【医保局】您的医保电子凭证需要激活，请登录yb**.**办理"),
    (None, "請把錢打到621559******,我們會用這筆錢救助災區"),
    (None, "爸妈，我手机丢了，速汇3000元到我同学的农行卡上，6228 **** 7721 孙强"),
    (None, "房东通知：本月房租请转到我新卡6217********，户名王*"),
    (None, "请立即将保证金汇至6222 ****，审核后退还"),
]

# 2. a charge or deduction with "contact us" and no card named
CHARGES: list[tuple[str | None, str]] = [
    (
        None,
        "您的银行卡于今日在北京王府井百货消费5600元，将于本月账单日扣除，如有疑问请致电01"
        "0-85236641",
    ),
    (None, "尊敬的客户，您的账户今日在广州被支取20000元，如非本人操作请立即联系本行客服中心。"),
    (
        None,
        "【农业银行】您的借记卡在深圳华强北刷卡消费8800元，次日从账户扣除，有疑问请咨询13"
        "928876612",
    ),
    (
        None,
        "Dear customer, 您的信用卡在香港周大福消费HK$12800，将于结账日扣除，如有疑问请致"
        "电0755-2698xxxx",
    ),
    (None, "你好！你的储蓄卡在杭州银泰消费了3699元，将从账户扣除，详询电话……"),
    (None, "您好，我行将于今晚20:00从您的账户扣款2680元会员费，如需取消请与我行服务中心联系"),
    (None, "你的卡在昆明被刷走1.2万元，如有疑问请联系银联中心"),
    (None, "尊敬的用户，您的账户已在成都被提取了八千元，请立即与本行联系。"),
    ("95566", "尊敬的客户，我行将于今日18点前扣除您2980元整，如有疑问，可咨询电话……"),
    (
        None,
        "貴用戶的信用卡已在廈門SM商場透支消費15800元，將從您賬上扣除，如有疑問請垂詢信用"
        "卡服務部:0592-5561234。",
    ),
    (None, "你的储蓄卡在沃尔玛刷卡消费7600元，将从你的帐户结帐，如有疑问请与客服中心联络"),
]

# 3. tokens and certificates, parcels with drugs, a "correct" initial password, donations
STORIES: list[tuple[str | None, str]] = [
    ("95566", "您的Z盾即将过期,需要尽快升级。"),
    (None, "尊敬的客户，您的工行U盾证书已过期，请尽快登录www.icbc-ud.com进行升级，以免影响使用。"),
    (None, "【建设银行】您的网银盾将于今日失效，需尽快升级，详询0571-8826xxxx"),
    (None, "您的中行E令已到期，请立即登录 boc-el.cc 维护升级，否则将无法转账。"),
    (None, "您的动态令牌即将失效，请尽快点击 t.cn/Ab12cd 完成更新。"),
    (None, "您的农行K宝需要升级，请联系客服13811229966办理。"),
    (None, "您的数字证书将于明日到期，请及时升级，以免账户被冻结。"),
    (None, "您的中銀E令將於本週過期，請盡快登入網銀進行維護升級。"),
    (None, "您好，这里是邮政局，您有一个从云南寄来的包裹被查出藏有毒品，请尽快联系缉毒大队。"),
    (None, "【EMS】您的快递在海关被查获夹带违禁品，请回电0871-6533xxxx配合调查。"),
    (None, "您的國際包裹被海關扣留，經查藏有海洛因，請立即聯繫李警官。"),
    (None, "You have a parcel at the post office. 您的邮包被查获，内有冰毒，请按1转人工。"),
    (None, "你有一件邮件在邮局被查获,经查里面夹带毒品,请速与我们联系。"),
    (
        None,
        "亲爱的新同学，随通知书寄来的建行卡初始密码印错了，正确的密码是“556677”，有疑问请"
        "致电建行城南支行028-8523xxxx。",
    ),
    (None, "【迎新通知】新生银行卡的初始密码有误，请以“880011”为准激活，咨询电话13980012233。"),
    (
        None,
        "各位新生家長：錄取通知書內銀行卡初始密碼不正確，正確的初始密碼為“123789”，請盡快激活。",
    ),
    (
        None,
        "一方有难八方支援，红十字会开通赈灾捐款账户，账号：6227002930200016730，户主：李冬梅。",
    ),
    (None, "抗震救灾，众志成城，请献爱心捐款至建设银行卡号6217 0012 3456 7890 123。"),
    (None, "洪水无情人有情，募捐热线：请将善款汇到农行卡6228****1122，感谢您的爱心。"),
]

# 4. a company that says it holds your court papers
SUMMONS: list[tuple[str | None, str]] = [
    (
        None,
        "【XX金融】您好，本公司已收到法院对您的传票，请于今日下班前联系法务部处理，否则后果自负。",
    ),
    (None, "您好，我们已经收到了您的起诉书和开庭通知，请尽快与我司联系协商。"),
    (None, "本平台已代为签收您的法院传票，请在24小时内处理欠款，以免被强制执行。"),
    (None, "我司已接到法院应诉通知书，您的案件即将开庭，请立即回电13800012345处理。"),
    (None, "您好，我公司已拿到法院判决书，请您尽快到账还款，否则申请强制执行。"),
    (None, "您好，我司現已收到法院傳票，請您盡快處理，逾期將上門送達。"),
    (None, "Dear customer, 我方已收到法院传票，请尽快联系我们处理您的欠款。"),
    (None, "尊敬的用户，本司已收到您的法院传票，请于3日内登录APP处理，逾期移交法院执行。"),
    (None, "我们现已收到法院的传票，您的借款纠纷已进入诉讼程序，请速联系专员。"),
    (None, "您好，我司现已收到法院传票，请您今天之内联系我们处理。"),
]

# Genuine transaction alerts and notices of the same kinds: they stay genuine.
GENUINE: list[tuple[str | None, str]] = [
    (
        None,
        "【工商银行】您尾号1234的卡12月1日14:20消费1280.00元，余额3120.55元。如非本人操作"
        "请致电95588。",
    ),
    (None, "【招商银行】您账户1234于12月01日10:22在美团消费人民币56.00元，如有疑问请致电95555。"),
    (None, "【中国银行】您的借记卡账户6217****5678于12月1日支出人民币200.00元，余额900.00元。"),
    (None, "【工商银行】您尾号8821卡12月2日09:15快捷支付支出(消费)1,299.00元，余额2,356.10元。"),
    (
        None,
        "【建设银行】您尾号5530的储蓄卡12月2日支出(扣款)2680.00元，余额1200.00元。如有疑"
        "问请致电95533。",
    ),
    (None, "【交通银行】您尾号7713信用卡于12/02 11:20消费人民币88.00元。详询95559"),
    (
        None,
        "【平安银行】您尾号6620的信用卡年费600元将于12月15日扣收，如有疑问请登录平安口袋"
        "银行APP查看。",
    ),
    (None, "【中国银行】您的信用卡年费200元已于今日扣除，详情请致电我行客服95566。"),
    (None, "【浦发银行】您尾号4412的信用卡消费人民币58.00元，如有疑问请致电我行客服热线95528。"),
    (None, "您尾号1234的卡消费3980元，如非本人操作请致电95588【工商银行】"),
    (None, "您的手机号138****5678已绑定成功【中国移动】"),
]

# Look-alikes of the other side that must never be called scam.
NOT_SCAM: list[tuple[str | None, str]] = [
    *GENUINE,
    # a bank's own 400 credit-card line is no number "inside" another (alert_callback)
    (None, "【招商银行】您的信用卡账户12月1日消费100.00元，如有疑问请致电4008205555"),
    # "本行客服" with no number and no alarm: the bank's own channel, not a fake purchase
    (None, "【中国银行】您的信用卡年费将于下月扣除，如有疑问请联系本行客服。"),
    (
        None,
        "【建设银行】您尾号6612的信用卡本期账单金额2310.00元，最后还款日12月20日。如有疑"
        "问请致电95533。",
    ),
    (None, "【农业银行】您尾号3321账户12月02日向622848******1234转账500.00元，余额1200.00元。"),
    (
        None,
        "【工商银行】您的U盾证书将于2026年12月31日到期，请携带身份证和U盾到工行网点办理证书更新。",
    ),
    (
        None,
        "【中国银行】您的中银E令将于2027年1月到期，请登录中国银行手机银行办理更换，或到网"
        "点柜台办理。",
    ),
    (
        None,
        "【工商银行】温馨提示：您的U盾证书将于2027年03月01日到期，请登录工行网银办理证书更新。",
    ),
    (None, "【农业银行】您的K宝证书将于2026年12月20日到期，请携带有效证件到我行网点办理更新。"),
    (
        None,
        "【中国银行】中银E令到期更换只能到中行柜台办理，任何要求登录网址升级E令的短信都是诈骗。",
    ),
    (None, "【快递】您的包裹已到小区驿站，快递员电话138****6622，取件码3321。"),
    (None, "【江苏银行】您尾号2233的信用卡年费200元已扣收，详询95319。"),
    (
        None,
        "【反诈中心】警惕“包裹藏毒”诈骗：凡自称邮局、海关说您包裹里查出毒品的都是诈骗，请"
        "拨打110。",
    ),
    (None, "【西南大学】新生银行卡初始密码为111111，请持身份证到就近农行网点柜台激活并修改密码。"),
    (None, "【中国红十字会】感谢您的爱心捐款，您通过官方平台捐赠的100元已到账。"),
    (None, "【顺丰速运】您的快件已到达深圳转运中心，正在派送中。"),
    (
        None,
        "【XX人民法院】您好，本院已受理原告XX公司诉您借款合同纠纷一案，案号(2026)浙0102民初1234号，"
        "传票已通过EMS寄出，详询12368。",
    ),
]

# A lender's own threat to sue is collection, not a fake summons (DOMAIN.md §7).
COLLECTION: list[str] = [
    "您在本平台的借款已逾期30天，我司将依法向法院提起诉讼，请尽快登录APP还款。",
    "【XX消费金融】您的借款已严重逾期，我司已委托律师事务所，将于近日向法院起诉，请尽快还款。",
    "您的借款已逾期，本平台已委托律师启动法律程序，请尽快还款。",
]

SCAMS = [*MASKED, *CHARGES, *STORIES, *SUMMONS]


@pytest.mark.parametrize(("sender", "text"), SCAMS)
def test_the_scam_is_called_scam_by_the_rules_and_with_the_model(
    judge: Judge, sender: str | None, text: str
) -> None:
    judge.says(VerdictKind.SCAM, text, sender)


@pytest.mark.parametrize(("sender", "text"), SCAMS)
def test_every_scam_says_what_is_wrong(
    rules_only: SmsAnalyzer, sender: str | None, text: str
) -> None:
    """At least one scam-weighted signal explains, in words, what the message gets wrong."""
    verdict = rules_only.analyze(text, sender)
    explained = [s for s in verdict.signals if s.weight.scam > 0 and s.explain.zh_hans]
    assert explained, verdict.signal_ids()


@pytest.mark.parametrize(("sender", "text"), GENUINE)
def test_a_genuine_alert_stays_genuine(judge: Judge, sender: str | None, text: str) -> None:
    judge.says(VerdictKind.OFFICIAL_NOTICE, text, sender)


@pytest.mark.parametrize(("sender", "text"), NOT_SCAM)
def test_a_look_alike_is_never_called_scam(judge: Judge, sender: str | None, text: str) -> None:
    judge.never_says(VerdictKind.SCAM, text, sender)


@pytest.mark.parametrize("text", COLLECTION)
def test_a_lenders_own_threat_to_sue_stays_collection(rules_only: SmsAnalyzer, text: str) -> None:
    verdict = rules_only.analyze(text)
    assert verdict.verdict is VerdictKind.COLLECTION, verdict.signal_ids()
    assert "held_summons" not in verdict.signal_ids()


@pytest.mark.parametrize(
    ("text", "shown", "kind"),
    [
        ("如有疑问请咨询1350120××××", "1350120××××", "mobile"),
        ("详询:0411-395675xx", "0411-395675xx", "landline"),
        ("请致电021-6583xxxx咨询", "021-6583xxxx", "landline"),
        ("如有疑问请联系银联中心：139****2288", "139****2288", "mobile"),
    ],
)
def test_a_masked_number_to_call_is_read_by_its_prefix(
    rules_only: SmsAnalyzer, text: str, shown: str, kind: str
) -> None:
    phones = rules_only.analyze(text).evidence.phones
    assert [(p.text, p.kind, p.called, p.masked) for p in phones] == [(shown, kind, True, True)]


@pytest.mark.parametrize(
    "text",
    [
        "您的手机号138****5678已绑定成功",
        "快递员电话138****6622，取件码3321",
        "您的预留手机139****1234已变更",
        "兼职日结，咨询QQ:280××804",
    ],
)
def test_a_masked_number_nobody_asks_you_to_call_is_no_phone(
    rules_only: SmsAnalyzer, text: str
) -> None:
    assert not [p for p in rules_only.analyze(text).evidence.phones if p.masked]


def test_a_masked_number_is_never_the_claimed_banks_own(rules_only: SmsAnalyzer) -> None:
    """A bank notice that would be genuine with its own number is not with a masked one."""
    own = rules_only.analyze("【建设银行】您尾号5530的储蓄卡支出2680.00元。如有疑问请致电95533。")
    assert own.verdict is VerdictKind.OFFICIAL_NOTICE
    masked = rules_only.analyze(
        "【建设银行】您尾号5530的储蓄卡支出2680.00元。如有疑问请致电0571-8826xxxx。"
    )
    assert masked.verdict is not VerdictKind.OFFICIAL_NOTICE
    assert "off_channel_number" in masked.signal_ids()


@pytest.mark.parametrize(
    "text",
    [
        "【疾控中心】疫苗已开放预约，名额有限，请立即前往yy**.**预约接种。",
        "【人社局】社保卡年审开始，请登录www……办理。",
        "【税务局】个税汇算已开始，请访问http://***办理。",
    ],
)
def test_a_masked_link_bars_official_notice(rules_only: SmsAnalyzer, text: str) -> None:
    verdict = rules_only.analyze(text)
    assert "masked_link" in verdict.signal_ids()
    assert verdict.verdict is not VerdictKind.OFFICIAL_NOTICE

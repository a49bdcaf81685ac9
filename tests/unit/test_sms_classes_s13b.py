"""Session 13 (rules B): scams that came out ⚪ unclear, 🟢 genuine or 🟠 collection.

Every message here is composed for this test (other senders, other wording, Traditional
Chinese, full-width forms), not copied from the tuning corpus, a held-out file or any page;
names, numbers and hosts are fake. Each class has scams that must come out 🔴 scam and
look-alikes of the other labels that must not flip.
"""

from __future__ import annotations

import pytest

from bot.sms import VerdictKind
from tests.conftest import Judge

# ---- class 5: a contact app spelled so that the WeChat/QQ signal misses it ----
# "VX", "WX", "V信", "加V", "加微" as a word of its own after an add / contact verb, or "VX:id".
CONTACT_VARIANT: list[str] = [
    "恭喜您获得店铺回馈礼品一份,添加VX:shop6688领取,名额有限。",
    "兼职打字日结200元,有意者加V了解详情。",
    "您的退款已受理,请私信ＷＸ号：tk-2291 核对信息。",
    "親,您的訂單有贈品未領取,請加微好友備註訂單號。",
    "您有一笔保证金待退还,请联系VX mm8812办理。",
    "wx：zhao-77 联系客服办理退货补偿。",
]
# Genuine notices that name WeChat's own official account, a mini-program, a VIP level or a
# link path with "wx" in it: no private contact is asked.
CONTACT_PLAIN: list[str] = [
    "【招商银行】您的账户VIP权益已开通，详情请打开招商银行App查看。",
    "【中国电信】查询话费请关注“中国电信”微信公众号或拨打10000。",
    "【工商银行】您申请的增加微粒度理财额度已受理，结果请在工商银行App查看。",
    "【国家电网】您的电费账单已出，可通过“网上国网”App或微信小程序缴费。",
    "【某某医院】您已预约明日门诊，请凭就诊卡报到，电子凭证见 https://hosp.example.com/wx/ticket",
]


@pytest.mark.parametrize("text", CONTACT_VARIANT)
def test_a_contact_app_in_another_spelling_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "contact_app_variant" in verdict.signal_ids()


@pytest.mark.parametrize("text", CONTACT_PLAIN)
def test_an_official_account_or_a_vip_level_is_no_contact_variant(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "contact_app_variant" not in verdict.signal_ids()


# ---- class 9: Japanese forms of Chinese characters that dodge the patterns ----
# 戸 (户), 聨 (联), 険 (险), 転 (转), 験 (验)… are left alone by Traditional → Simplified;
# read as the character they stand for, a scam stays one and a genuine notice stays genuine.
VARIANT_CHARS: list[str] = [
    "尊敬的貴客戸:您于本月8日在华润万家消费4980元,将从您帳戸扣除,如有疑問請聨係021-5566****。",
    "您的帳戸存在風険,請立即転入安全帳戸保管資金。",
    "您的网银帳戸存在異常,需験証身份,请将収到的験証碼発给客服。",
    "请将房租転到我的新帳戸6217 0011 2233 4455,房东。",
]
VARIANT_PLAIN: list[str] = [
    "【建设银行】您尾号1234的帳戸12月3日收入工资5,000.00元，余额8,216.40元。",
    "【中国平安】您的保険保单已续保成功，保障期至2027年12月31日，详情请在平安App查看。",
]


@pytest.mark.parametrize("text", VARIANT_CHARS)
def test_a_scam_in_japanese_character_forms_is_a_scam(judge: Judge, text: str) -> None:
    judge.says(VerdictKind.SCAM, text)


@pytest.mark.parametrize("text", VARIANT_PLAIN)
def test_a_genuine_notice_in_japanese_character_forms_stays_genuine(
    judge: Judge, text: str
) -> None:
    judge.says(VerdictKind.OFFICIAL_NOTICE, text)


# ---- class 3: money to be paid into an account the message names, or an emergency ----
# "汇到这个账户", "至某银行账号6222 ****", "转到他的卡上"; a family emergency (an operation, an
# accident, someone held) told to make you send money now. A payment reported as done, or one
# into the reader's own account, is what a genuine notice says.
PAY_NAMED: list[str] = [
    "老闆,我是小李,客戶那邊急著要貨款,您先匯到這個帳戶,明天再報銷。",
    "同学你好,报名费请在今晚前汇2000元至工商银行账号6212 **** 7788 王老师。",
    "他们说只要交50万到这个户头就放人,你快想办法!",
    "你好,我是你表哥的同事,他在医院抢救,急需你把钱打到我朋友的卡上。",
    "阿姨您好,孩子在体育课上摔伤了,现在医院做手术,请马上转账到医院主任那里。",
    "爸,我在外地出了车祸,对方要赔偿,你赶紧打钱过来,别告诉妈。",
]
PAY_DONE: list[str] = [
    "【平安健康】您的手术费用理赔款8,000元已打款至您尾号3321的账户。",
    "【工商银行】您尾号1234的账户12月3日转入工资6,500.00元。",
    "【中信银行】动态密码本次有效,转入账号后四码7788,请勿告知他人。",
    "【招商银行】请于12月10日前将足额款项存入您的还款账户，以免逾期。",
    "【建设银行】您向账户6217****3344转账500元已成功。",
]


@pytest.mark.parametrize("text", PAY_NAMED)
def test_money_into_an_account_the_text_names_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert {"pay_named_account", "emergency_transfer"} & set(verdict.signal_ids())


@pytest.mark.parametrize("text", PAY_DONE)
def test_money_reported_paid_or_into_your_own_account_is_no_request(
    judge: Judge, text: str
) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert not {"pay_named_account", "emergency_transfer"} & set(verdict.signal_ids())


# ---- class 7: a prize or points lure in words the older signals miss ----
# Your number "drawn" or "picked as lucky" (抽取为幸运号码, a 卫视 show's 抽选), and points to
# redeem or cash by logging into a "官网" or a site. A genuine points notice names its own app.
PRIZE_POINTS: list[str] = [
    "尊敬的会员：您的手机号已被商场周年庆抽取为幸运号码，请于三日内领取礼品一份。",
    "您好!我們商城週年慶活動,您的手機號被抽中了,獎品領取地址:(此處為連結)",
    "你好!你已被東方衛視《歌唱大會》抽選為幸運號,將獲得6.6萬元,詳情請登錄 dfws-hd.com 查看。",
    "您好,您的信用卡積分即將到期,請登入官網兌換精美禮品。",
    "尊敬的用户：您的银行卡积分已满8000分，可按3%提现，请登录网站＊＊＊＊＊＊办理。",
]
PRIZE_POINTS_PLAIN: list[str] = [
    "【招商银行】您的积分将于12月31日到期，请打开掌上生活App兑换心仪礼品。",
    "【中国移动】您本月新增积分120分，可在中国移动App积分商城兑换流量。",
    "【反诈中心】凡是短信称您的手机号被抽中为幸运观众并要求交费的，都是诈骗，请勿理会。",
    "【中国电信】您已被选中参加本期满意度调研，请在中国电信App内填写问卷。",
    "【京东】您的京豆积分已到账，可在京东App我的-京豆中查看。",
]


@pytest.mark.parametrize("text", PRIZE_POINTS)
def test_a_drawn_number_or_points_on_a_site_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert {"prize_drawn", "points_site"} & set(verdict.signal_ids())


@pytest.mark.parametrize("text", PRIZE_POINTS_PLAIN)
def test_points_in_the_own_app_or_a_warning_about_prizes_is_no_lure(
    judge: Judge, text: str
) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert not {"prize_drawn", "points_site"} & set(verdict.signal_ids())


# ---- class 1: a personal lure about photos, an album or a video "of you" ----
# "这是我们的相册,打开看看", "看看这是不是你", "给你拍了段视频你瞧瞧": an SMS cannot carry a photo,
# so the request to look lives by its link (pages print it without one). An app's notice that
# someone posted a video, a shop's photo-print order, or a friend who only says there are photos
# asks you to open nothing.
PERSONAL_MEDIA: list[str] = [
    "这是咱们部门团建的相册,打开看看",
    "看看这是不是你?昨晚在酒吧被拍到了",
    "阿姨,我给你拍了段视频,你瞧瞧孩子在学校的样子",
    "老同学,这是毕业二十周年的照片,点开看看大家都在找你",
]
PERSONAL_MEDIA_PLAIN: list[str] = [
    "【抖音】@小林,你关注的「阿强」发了新视频,302人在看,打开抖音查看 回TD退订",
    "【某某冲印】您的照片冲印订单已发货，运单号SF1234567890，请留意查收。",
    "【反诈中心】陌生号码发来“这是你的照片”并附链接的，请勿点开，谨防木马。",
    "【中国移动】您的云盘相册已自动备份120张照片，可在中国移动云盘App查看。",
    "这是去年同学会的合照，下次见面我洗出来带给你。",
]


@pytest.mark.parametrize("text", PERSONAL_MEDIA)
def test_photos_or_a_video_of_you_from_a_stranger_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "personal_media_lure" in verdict.signal_ids()


@pytest.mark.parametrize("text", PERSONAL_MEDIA_PLAIN)
def test_an_app_or_shop_notice_about_photos_is_no_personal_lure(
    judge: Judge, text: str
) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "personal_media_lure" not in verdict.signal_ids()


# ---- class 4: card or identity details asked for by text ----
# "请提供银行账户及身份证号码", "发来卡号和背面三位数", "报一下安全码": card_info knew
# 填写 / 输入 / 提交 / 发送, not 提供, 发来 or 报. Documents brought to a counter are no request.
CARD_DETAILS: list[str] = [
    "您好,我是区民政局工作人员,您家符合困难补贴条件,请提供银行卡号和身份证号码以便发放。",
    "恭喜您的订单获得返现58元,麻烦报一下卡号和卡背面三位数,我们马上打款。",
    "您的信用卡已通過提額審核,請發來卡號、有效期及安全碼完成激活。",
    "同学你好,奖学金已批下来了,请把银行卡号和支付密码发给我登记。",
]
CARD_PLAIN: list[str] = [
    "【工商银行】您预约的业务请于12月5日携带本人身份证原件到网点办理。",
    "【招商银行】温馨提示：任何索要您卡号、有效期、安全码的都是诈骗，请勿告知他人。",
    "【中国移动】办理号码过户请提供双方身份证原件到营业厅办理。",
]


@pytest.mark.parametrize("text", CARD_DETAILS)
def test_card_or_id_details_asked_for_by_text_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "card_details_request" in verdict.signal_ids()


@pytest.mark.parametrize("text", CARD_PLAIN)
def test_a_counter_visit_or_a_warning_about_card_details_is_no_request(
    judge: Judge, text: str
) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "card_details_request" not in verdict.signal_ids()


# ---- class 2: a link written so that link detection misses it ----
# A scheme spelled out, dots between single letters. (Spaces, "点" or full stops in place of
# the dots are read as the link at fold depth since session 14: test_sms_disguised_links.py.)
# A genuine notice writes its address plainly (or names only its app).
EVASIVE_LINK: list[str] = [
    "帮我点个赞吧,地址 v.o.t/xq72",
    "ETC认证即将到期,请在 h t t p 后面加 etc-rz.xyz 打开认证。",
]
EVASIVE_PLAIN: list[str] = [
    "【招商银行】您的账单已出，详情请登录招商银行App查看。",
    "【中国电信】查询进度请点击 https://waphn.189.cn/ 或关注“中国电信”公众号。",
    "【京东】亲，您的订单已签收，期待您的评价。回TD退订",
    "【某某物流】您好友Ru. 送的礼物已签收，请在App内查看。",
]


@pytest.mark.parametrize("text", EVASIVE_LINK)
def test_a_link_written_to_dodge_detection_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "evasive_link" in verdict.signal_ids()


@pytest.mark.parametrize("text", EVASIVE_PLAIN)
def test_a_plain_link_or_no_link_is_no_evasive_link(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "evasive_link" not in verdict.signal_ids()


# ---- classes 6 and 10: a time-out threat that the system will close your account ----
# "超时系统将自动销户", "切勿超时,系统会停用" ("切勿" urges you on here, it warns of nothing), and
# money "left in your account" that "must be cleared". An order or a code that times out, or a
# dated notice that sends you to the sender's own app, is no threat.
TIMEOUT_THREAT: list[str] = [
    "您的个体工商户执照需更新电子证照,超时系统将自动注销,请尽快处理。",
    "【通知】您的醫保卡須重新綁定,切勿超時,系統將會凍結!",
    "同学,你的账户里还有2800元需要马上清空,否则影响征信。",
]
TIMEOUT_PLAIN: list[str] = [
    "【淘宝】您的订单待付款，超时将自动关闭，请在淘宝App内完成支付。",
    "【12306】您的车票订单请在30分钟内支付，超时系统将自动取消。",
    "您的验证码为482913，5分钟内有效，超时失效，切勿告知他人。",
    "【建设银行】您尾号1234的账户剩余可用余额3,200.00元。",
]


@pytest.mark.parametrize("text", TIMEOUT_THREAT)
def test_a_time_out_threat_to_close_an_account_is_a_scam(judge: Judge, text: str) -> None:
    verdict = judge.says(VerdictKind.SCAM, text)
    assert "timeout_close_threat" in verdict.signal_ids()


@pytest.mark.parametrize("text", TIMEOUT_PLAIN)
def test_an_order_or_code_that_times_out_is_no_threat(judge: Judge, text: str) -> None:
    verdict = judge.never_says(VerdictKind.SCAM, text)
    assert "timeout_close_threat" not in verdict.signal_ids()

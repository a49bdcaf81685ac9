"""Tests of the Telegram Bot API test double: it behaves, and rejects what Telegram rejects."""

from __future__ import annotations

import datetime as dtm
import json
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from tests.support import telegram_rules as rules
from tests.support.bot_api_server import BotApiServer
from tests.support.bot_api_wire import ConnectionDropped, parse_multipart
from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_request import fake_application_builder, fake_bot

USER = 4242
KEYBOARD = {"inline_keyboard": [[{"text": "是", "callback_data": "yes"}]]}
REPO_ROOT = Path(__file__).resolve().parents[2]
AnyApp = Application[Any, Any, Any, Any, Any, Any]


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
def server(api: FakeBotApi) -> Iterator[BotApiServer]:
    with BotApiServer(api) as running:
        yield running
    leftovers = [t for t in threading.enumerate() if "process_request" in t.name]
    assert leftovers == [], "BotApiServer left handler threads running"


def send(api: FakeBotApi, text: str, **params: object) -> dict[str, Any]:
    return api.handle("sendMessage", {"chat_id": USER, "text": text, **params}).body


# --------------------------------------------------------------------------- telegram_rules
def test_text_limits_count_visible_characters() -> None:
    html = {"parse_mode": "HTML"}
    assert rules.check_call("sendMessage", {"chat_id": 1, "text": "x" * 4096}) is None
    too_long = rules.check_call("sendMessage", {"chat_id": 1, "text": "x" * 4097})
    assert too_long == "Bad Request: message is too long"
    bold = {"chat_id": 1, "text": f"<b>{'x' * 4096}</b>", **html}
    assert rules.check_call("sendMessage", bold) is None
    assert rules.check_call("sendMessage", {"chat_id": 1, "text": "&lt;" * 4096, **html}) is None
    assert rules.check_call("sendMessage", {"chat_id": 1, "text": "😀" * 4096}) is None
    for empty in ("", "   \n", "<b></b>"):
        error = rules.check_call("sendMessage", {"chat_id": 1, "text": empty, **html})
        assert error == "Bad Request: message text is empty"


@pytest.mark.parametrize(
    ("data", "valid"),
    [("x" * 64, True), ("x" * 65, False), ("确" * 21, True), ("确认" * 11, False), ("", False)],
)
def test_callback_data_is_1_to_64_utf8_bytes(data: str, valid: bool) -> None:
    markup = {
        "inline_keyboard": [
            [{"text": "ok", "callback_data": "a"}, {"text": "b", "callback_data": data}]
        ]
    }
    error = rules.check_call("sendMessage", {"chat_id": 1, "text": "t", "reply_markup": markup})
    assert error == (None if valid else "Bad Request: BUTTON_DATA_INVALID")


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<p>段落</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("余额 < 100", 'Unsupported start tag "" at byte offset 7'),
        ("a <b", "Unclosed start tag at byte offset 2"),
        ("<b>未闭合", "Can't find end tag corresponding to start tag b"),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        (
            '<a href="x" title>y</a>',
            'Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0',
        ),
    ],
)
def test_invalid_html_is_rejected_like_telegram(html: str, reason: str) -> None:
    error = rules.check_call("sendMessage", {"chat_id": 1, "text": html, "parse_mode": "HTML"})
    assert error == f"Bad Request: can't parse entities: {reason}"


@pytest.mark.parametrize(
    ("html", "visible"),
    [
        ("<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins>", "bsieun"),
        ("<s>s</s><strike>k</strike><del>d</del><tg-spoiler>t</tg-spoiler>", "skdt"),
        ('<span class="tg-spoiler">s</span><a href="https://e.org/?a=1&amp;b=2">l</a>', "sl"),
        ('<pre><code class="language-python">x = 1</code></pre><code>c</code>', "x = 1c"),
        ("<blockquote>q</blockquote><blockquote expandable>e</blockquote>", "qe"),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍"),
        ("&lt;&gt;&amp;&quot;&#38;&#x26;", '<>&"&&'),
        ("AT&T &nbsp; 5 & 6", "AT&T &nbsp; 5 & 6"),  # Telegram keeps unknown/bare & as text
        ("<B>大写</B>", "大写"),
    ],
)
def test_valid_html_is_accepted(html: str, visible: str) -> None:
    assert (
        rules.check_call("sendMessage", {"chat_id": 1, "text": html, "parse_mode": "HTML"}) is None
    )
    assert rules.parse_text(html, "HTML").text == visible


def test_entities_use_utf16_offsets() -> None:
    parsed = rules.parse_text("😀 <b>粗体</b>", "HTML")
    assert parsed.entities == ({"offset": 3, "length": 2, "type": "bold"},)


def test_other_stateless_checks() -> None:
    check = rules.check_call
    assert check("sendChatAction", {"chat_id": 1, "action": "typing"}) is None
    assert check("sendChatAction", {"chat_id": 1, "action": "thinking"}) == rules.ERR_ACTION
    assert check("sendMessage", {"text": "x"}) == "Bad Request: chat_id is empty"
    assert check("sendMessage", {"chat_id": 1, "text": "x", "parse_mode": "md"}) == (
        "Bad Request: unsupported parse_mode"
    )
    commands = [{"command": "start", "description": "开始"}]
    assert check("setMyCommands", {"commands": commands, "language_code": "zh"}) is None
    assert check("setMyCommands", {"commands": commands, "language_code": "zh-hans"}) == (
        "Bad Request: invalid language code specified"
    )
    bad = [{"command": "Start", "description": "x"}]
    assert check("setMyCommands", {"commands": bad}) == "Bad Request: BOT_COMMAND_INVALID"
    assert check("answerCallbackQuery", {"callback_query_id": "1", "text": "x" * 201}) == (
        "Bad Request: MESSAGE_TOO_LONG"
    )
    text_button = {"inline_keyboard": [[{"text": "no action"}]]}
    assert check("sendMessage", {"chat_id": 1, "text": "x", "reply_markup": text_button}) == (
        "Bad Request: text buttons are unallowed in the inline keyboard"
    )


# ------------------------------------------------------------------------------ FakeBotApi
def test_response_shapes_unknown_methods_and_tokens(api: FakeBotApi) -> None:
    me = api.handle("getMe").body
    assert me["ok"] is True
    assert me["result"]["is_bot"] is True
    assert api.handle("getme").body == me  # Telegram method names are case-insensitive
    assert api.handle("sendPigeon", {}).body == {
        "ok": False,
        "error_code": 404,
        "description": "Not Found",
    }
    assert api.handle_request("123:" + "x" * 35, "getMe").status == 401
    assert api.handle_request("garbage", "getMe").status == 404


def test_send_requires_a_known_unblocked_chat(api: FakeBotApi) -> None:
    assert send(api, "hi")["description"] == "Bad Request: chat not found"
    api.user_sends(USER, "/start")
    assert send(api, "hi")["ok"] is True
    api.user_blocks_bot(USER)
    assert send(api, "hi") == {
        "ok": False,
        "error_code": 403,
        "description": "Forbidden: bot was blocked by the user",
    }


def test_user_sends_marks_commands_and_interleaves_message_ids(api: FakeBotApi) -> None:
    api.user_sends(USER, "/start@paid_off_advisor_bot 参数", language_code="en")
    message = api.pending_updates()[0]["message"]
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 27}]
    assert message["from"]["language_code"] == "en"
    assert send(api, "hello")["result"]["message_id"] == 2
    api.user_sends(USER, "普通文本")
    assert "entities" not in api.pending_updates()[1]["message"]
    assert api.last_user_message_id(USER) == 3


def test_edits_track_state_and_reject_what_telegram_rejects(api: FakeBotApi) -> None:
    api.user_sends(USER, "/start")
    mid = send(api, "<b>问题</b>", parse_mode="HTML", reply_markup=KEYBOARD)["result"]
    mid = mid["message_id"]
    edit = {"chat_id": USER, "message_id": mid, "text": "<b>问题</b>", "parse_mode": "HTML"}
    unchanged = api.handle("editMessageText", {**edit, "reply_markup": KEYBOARD}).body
    assert unchanged["description"].startswith("Bad Request: message is not modified")
    # Omitting reply_markup removes the keyboard: a real change.
    assert api.handle("editMessageText", edit).body["ok"] is True
    assert api.handle("editMessageText", {**edit, "text": "答案"}).body["result"]["text"] == "答案"
    view = api.last_message(USER)
    assert view is not None
    assert (view.text, view.buttons, view.edit_count, view.history) == ("答案", [], 2, ("问题",))
    markup = {"chat_id": USER, "message_id": mid, "reply_markup": KEYBOARD}
    assert api.handle("editMessageReplyMarkup", markup).body["ok"] is True
    assert api.message(USER, mid).buttons == [[("是", "yes")]]
    missing = api.handle("editMessageText", {**edit, "message_id": 999}).body
    assert missing["description"] == "Bad Request: message to edit not found"
    users = api.handle("editMessageText", {**edit, "message_id": 1}).body
    assert users["description"] == "Bad Request: message can't be edited"
    assert api.handle("deleteMessage", {"chat_id": USER, "message_id": mid}).body["ok"] is True
    again = api.handle("deleteMessage", {"chat_id": USER, "message_id": mid}).body
    assert again["description"] == "Bad Request: message to delete not found"
    assert api.messages(USER) == []


def test_callback_queries_are_answered_once(api: FakeBotApi) -> None:
    api.user_sends(USER, "/start")
    mid = send(api, "选?", reply_markup=KEYBOARD)["result"]["message_id"]
    with pytest.raises(AssertionError, match="no button 'nope'"):
        api.user_presses(USER, mid, "nope")
    query_id = api.user_presses(USER, mid, "yes")
    answer = {"callback_query_id": query_id, "text": "好"}
    assert api.handle("answerCallbackQuery", answer).body == {"ok": True, "result": True}
    twice = api.handle("answerCallbackQuery", answer).body
    assert twice["description"] == rules.ERR_QUERY_INVALID
    assert api.handle("answerCallbackQuery", {"callback_query_id": "1"}).status == 400
    assert api.callback_queries()[0].answer == {"text": "好"}
    stale = api.user_presses(USER, 77, "gone", force=True)
    assert api.pending_updates()[-1]["callback_query"]["message"]["date"] == 0
    api.expire_callback_queries()
    expired = api.handle("answerCallbackQuery", {"callback_query_id": stale}).body
    assert expired["description"] == rules.ERR_QUERY_INVALID


def test_get_updates_offset_limit_and_allowed_updates(api: FakeBotApi) -> None:
    ids = [api.user_sends(USER, f"m{i}") for i in range(4)]
    first = api.handle("getUpdates", {"limit": 2}).body["result"]
    assert [u["update_id"] for u in first] == ids[:2]
    again = api.handle("getUpdates", {"offset": ids[1] + 1}).body["result"]
    assert [u["update_id"] for u in again] == ids[2:]
    assert [u["update_id"] for u in api.handle("getUpdates", {"offset": -1}).body["result"]] == [
        ids[3]
    ]
    api.user_presses(USER, 1, "x", force=True)
    only_messages = {"offset": ids[3] + 1, "allowed_updates": ["message"]}
    assert api.handle("getUpdates", only_messages).body["result"] == []


def test_long_poll_waits_for_an_update_or_times_out(api: FakeBotApi) -> None:
    empty: list[object] = []
    waiter = threading.Thread(
        target=lambda: empty.append(api.handle("getUpdates", {"timeout": 1.0}).body["result"])
    )
    waiter.start()
    api.wait_for(lambda a: a.waiting_polls == 1, timeout=2, what="the poll to wait")
    waiter.join(5)
    assert not waiter.is_alive()  # it gave up by itself
    assert empty == [[]]
    result: list[dict[str, Any]] = []
    poller = threading.Thread(
        target=lambda: result.append(api.handle("getUpdates", {"timeout": 5}).body)
    )
    poller.start()
    api.wait_for(lambda a: a.waiting_polls, timeout=1)
    api.user_sends(USER, "醒醒")
    poller.join(2)
    assert not poller.is_alive()
    assert result[0]["result"][0]["message"]["text"] == "醒醒"


def test_newer_get_updates_terminates_older_and_webhook_conflicts(api: FakeBotApi) -> None:
    result: list[dict[str, Any]] = []
    poller = threading.Thread(
        target=lambda: result.append(api.handle("getUpdates", {"timeout": 5}).body)
    )
    poller.start()
    api.wait_for(lambda a: a.waiting_polls, timeout=1)
    assert api.handle("getUpdates", {"timeout": 0}).body["result"] == []
    poller.join(2)
    assert result[0]["error_code"] == 409
    assert api.handle("setWebhook", {"url": "https://example.org/hook"}).body["result"] is True
    conflict = api.handle("getUpdates", {}).body
    assert conflict["description"].startswith("Conflict: can't use getUpdates method")
    assert api.handle("deleteWebhook", {"drop_pending_updates": True}).body["ok"] is True
    assert api.handle("getWebhookInfo").body["result"]["url"] == ""


def test_faults_are_recorded_and_take_no_effect(api: FakeBotApi) -> None:
    api.user_sends(USER, "/start")
    api.inject("sendMessage", status=429, retry_after=7)
    api.inject("sendMessage", status=500)
    api.drop("sendMessage")
    flood = send(api, "一")
    assert flood == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    assert send(api, "一")["error_code"] == 500
    with pytest.raises(ConnectionDropped):
        send(api, "一")
    assert api.messages(USER) == []
    assert send(api, "一")["ok"] is True
    assert [c.fault for c in api.calls("sendMessage")] == ["error", "error", "drop", None]
    assert [m.text for m in api.messages(USER)] == ["一"]
    api.delay("getMe", 0.01)
    assert api.faults_left("getMe") == 1
    assert api.handle("getMe").body["ok"] is True  # held, then answered
    assert api.faults_left("getMe") == 0
    assert api.calls("getMe")[-1].fault == "delay"


def test_wait_for_timeout_explains_what_happened(api: FakeBotApi) -> None:
    api.user_sends(USER, "/start")
    send(api, "x" * 5000)
    with pytest.raises(AssertionError, match="(?i)message is too long") as info:
        api.wait_for_reply(USER, timeout=0.05)
    assert "chat 4242" in str(info.value)


def test_commands_are_kept_per_scope_and_language(api: FakeBotApi) -> None:
    zh = [{"command": "start", "description": "开始"}]
    api.handle("setMyCommands", {"commands": zh, "language_code": "zh"})
    scope = {"type": "all_private_chats"}
    api.handle(
        "setMyCommands", {"commands": [{"command": "help", "description": "h"}], "scope": scope}
    )
    assert api.commands(language_code="zh") == [("start", "开始")]
    assert api.commands(scope=scope) == [("help", "h")]
    assert api.handle("getMyCommands", {}).body["result"] == []
    api.handle("deleteMyCommands", {"language_code": "zh"})
    assert api.commands(language_code="zh") == []


# ------------------------------------------------------------------- FakeRequest + PTB Bot
async def test_ptb_bot_in_process(api: FakeBotApi) -> None:
    api.user_sends(USER, "/start")
    async with fake_bot(api) as bot:
        assert (await bot.get_me()).username == "paid_off_advisor_bot"
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("是", callback_data="yes")]])
        sent = await bot.send_message(
            USER, "<b>你好</b>", parse_mode=ParseMode.HTML, reply_markup=keyboard
        )
        assert (sent.text, sent.reply_markup) == ("你好", keyboard)
        assert sent.entities[0].type == "bold"
        with pytest.raises(BadRequest, match="(?i)message is too long"):
            await bot.send_message(USER, "长" * 4097)
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities: Unsupported start tag"):
            await bot.send_message(USER, "余额 <100元>", parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match="(?i)message is not modified"):
            await bot.edit_message_text(
                "<b>你好</b>",
                USER,
                sent.message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard,
            )
        api.user_blocks_bot(USER)
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_chat_action(USER, "typing")
    assert api.calls("sendMessage")[0].params["reply_markup"] == keyboard.to_dict()


async def test_ptb_faults_in_process(api: FakeBotApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # PTB 22 warns when building RetryAfter otherwise
    api.user_sends(USER, "/start")
    async with fake_bot(api) as bot:
        api.inject("sendMessage", status=429, retry_after=3)
        with pytest.raises(RetryAfter) as flood:
            await bot.send_message(USER, "一")
        assert flood.value.retry_after == dtm.timedelta(seconds=3)
        api.drop("sendMessage")
        with pytest.raises(NetworkError, match="Server disconnected"):
            await bot.send_message(USER, "二")
        api.inject("sendMessage", status=502)
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(USER, "三")
        assert api.messages(USER) == []
        api.delay("sendMessage", 0.3)
        with pytest.raises(TimedOut):
            await bot.send_message(USER, "四", read_timeout=0.05)
        late = await api.async_wait_for_reply(USER, timeout=2)
        assert late.text == "四"  # timed out on the client, delivered anyway


async def test_ptb_files_in_process(api: FakeBotApi) -> None:
    api.user_sends_photo(USER, b"\xff\xd8jpeg\r\n\x00bytes", caption="截图")
    async with fake_bot(api) as bot:
        photo = api.pending_updates()[0]["message"]["photo"][-1]
        file = await bot.get_file(photo["file_id"])
        assert bytes(await file.download_as_bytearray()) == b"\xff\xd8jpeg\r\n\x00bytes"
        await bot.send_document(
            USER,
            b"a,b\r\n1,2",
            filename="报告.csv",
            caption="<i>附件</i>",
            parse_mode=ParseMode.HTML,
        )
    [document] = api.documents(USER)
    assert (document.filename, document.content, document.caption) == (
        "报告.csv",
        b"a,b\r\n1,2",
        "附件",
    )


def _build_demo_app(builder_app: AnyApp) -> AnyApp:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("还清了", callback_data="paid")]])
        await update.effective_message.reply_text("欢迎！借呗还清了吗？", reply_markup=keyboard)

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(f"收到：{query.data}")

    builder_app.add_handler(CommandHandler("start", start))
    builder_app.add_handler(CallbackQueryHandler(pressed))
    return builder_app


async def _exercise_app(app: AnyApp, api: FakeBotApi) -> None:
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=dtm.timedelta(seconds=2))
        try:
            api.user_sends(USER, "/start")
            reply = await api.async_wait_for_reply(USER, timeout=3)
            assert (reply.text, reply.callback_data) == ("欢迎！借呗还清了吗？", ["paid"])
            api.user_presses(USER, reply.message_id, "paid")
            edited = await api.async_wait_for(
                lambda a: (
                    a.message(USER, reply.message_id).edit_count == 1
                    and a.callback_queries()[0].answered
                ),
                timeout=3,
            )
            assert edited
        finally:
            await app.updater.stop()
            await app.stop()
    assert api.reply_texts(USER) == ["收到：paid"]
    assert api.pending_updates() == []  # the cleanup getUpdates confirmed everything
    assert api.internal_errors == []


async def test_application_polling_in_process(api: FakeBotApi) -> None:
    await _exercise_app(_build_demo_app(fake_application_builder(api).build()), api)


# ------------------------------------------------------------------------------ HTTP server
async def test_ptb_bot_over_http(api: FakeBotApi, server: BotApiServer) -> None:
    api.user_sends(USER, "/start")
    api.user_sends_photo(USER, bytes(range(256)))
    async with server.bot() as bot:
        sent = await bot.send_message(
            USER,
            "好",
            reply_markup=InlineKeyboardMarkup.from_button(
                InlineKeyboardButton("是", callback_data="yes")
            ),
        )
        assert sent.reply_markup is not None
        await bot.send_document(USER, b"\x00\r\n--boundary\r\n\xff", filename='报"告.bin')
        file = await bot.get_file(api.pending_updates()[1]["message"]["photo"][0]["file_id"])
        assert bytes(await file.download_as_bytearray()) == bytes(range(256))
        await bot.set_my_commands([("start", "开始")], language_code="zh")
        with pytest.raises(BadRequest, match="(?i)message to edit not found"):
            await bot.edit_message_text("x", USER, 999)
    assert api.documents(USER)[0].content == b"\x00\r\n--boundary\r\n\xff"
    assert api.documents(USER)[0].filename == '报"告.bin'
    assert api.commands(language_code="zh") == [("start", "开始")]
    assert {c.transport for c in api.calls()} == {"http"}
    for token, error in (("123:" + "x" * 35, "Unauthorized"), ("nope", "Not Found")):
        stranger = Bot(token, base_url=server.bot_base_url)
        try:
            with pytest.raises(InvalidToken, match="rejected by the server") as rejected:
                await stranger.initialize()
        finally:
            await stranger.shutdown()
        assert str(rejected.value.__cause__) == error


async def test_http_faults(
    api: FakeBotApi, server: BotApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    api.user_sends(USER, "/start")
    async with server.bot() as bot:
        api.drop("sendMessage")
        with pytest.raises(NetworkError):
            await bot.send_message(USER, "一")
        api.inject("sendMessage", status=429, retry_after=2)
        with pytest.raises(RetryAfter):
            await bot.send_message(USER, "二")
        await bot.send_message(USER, "三")
    assert api.reply_texts(USER) == ["三"]


def test_http_accepts_form_json_query_and_multipart(api: FakeBotApi, server: BotApiServer) -> None:
    api.user_sends(USER, "/start")
    url = f"{server.bot_base_url}{api.token}/sendMessage"
    markup = json.dumps(KEYBOARD)
    with httpx.Client() as client:
        form = client.post(url, data={"chat_id": str(USER), "text": "123", "reply_markup": markup})
        assert form.json()["result"]["text"] == "123"  # a numeric-looking text stays a string
        as_json = client.post(url, json={"chat_id": USER, "text": "j", "reply_markup": KEYBOARD})
        assert as_json.json()["result"]["reply_markup"] == KEYBOARD
        query = client.get(url, params={"chat_id": USER, "text": "q"})
        assert query.json()["result"]["text"] == "q"
        multi = client.post(
            url, data={"chat_id": str(USER), "text": "m"}, files={"unused": ("a.txt", b"x")}
        )
        assert multi.json()["ok"] is True
        assert client.post(f"{server.base_url}/nowhere").status_code == 404
        missing = client.get(f"{server.file_base_url}{api.token}/photos/none.jpg")
        assert missing.status_code == 404
    assert [m.buttons for m in api.messages(USER)][:2] == [[[("是", "yes")]]] * 2


def test_http_long_poll_does_not_block_and_shutdown_releases_it(api: FakeBotApi) -> None:
    api.user_sends(USER, "/start")
    api.handle("getUpdates", {"offset": 2})
    results: list[httpx.Response] = []
    with BotApiServer(api) as server:
        url = f"{server.bot_base_url}{api.token}"

        def poll() -> None:
            with httpx.Client(timeout=10) as client:
                results.append(client.post(f"{url}/getUpdates", data={"timeout": "30"}))

        poller = threading.Thread(target=poll)
        poller.start()
        api.wait_for(lambda a: a.waiting_polls, timeout=2)
        with httpx.Client() as client:
            sent = client.post(f"{url}/sendMessage", data={"chat_id": USER, "text": "并发"})
        assert sent.is_success
        assert poller.is_alive()  # answered while the 30 s long poll still waits
    poller.join(3)
    assert not poller.is_alive()
    assert results[0].json() == {"ok": True, "result": []}


async def test_application_polling_over_http(api: FakeBotApi, server: BotApiServer) -> None:
    await _exercise_app(_build_demo_app(server.application_builder().build()), api)


def test_parse_multipart_keeps_binary_parts() -> None:
    body = (
        b'--XyZ\r\nContent-Disposition: form-data; name="chat_id"\r\n\r\n42\r\n'
        b'--XyZ\r\nContent-Disposition: form-data; name="document"; filename="a.bin"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n\r\n--X\r\n\r\n--XyZ--\r\n"
    )
    fields, files = parse_multipart(body, "XyZ")
    assert fields == {"chat_id": "42"}
    assert files["document"].content == b"\r\n--X\r\n"


def test_standalone_server_runs_as_a_module() -> None:
    token = "7000000002:AAFakeTokenForTestsOnly_standalone00"
    with subprocess.Popen(
        [sys.executable, "-m", "tests.support.bot_api_server", "--port", "0", "--token", token],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            base = process.stdout.readline().strip()
            assert base.startswith("http://127.0.0.1:")
            with urllib.request.urlopen(f"{base}/bot{token}/getMe", timeout=5) as response:
                assert json.load(response)["result"]["id"] == 7000000002
            control = urllib.request.Request(
                f"{base}/_test/user_sends",
                data=b'{"user_id": 1, "text": "/start"}',
                method="POST",
            )
            with urllib.request.urlopen(control, timeout=5) as response:
                assert json.load(response) == {"ok": True, "result": 1}
        finally:
            process.terminate()
            process.wait(5)
    assert process.returncode == 0

"""The bot as a separate process, through real HTTP on loopback, as users would meet it."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import TOKEN, ZH_TAPS, BotProcess, Person
from tests.support.bot_api_server import BotApiServer
from tests.support.fake_bot_api import FakeBotApi
from tests.support.progress import asked

pytestmark = pytest.mark.e2e



def _rows(db: object, sql: str) -> int:
    raw = sqlite3.connect(str(db))
    try:
        return int(raw.execute(sql).fetchone()[0])
    finally:
        raw.close()


def test_full_conversations_in_chinese_and_english(
    api: FakeBotApi, bot_process: BotProcess
) -> None:
    bot_process.start().wait_polling(api)
    zh = Person(api, 501)
    zh.send("/start", until=asked(1))
    for label, until in ZH_TAPS:
        zh.tap(label, until)
    texts = [m.text for m in zh.bot_messages()]
    assert any("还款还在处理中" in t for t in texts)  # processing delay ranked in the summary
    en = Person(api, 502, language_code="en")
    en.send("/start", until=asked(1, "en"))
    for label, until in [
        ("Yes, fully repaid", asked(2, "en")),
        ("Over a week", asked(3, "en")),
        ("Jiebei", asked(4, "en")),
        ("Yes, over 30 days", asked(5, "en")),
        ("mobile", asked(6, "en")),
        ("My name", asked(7, "en")),
        ("lawsuit", asked(7, "en")),
        ("Done", "How:"),
    ]:
        en.tap(label, until)
    assert any("Step 1/" in m.text for m in en.bot_messages())


def test_typed_answers_back_and_start_over(api: FakeBotApi, bot_process: BotProcess) -> None:
    bot_process.start().wait_polling(api)
    user = Person(api, 503)
    user.send("/start", until=asked(1))
    user.send("还清了", until=asked(2))
    user.send("前天还的", until=asked(3))
    user.tap("返回", until=asked(2))
    user.send("上周", until=asked(3))
    user.tap("重新开始", until=asked(1))
    assert any("从头开始" in m.text for m in user.bot_messages())
    user.send("没还清", until="第 2/5 题")


def test_kill_9_mid_conversation_then_continue(api: FakeBotApi, bot_process: BotProcess) -> None:
    bot_process.start().wait_polling(api)
    user = Person(api, 504)
    user.send("/start", until=asked(1))
    user.tap("已经全部还清", until=asked(2))
    user.tap("1–3 天前", until=asked(3))
    question_before = user.live()
    bot_process.kill9()
    bot_process.start().wait_polling(api)
    # The button on the message sent before the crash still works: nothing was lost.
    user.tap("借呗", until=asked(4))
    assert user.live().message_id != question_before.message_id
    assert asked(4) in user.send("/start", until="欢迎回来")


def test_stale_button_gets_the_current_question(api: FakeBotApi, bot_process: BotProcess) -> None:
    bot_process.start().wait_polling(api)
    user = Person(api, 505)
    user.send("/start", until=asked(1))
    first = user.live()
    data = first.buttons[0][0][1]
    user.tap("已经全部还清", until=asked(2))
    assert data is not None
    api.user_presses(user.user_id, first.message_id, data, force=True)
    api.wait_for(
        lambda a: any((q.answer or {}).get("text") for q in a.callback_queries()),
        timeout=20,
        what="the stale-button answer",
    )
    texts = [str((q.answer or {}).get("text")) for q in api.callback_queries()]
    assert any("已经过去了" in t for t in texts)
    user.wait_screen(asked(2))


def test_forget_leaves_no_row_of_that_user(api: FakeBotApi, bot_process: BotProcess) -> None:
    bot_process.start().wait_polling(api)
    user, other = Person(api, 506), Person(api, 507)
    other.send("/start", until=asked(1))
    user.send("/start", until=asked(1))
    user.tap("已经全部还清", until=asked(2))
    user.send("/forget", until="无法恢复")
    user.tap("确认删除", until="已删除")
    assert _rows(bot_process.db, "SELECT COUNT(*) FROM sessions WHERE user_key='tg:506'") == 0
    assert _rows(bot_process.db, "SELECT COUNT(*) FROM sessions WHERE user_key='tg:507'") == 1


def test_a_flood_from_one_user_does_not_stop_another(
    api: FakeBotApi, bot_process: BotProcess
) -> None:
    bot_process.start().wait_polling(api)
    flooder, calm = Person(api, 508), Person(api, 509)
    flooder.send("/start", until=asked(1))

    def flood() -> None:
        for n in range(300):
            api.user_sends(flooder.user_id, f"spam {n}")

    thread = threading.Thread(target=flood)
    thread.start()
    calm.send("/start", until=asked(1))
    for label, until in ZH_TAPS:
        calm.tap(label, until)
    thread.join()
    api.wait_for(
        lambda a: any("没有读" in m.text for m in flooder.bot_messages()),
        timeout=20,
        what="the slow-down notice",
    )
    bot_process.wait_idle(api)  # the backlog is drained
    replies = len(flooder.bot_messages())
    assert replies <= 25, f"the flood got {replies} replies"


def test_429_and_500_lose_and_duplicate_nothing(api: FakeBotApi, bot_process: BotProcess) -> None:
    bot_process.start().wait_polling(api)
    user = Person(api, 510)
    api.inject("sendMessage", status=429, retry_after=1)
    user.send("/start", until=asked(1))
    api.inject("editMessageText", status=500)
    api.inject("sendMessage", status=502)
    user.tap("已经全部还清", until=asked(2))
    api.drop("sendMessage")
    user.tap("今天", until=asked(3))
    api.inject("getUpdates", status=500, times=2)
    user.send("借呗", until=asked(4))
    bot_process.wait_idle(api)  # every retry is over
    questions = [m.text for m in user.bot_messages() if "题" in m.text]
    for number in range(1, 5):
        shown = [t for t in questions if asked(number) in t]
        assert len(shown) == 1, f"question {number} shown {len(shown)} times"
    assert "✔" in user.bot_messages()[-2].text  # the previous question was marked answered


def test_html_in_input_is_shown_as_text(api: FakeBotApi, bot_process: BotProcess) -> None:
    bot_process.start().wait_polling(api)
    user = Person(api, 511, language_code="en")
    user.send("/start", until=asked(1, "en"))
    user.send("<i>who</i> & <b>", until="“<i>who</i> & <b>”")


def test_logs_hold_no_token_no_text_no_phone_number(
    api: FakeBotApi, bot_process: BotProcess
) -> None:
    bot_process.start().wait_polling(api)
    user = Person(api, 512)
    user.send("/start", until=asked(1))
    user.send("还清了", until=asked(2))
    user.send("我的手机13812345678，前天还的", until=asked(3))
    assert bot_process.stop() == 0
    logs = bot_process.logs()
    assert "bot ready" in logs
    for secret in [TOKEN, TOKEN.split(":")[1], "13812345678", "前天还的", "还清了"]:
        assert secret not in logs


def test_a_broken_knowledge_folder_stops_start_up(
    api: FakeBotApi, server: BotApiServer, tmp_path: Path
) -> None:
    from pathlib import Path

    broken = Path(str(tmp_path)) / "knowledge"
    broken.mkdir()
    (broken / "questions.yaml").write_text("version: 1\nstart: [\n", encoding="utf-8")
    process = BotProcess(
        server,
        Path(str(tmp_path)) / "x.sqlite3",
        Path(str(tmp_path)) / "x.log",
        PAIDOFF_KNOWLEDGE_DIR=str(broken),
    ).start()
    assert process.proc is not None
    assert process.proc.wait(timeout=30) == 1
    assert "questions.yaml:" in process.logs()
    assert api.calls() == []  # it never contacted Telegram


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_webhook_mode_checks_the_secret(
    api: FakeBotApi, server: BotApiServer, tmp_path: Path
) -> None:
    import json
    from pathlib import Path

    import httpx

    port = _free_port()
    secret = "s3cret-token_for-tests"
    process = BotProcess(
        server,
        Path(str(tmp_path)) / "w.sqlite3",
        Path(str(tmp_path)) / "w.log",
        PAIDOFF_WEBHOOK_SECRET=secret,
        PAIDOFF_WEBHOOK_PORT=str(port),
    ).start("--webhook", f"http://127.0.0.1:{port}/hook")
    try:
        api.wait_for(lambda a: a.webhook_url != "", timeout=20, what="setWebhook")
        api.register_user(601, first_name="W", language_code="en")
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "text": "/start",
                "chat": {"id": 601, "type": "private"},
                "from": {"id": 601, "is_bot": False, "first_name": "W", "language_code": "en"},
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
        url = f"http://127.0.0.1:{port}/hook"
        body = json.dumps(update)
        headers = {"Content-Type": "application/json"}
        wrong = httpx.post(
            url,
            content=body,
            headers={**headers, "X-Telegram-Bot-Api-Secret-Token": "wrong"},
            timeout=10,
        )
        assert wrong.status_code == 403
        right = httpx.post(
            url,
            content=body,
            headers={**headers, "X-Telegram-Bot-Api-Secret-Token": secret},
            timeout=10,
        )
        assert right.status_code == 200
        Person(api, 601, "en").wait_screen(asked(1, "en"))
        assert api.webhook_url == url
    finally:
        process.stop()


def test_a_rejected_token_stops_with_one_line_and_is_not_logged(
    api: FakeBotApi, server: BotApiServer, tmp_path: Path
) -> None:
    """Telegram answers 401 to a revoked token: one line naming the variable, no token."""
    revoked = "777000:Revoked-token-the-bot-father-replaced-00"
    process = BotProcess(
        server, tmp_path / "t.sqlite3", tmp_path / "t.log", TELEGRAM_BOT_TOKEN=revoked
    ).start()
    assert process.proc is not None
    assert process.proc.wait(timeout=30) == 2
    logs = process.logs()
    assert "TELEGRAM_BOT_TOKEN" in logs
    assert "rejected" in logs
    assert revoked not in logs
    assert revoked.split(":")[1] not in logs


SECRET = "s3cret-token_for-tests"


def _start_webhook(
    server: BotApiServer, api: FakeBotApi, tmp_path: Path
) -> tuple[BotProcess, int]:
    port = _free_port()
    process = BotProcess(
        server,
        tmp_path / "w.sqlite3",
        tmp_path / "w.log",
        PAIDOFF_WEBHOOK_SECRET=SECRET,
        PAIDOFF_WEBHOOK_PORT=str(port),
    ).start("--webhook", f"http://127.0.0.1:{port}/hook")
    api.wait_for(lambda a: a.webhook_url != "", timeout=20, what="setWebhook")
    api.wait_for(lambda _: bool(_listening_addresses(port)), timeout=20, what="the listener")
    return process, port


def _raw_post(port: int, headers: dict[str, str], body: bytes = b"") -> int:
    """Send headers (and maybe part of a body) on a raw socket; the status line's code."""
    import socket

    lines = ["POST /hook HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        status = sock.recv(64).split(b" ")
    return int(status[1])


def _listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp*) listening on ``port``."""
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table, encoding="ascii") as rows:
            for row in list(rows)[1:]:
                local, state = row.split()[1], row.split()[3]
                address, hexport = local.split(":")
                if state == "0A" and int(hexport, 16) == port:
                    found.add(address)
    return found


def test_webhook_refuses_a_huge_body_from_the_headers_alone(
    api: FakeBotApi, server: BotApiServer, tmp_path: Path
) -> None:
    """A 95 MB body is neither awaited nor read: wrong secret 403, too large 413, at once."""
    process, port = _start_webhook(server, api, tmp_path)
    try:
        huge = {"Content-Type": "application/json", "Content-Length": str(95 * 2**20)}
        assert _raw_post(port, {**huge, "X-Telegram-Bot-Api-Secret-Token": "wrong"}) == 403
        assert _raw_post(port, huge) == 403  # no secret at all
        assert _raw_post(port, {**huge, "X-Telegram-Bot-Api-Secret-Token": SECRET}) == 413
    finally:
        process.stop()


def test_webhook_listens_on_loopback_by_default(
    api: FakeBotApi, server: BotApiServer, tmp_path: Path
) -> None:
    process, port = _start_webhook(server, api, tmp_path)
    try:
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1 only
    finally:
        process.stop()


def test_webhook_handles_a_replayed_update_once(
    api: FakeBotApi, server: BotApiServer, tmp_path: Path
) -> None:
    import json

    import httpx

    process, port = _start_webhook(server, api, tmp_path)
    try:
        api.register_user(602, first_name="R", language_code="en")
        update = {
            "update_id": 77,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "text": "/start",
                "chat": {"id": 602, "type": "private"},
                "from": {"id": 602, "is_bot": False, "first_name": "R", "language_code": "en"},
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
        url = f"http://127.0.0.1:{port}/hook"
        for _ in range(3):  # Telegram re-sends when it thinks the first one was lost
            reply = httpx.post(url, content=json.dumps(update), headers=headers, timeout=10)
            assert reply.status_code == 200
        person = Person(api, 602, "en")
        person.wait_screen(asked(1, "en"))
        process.wait_idle(api)  # a duplicate would have been answered by now
        questions = [m for m in person.bot_messages() if asked(1, "en") in m.text]
        assert len(questions) == 1
    finally:
        process.stop()

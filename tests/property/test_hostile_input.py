"""Hostile input, generated (hypothesis): typed answers, pasted SMS, commands, button data
(forged, replayed, another user's, other knowledge revisions, over 64 bytes) and deep links.

For speed these drive the conversation (``bot.conversation``) on an in-memory store and
lay every reply out with the Telegram render functions, as the adapter would; a smaller
set goes through the whole Telegram application (``process_update`` against the
in-process fake Bot API, which checks every call as Telegram does). Every case checks:

* no exception escapes;
* every message is valid Telegram HTML (``tests/support/telegram_html.py``) within 4,096
  characters (what is edited in place as one message; what is sent, piece by piece after
  ``split_text``), every keyboard valid, every button's data within 64 bytes;
* nothing a user sends moves another user's conversation, and a button from another
  knowledge revision moves nobody's.

Deterministic (``derandomize``, no example database) so CI sees the same cases each run.
Each test counts the examples it ran and checks the count it was given.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import os
from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import InlineKeyboardMarkup

from bot.bootstrap import Core
from bot.channels.telegram.callbacks import Callback
from bot.channels.telegram.render import split_text, view_screen
from bot.conversation import Act, Command, Conversation, Intent, Pressed, Reply, Typed
from bot.conversation.views import AnsweredCard, DocumentView
from bot.engine.session import Session
from bot.knowledge.model import Lang
from bot.service import AdvisorService
from bot.storage.memory import MemoryStore
from tests.support import telegram_rules as rules

SCALE = float(os.environ.get("PAIDOFF_PROPERTY_SCALE", "1"))
"""Multiplies every example count (e.g. 0.1 while working on these tests; CI runs 1)."""
CASES = {
    name: max(1, round(n * SCALE))
    for name, n in {"typed": 3000, "sms": 1500, "commands": 1500, "buttons": 3000,
                    "links": 1000}.items()
}  # fmt: skip
"""Examples per test (10,000 in all at scale 1)."""


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- strategies --------------------------------------------------------------------
HOSTILE_CHARS = st.sampled_from(
    list("<>&\"'/;#=") + ["&amp;", "&lt;", "</b>", "<b>", "<a href='x'>", "&#0;", "&#xD800;"]
    + ["\u202e", "\u2066", "\u200b", "\ufeff", "\x00", "\r\n", "\t", "🔴", "👨‍👩‍👧", "𠀀"]
    + ["　", "｜", "|", "\\", "%s", "{count}", "{", "}"]
)  # fmt: skip
WORDS = st.sampled_from(
    ["还清了", "没还清", "上周", "前天还的", "今天", "借呗", "花呗", "95188", "是我的名字",
     "都没有", "完成", "下一步", "总结", "详细", "返回", "重新开始", "帮助", "隐私", "删除",
     "lang en", "English", "繁體", "1", "2", "99", "0", "-1", "1,2,3", "１", "٣", "²",
     "yes", "no", "done", "next", "back", "restart", "help", "forget", "evidence", "export",
     "check", "你好", "/start", "/help", "/evidence", ""]
)  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(WORDS, HOSTILE_CHARS, st.text(max_size=4)), max_size=6).map("".join),
    st.text(alphabet=st.sampled_from("<>&;ab/ #x0123456789"), max_size=60),
)
BRANDS = st.sampled_from(
    ["【支付宝】", "【花呗借呗】", "【网商银行】", "【某某法务】", "[Alipay]", ""]
)
SMS_PARTS = st.sampled_from(
    ["您的借呗已逾期", "请立即还款", "否则将上报征信", "联系你的家人和单位", "后果自负",
     "请登录 alipay-jb.top 处理", "http://t.cn/A6<b>x</b>", "回复TD退订", "校验码482913",
     "切勿告诉他人", "将资金转入安全账户", "拨打 400-123-4567", "13812345678", "￥3,000.00",
     "邓强，", "张三先生：", "本公司已立案", "我司将起诉", "<script>alert(1)</script>",
     "&lt;b&gt;", "\u202egnp.exe", "www.alipay.com", "https://xn--80ak6aa92e.com/a?b=<c>"]
)  # fmt: skip
SMS = st.one_of(
    st.tuples(BRANDS, st.lists(st.one_of(SMS_PARTS, HOSTILE_CHARS, st.text(max_size=4)),
                               min_size=1, max_size=8)).map(lambda t: t[0] + "".join(t[1])),
    st.lists(SMS_PARTS, min_size=1, max_size=40).map("，".join),  # long pastes, many SMS
    st.text(min_size=20, max_size=80).map(lambda t: t * 30),  # up to 2,400 characters
)  # fmt: skip
COMMAND_NAMES = st.one_of(
    st.sampled_from(["start", "help", "restart", "lang", "check", "evidence", "privacy",
                     "forget", "export", "back", "Start", "START", "unknown"]),
    st.text(alphabet=st.characters(codec="ascii", categories=["L", "N"]), max_size=33),
)  # fmt: skip
ACTS = st.sampled_from([a.value for a in Act])


def _revisions(current: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.just(current[:6]), st.just(current), st.text(max_size=8), st.just("000000")
    )


def _forged(current: str) -> st.SearchStrategy[str]:
    """Button data as this bot makes it (any act, revision, args), or anything at all."""
    made = st.tuples(
        st.one_of(ACTS, st.text(max_size=2)),
        _revisions(current),
        st.one_of(st.sampled_from(["paid_off", "when", "yes", "no", "0", "1", "h1", "999"]),
                  st.text(max_size=6)),
        st.one_of(st.sampled_from(["yes", "unsure", "never_borrowed", ""]), st.text(max_size=6)),
    ).map("|".join)  # fmt: skip
    return st.one_of(made, st.text(max_size=30), st.binary(min_size=60, max_size=90).map(_latin))


def _latin(raw: bytes) -> str:
    return raw.decode("latin-1")


# --- the harness ---------------------------------------------------------------------
class Desk:
    """The conversation over one in-memory service, with a fresh user per example.

    The states users start from (after /start and 0–8 first options) are walked once;
    an example's user is put in one of them by saving that session, not by walking."""

    def __init__(self, core: Core, runner: asyncio.Runner) -> None:
        self.service = AdvisorService(core.advisor, MemoryStore())
        self.conversation = Conversation(self.service, core.analyzer)
        self.k = core.knowledge
        self.users = itertools.count(1)
        self.seen = 0
        self.states: list[tuple[Session, list[str]]] = []
        runner.run(self._walk())

    async def _walk(self) -> None:
        user = self.user()
        shown: list[str] = []
        reply = await self.say(user, Command("start"))
        for _ in range(9):
            data = _data(reply, self.k)
            shown += data
            self.states.append((await self.session(user), list(shown)))
            answer = next((d for d in data if d.startswith(f"{Act.ANSWER.value}|")), None)
            if answer is None:
                break
            reply = await self.say(user, Callback.intent(answer, self.k.revision))

    def user(self) -> str:
        return f"tg:{next(self.users)}"

    async def say(self, user: str, intent: Intent, lang: Lang = Lang.ZH_HANS) -> Reply:
        reply = await self.conversation.handle(user, intent, lang, origin=str(self.seen))
        self.seen += 1
        check_reply(reply, self.k)
        return reply

    async def session(self, user: str) -> Session:
        session, _, _ = await self.service.load_with_anchor(user)
        return session

    async def walk(self, user: str, taps: int) -> list[str]:
        """Put ``user`` where /start and ``taps`` first options lead; every button's data
        shown on the way."""
        session, shown = self.states[min(taps, len(self.states) - 1)]
        await self.service.save(user, session)
        return shown


def _data(reply: Reply, k: Any) -> list[str]:
    """The callback data of every button the reply shows."""
    data: list[str] = []
    for view in reply.views:
        if isinstance(view, DocumentView):
            continue
        keyboard = view_screen(view, k, reply.lang or Lang.ZH_HANS).keyboard
        if keyboard is not None:
            data += [str(b.callback_data) for row in keyboard.inline_keyboard for b in row]
    return data


def check_reply(reply: Reply, k: Any) -> None:
    """Every message of ``reply`` as Telegram would accept it (see the module docstring)."""
    lang = reply.lang or Lang.ZH_HANS
    if reply.toast is not None:
        assert len(reply.toast) <= rules.MAX_CALLBACK_ANSWER_TEXT, reply.toast
    for index, view in enumerate(reply.views):
        if isinstance(view, DocumentView):
            problem = rules.check_text(
                view.caption, None, None, limit=rules.MAX_CAPTION_LENGTH, allow_empty=True
            )
            assert problem is None, (problem, view.caption)
            continue
        screen = view_screen(view, k, lang)
        edited = isinstance(view, AnsweredCard) or (index == 0 and reply.in_place)
        refused = _html_problem(screen.html, edited)
        assert refused is None, (refused, type(view).__name__)
        if screen.keyboard is not None:
            assert isinstance(screen.keyboard, InlineKeyboardMarkup)
            problem = rules.check_reply_markup(screen.keyboard.to_dict())
            assert problem is None, (problem, screen.keyboard.to_dict())


@functools.lru_cache(maxsize=8192)
def _html_problem(html: str, edited: bool) -> tuple[str, str] | None:
    """What Telegram would refuse in a message of this HTML, edited in place as one message
    or sent piece by piece after ``split_text``; None: nothing. Both are functions of the
    text alone, so each distinct message is checked once (most replies are the same few
    question screens, shown again and again)."""
    for piece in [html] if edited else split_text(html):
        problem = rules.check_text(piece, "HTML", None, limit=rules.MAX_TEXT_LENGTH)
        if problem is not None:
            return str(problem), piece[:300]
    return None


@pytest.fixture(scope="module")
def runner() -> Any:
    with asyncio.Runner() as running:
        yield running


def _run(runner: asyncio.Runner, make: Callable[[], Coroutine[Any, Any, None]]) -> None:
    runner.run(make())


# --- the tests -----------------------------------------------------------------------
def test_typed_answers(core: Core, runner: asyncio.Runner) -> None:
    desk, count = Desk(core, runner), [0]

    @_settings(CASES["typed"])
    @given(taps=st.integers(0, 8), texts=st.lists(TEXT, min_size=1, max_size=2))
    def case(taps: int, texts: list[str]) -> None:
        async def body() -> None:
            user = desk.user()
            await desk.walk(user, taps)
            for text in texts:
                await desk.say(user, Typed(text, forwarded=len(text) % 2 == 1))

        _run(runner, body)
        count[0] += 1

    case()
    assert count[0] >= CASES["typed"]


def test_pasted_sms(core: Core, runner: asyncio.Runner) -> None:
    desk, count = Desk(core, runner), [0]

    @_settings(CASES["sms"])
    @given(
        taps=st.integers(0, 8),
        keep=st.booleans(),
        texts=st.lists(SMS, min_size=1, max_size=1),
        tap=st.integers(0, 9),
    )
    def case(taps: int, keep: bool, texts: list[str], tap: int) -> None:
        async def body() -> None:
            user = desk.user()
            await desk.walk(user, taps)
            if keep:
                await desk.say(user, Pressed(Act.CONSENT, "yes"))
            for text in texts:
                reply = await desk.say(user, Typed(text))
                data = _data(reply, desk.k)  # its buttons: advice, 12321 report…
                if data:
                    await desk.say(user, Callback.intent(data[tap % len(data)], desk.k.revision))

        _run(runner, body)
        count[0] += 1

    case()
    assert count[0] >= CASES["sms"]


def test_commands(core: Core, runner: asyncio.Runner) -> None:
    desk, count = Desk(core, runner), [0]

    @_settings(CASES["commands"])
    @given(
        taps=st.integers(0, 8),
        commands=st.lists(st.tuples(COMMAND_NAMES, TEXT), min_size=1, max_size=2),
        lang=st.sampled_from(list(Lang)),
    )
    def case(taps: int, commands: list[tuple[str, str]], lang: Lang) -> None:
        async def body() -> None:
            user = desk.user()
            await desk.walk(user, taps)
            for name, arg in commands:
                await desk.say(user, Command(name.lower(), arg), lang)

        _run(runner, body)
        count[0] += 1

    case()
    assert count[0] >= CASES["commands"]


def test_deep_links(core: Core, runner: asyncio.Runner) -> None:
    desk, count = Desk(core, runner), [0]
    payloads = st.one_of(
        st.sampled_from(["sms", "from_group", "SMS", "sms ", "start", ""]),
        st.text(alphabet=st.sampled_from("abcxyzABC019_-"), max_size=64),
        st.text(max_size=30),
    )

    @_settings(CASES["links"])
    @given(taps=st.integers(0, 8), payload=payloads, again=st.booleans())
    def case(taps: int, payload: str, again: bool) -> None:
        async def body() -> None:
            user = desk.user()
            if taps:
                await desk.walk(user, taps)
            before = await desk.session(user)
            await desk.say(user, Command("start", payload))
            after = await desk.session(user)
            assert after.answered == before.answered  # /start never loses an answer
            if again:
                await desk.say(user, Command("start", payload))

        _run(runner, body)
        count[0] += 1

    case()
    assert count[0] >= CASES["links"]


def test_forged_and_replayed_buttons_move_no_one_else(core: Core, runner: asyncio.Runner) -> None:
    desk, count = Desk(core, runner), [0]
    revision = desk.k.revision

    @_settings(CASES["buttons"])
    @given(
        victim_taps=st.integers(0, 8),
        taps=st.integers(0, 8),
        forged=st.lists(_forged(revision), max_size=2),
        replays=st.lists(st.integers(0, 200), max_size=2),
        theirs=st.lists(st.integers(0, 200), max_size=1),
    )
    def case(
        victim_taps: int, taps: int, forged: list[str], replays: list[int], theirs: list[int]
    ) -> None:
        async def body() -> None:
            victim, user = desk.user(), desk.user()
            victim_buttons = await desk.walk(victim, victim_taps)
            mine = await desk.walk(user, taps)
            before = await desk.session(victim)
            presses = list(forged)
            presses += [mine[n % len(mine)] for n in replays if mine]  # replayed, own
            presses += [victim_buttons[n % len(victim_buttons)] for n in theirs if victim_buttons]
            for data in presses:
                intent = Callback.intent(data, revision)
                decoded = Callback.decode(data)
                own = await desk.session(user)
                await desk.say(user, intent)
                if decoded is None or not decoded.current(revision):
                    assert await desk.session(user) == own, data  # stale: nothing moves
                assert await desk.session(victim) == before, data

        _run(runner, body)
        count[0] += 1

    case()
    assert count[0] >= CASES["buttons"]

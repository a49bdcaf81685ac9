"""Per-update cost of the bot through Application.process_update: `python -m bench.telegram`.

Two bots run side by side on in-process fake Bot APIs (tests/support), taking turns update
by update (so a change of load on the machine moves both alike), timed in CPU time of the
process (every thread included: the store's worker threads, the fake API's):
- the advisor: the real application (engine, SQLite file, rendering), driven through the
  reference conversation (/start, a tap, Back, a typed answer, six taps to the first
  guidance step);
- the typed floor: an Application whose one handler makes, for the same update, the same
  Bot API calls the advisor just made, through PTB's typed methods (``send_message``,
  ``edit_message_text``, ``CallbackQuery.answer`` …, keyboards built as objects): what any
  bot answering like this one pays to PTB and the double, with no logic and no storage.
advisor / floor and advisor − floor (ms a update) are what the advisor adds on top.
``limited`` counts the calls PTB's ``AIORateLimiter`` holds to Telegram's ~30 messages/s:
every call naming a ``chat_id`` (answerCallbackQuery and getUpdates do not). The advisor
runs without the limiter here: with it, that limit is what would be measured.
"""

from __future__ import annotations

import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update  # noqa: E402
from telegram.constants import ParseMode  # noqa: E402
from telegram.ext import (  # noqa: E402
    Application,
    ContextTypes,
    Defaults,
    TypeHandler,
)
from telegram.warnings import PTBUserWarning  # noqa: E402

from bot.channels.telegram.app import build_application  # noqa: E402
from bot.channels.telegram.deps import DEPS_KEY  # noqa: E402
from bot.channels.telegram.inbox import INBOX_KEY  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.heap import settle_heap  # noqa: E402
from bot.knowledge.loader import load_knowledge  # noqa: E402
from tests.support.fake_bot_api import FakeBotApi  # noqa: E402
from tests.support.fake_bot_models import RecordedCall  # noqa: E402
from tests.support.fake_request import FakeRequest  # noqa: E402

__all__ = ["Figures", "limited", "run"]

TOKEN = "123456:BENCH-token-for-the-fake-bot-api-0000"
KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
TAPS = ["已经全部还清", "今天", "借呗", "从没逾期", "95188", "是我的名字", "都没有"]
CONVERSATIONS = 60
Action = tuple[str, int, Any, Any]  # ("send", user, text, None) | ("press", user, id, data)


@dataclass(frozen=True)
class Figures:
    """CPU seconds a update, advisor and floor, in the same order; calls counted."""

    advisor: list[float]
    floor: list[float]
    calls: int
    limited: int
    floor_errors: int

    @property
    def updates(self) -> int:
        return len(self.advisor)

    @property
    def ratio(self) -> float:
        return statistics.mean(self.advisor) / statistics.mean(self.floor)

    @property
    def added_ms(self) -> float:
        return (statistics.mean(self.advisor) - statistics.mean(self.floor)) * 1e3


def limited(call: RecordedCall) -> bool:
    """Held by AIORateLimiter: it limits every request whose data has a ``chat_id``."""
    return "chat_id" in call.params


def _markup(raw: Any) -> InlineKeyboardMarkup | None:
    if not isinstance(raw, dict):
        return None
    rows = [
        [InlineKeyboardButton(b["text"], callback_data=b.get("callback_data")) for b in row]
        for row in raw.get("inline_keyboard", [])
    ]
    return InlineKeyboardMarkup(rows)


class _Floor:
    """The typed floor: replays the advisor's calls for each update through typed methods."""

    def __init__(self) -> None:
        self.api = FakeBotApi(token=TOKEN)
        self.calls: list[RecordedCall] = []
        self.errors = 0
        self.app = (
            Application.builder()
            .token(TOKEN)
            .request(FakeRequest(self.api))
            .defaults(Defaults(parse_mode=ParseMode.HTML))
            .build()
        )
        self.app.add_handler(TypeHandler(Update, self._replay))
        self.app.add_error_handler(self._error)

    async def _error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.errors += 1

    async def _replay(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        bot = context.bot
        for call in self.calls:
            p = call.params
            if call.method == "sendMessage":
                await bot.send_message(
                    p["chat_id"], p["text"], reply_markup=_markup(p.get("reply_markup"))
                )
            elif call.method == "editMessageText":
                await bot.edit_message_text(
                    p["text"],
                    p["chat_id"],
                    p["message_id"],
                    reply_markup=_markup(p.get("reply_markup")),
                )
            elif call.method == "editMessageReplyMarkup":
                await bot.edit_message_reply_markup(
                    p["chat_id"], p["message_id"], reply_markup=_markup(p.get("reply_markup"))
                )
            elif call.method == "answerCallbackQuery" and update.callback_query is not None:
                await update.callback_query.answer(p.get("text"))
            elif call.method == "sendChatAction":
                await bot.send_chat_action(p["chat_id"], p["action"])
            else:  # nothing else is in the reference conversation
                await bot.do_api_request(call.method, api_kwargs=dict(p))


async def run(
    conversations: int = CONVERSATIONS, memory: bool = False, inbox: bool = False
) -> Figures:
    """The reference conversation ``conversations`` times, advisor and floor in turn.

    ``inbox``: the advisor gets each update as polling or a webhook hands it over, through
    the durable inbox (``Inbox.submit``: recorded, answered in its update scope with the
    reply journal, marked done), not straight through ``process_update``."""
    warnings.filterwarnings("ignore", category=PTBUserWarning)
    with tempfile.TemporaryDirectory() as tmp:
        return await _run(Path(tmp) / "bench.sqlite3", conversations, memory, inbox)


async def _run(db: Path, conversations: int, memory: bool, inbox: bool = False) -> Figures:
    api = FakeBotApi(token=TOKEN)
    url = "memory://" if memory else f"sqlite:///{db}"
    app = build_application(  # bootstraps the store the URL names in post_init
        Settings(token=TOKEN, db_url=url, knowledge_dir=KNOWLEDGE),
        load_knowledge(KNOWLEDGE),
        request=FakeRequest(api),
        flood_limit=10_000,
        rate_limit=False,
    )
    floor = _Floor()
    advisor_cpu: list[float] = []
    floor_cpu: list[float] = []
    counted = [0, 0]
    clock = time.process_time

    async def step(action: Action) -> None:
        kind, user, first, second = action
        if kind == "send":
            api.user_sends(user, first)
            floor.api.user_sends(user, first)
        else:
            api.user_presses(user, first, second)
            floor.api.user_presses(user, first, second, force=True)
        update = Update.de_json(api.last_update(), app.bot)
        before = api.call_count
        start = clock()
        if inbox:
            await app.bot_data[INBOX_KEY].submit(update)
        else:
            await app.process_update(update)
        advisor_cpu.append(clock() - start)
        floor.calls = api.calls_since(before)
        counted[0] += len(floor.calls)
        counted[1] += sum(1 for c in floor.calls if limited(c))
        mirrored = Update.de_json(floor.api.last_update(), floor.app.bot)
        start = clock()
        await floor.app.process_update(mirrored)
        floor_cpu.append(clock() - start)

    async def tap(user: int, label: str) -> None:
        message = next(m for m in reversed(api.messages(user)) if m.from_bot and m.buttons)
        data = next(d for row in message.buttons for t, d in row if label in t and d)
        await step(("press", user, message.message_id, data))

    async with app, floor.app:
        await app.post_init(app)  # type: ignore[misc]
        app.bot_data[DEPS_KEY].warm()  # as the job does just after polling starts
        settle_heap()  # as `paidoff run` does after start-up (bot/heap.py); undone below
        for n in range(conversations):
            user = 10_000 + n
            await step(("send", user, "/start", None))
            await tap(user, TAPS[0])
            await tap(user, "返回")
            await step(("send", user, "还清了", None))
            for label in TAPS[1:]:
                await tap(user, label)
        await app.post_shutdown(app)  # type: ignore[misc]
    gc.unfreeze()
    return Figures(advisor_cpu, floor_cpu, counted[0], counted[1], floor.errors)


def percentile(samples: list[float], q: float) -> float:
    """The ``q`` quantile (0–1) of ``samples``, nearest rank."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def _line(name: str, samples: list[float]) -> str:
    p50 = statistics.median(samples) * 1e3
    p99 = percentile(samples, 0.99) * 1e3
    return (
        f"{name:<10} CPU p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   "
        f"{len(samples) / sum(samples):7.0f} updates/s"
    )


async def main() -> None:
    """Print both lines, the ratio and the calls (``--memory``: an in-memory store;
    ``--inbox``: through the durable inbox, as in production)."""
    memory = "--memory" in sys.argv
    inbox = "--inbox" in sys.argv
    figures = await run(memory=memory, inbox=inbox)
    n = figures.updates
    print(f"floor replay errors: {figures.floor_errors}")
    print(
        f"{n} updates, {figures.calls} Bot API calls ({figures.calls / n:.2f} per update), "
        f"{figures.limited} rate-limited ({figures.limited / n:.2f} per update)"
    )
    print(
        _line(
            "advisor" + (" (memory)" if memory else "") + (" (inbox)" if inbox else ""),
            figures.advisor,
        )
    )
    print(_line("floor", figures.floor))
    print(
        f"advisor / typed floor (mean CPU per update): {figures.ratio:.2f}×, "
        f"+{figures.added_ms:.2f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main())

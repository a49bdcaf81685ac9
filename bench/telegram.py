"""Per-update cost of the bot through Application.process_update: `python -m bench.telegram`.

Both bots run on the same in-process fake Bot API (tests/support), on one core:
- the advisor: the real application (engine, SQLite file, rendering), driven through whole
  conversations (/start, 7 taps to the first guidance step, a typed answer, Back);
- the floor: an Application whose only handler replays, for each update, exactly the Bot
  API calls the advisor made for it — no logic, no storage.
The ratio advisor/floor is what the advisor adds on top of talking to Telegram;
``--memory`` runs the advisor on a dict instead of SQLite, to split that cost. The
advisor runs without AIORateLimiter here: with it, Telegram's ~30 messages/s limit is
what would be measured.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("PTB_TIMEDELTA", "1")

import warnings  # noqa: E402

from telegram import Update  # noqa: E402
from telegram.ext import Application, ContextTypes, TypeHandler  # noqa: E402
from telegram.warnings import PTBUserWarning  # noqa: E402

from bot.channels.telegram.app import build_application  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.knowledge.loader import load_knowledge  # noqa: E402
from tests.support.fake_bot_api import FakeBotApi  # noqa: E402
from tests.support.fake_request import FakeRequest  # noqa: E402

TOKEN = "123456:BENCH-token-for-the-fake-bot-api-0000"
KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
TAPS = ["已经全部还清", "今天", "借呗", "从没逾期", "95188", "是我的名字", "都没有"]
CONVERSATIONS = 60


Action = tuple[str, int, Any, Any]  # ("send", user, text, None) | ("press", user, id, data)


async def _advisor(
    db: Path, memory: bool = False
) -> tuple[list[float], list[tuple[Action, list[Any]]]]:
    api = FakeBotApi(token=TOKEN)
    url = "memory://" if memory else f"sqlite:///{db}"
    app = build_application(  # bootstrap() opens the store the URL names
        Settings(token=TOKEN, db_url=url, knowledge_dir=KNOWLEDGE),
        load_knowledge(KNOWLEDGE),
        request=FakeRequest(api),
        flood_limit=10_000,
        rate_limit=False,
    )
    times: list[float] = []
    script: list[tuple[Action, list[Any]]] = []

    async def run(action: Action) -> None:
        kind, user, first, second = action
        if kind == "send":
            api.user_sends(user, first)
        else:
            api.user_presses(user, first, second)
        raw = api.pending_updates()[-1]
        before = len(api.calls())
        start = time.perf_counter()
        await app.process_update(Update.de_json(raw, app.bot))
        times.append(time.perf_counter() - start)
        script.append((action, api.calls()[before:]))

    async def tap(user: int, label: str) -> None:
        message = next(m for m in reversed(api.messages(user)) if m.from_bot and m.buttons)
        data = next(d for row in message.buttons for t, d in row if label in t and d)
        await run(("press", user, message.message_id, data))

    async with app:
        await app.post_init(app)  # type: ignore[misc]
        for n in range(CONVERSATIONS):
            user = 10_000 + n
            await run(("send", user, "/start", None))
            await tap(user, TAPS[0])
            await tap(user, "返回")
            await run(("send", user, "还清了", None))
            for label in TAPS[1:]:
                await tap(user, label)
        await app.post_shutdown(app)  # type: ignore[misc]
    return times, script


async def _floor(script: list[tuple[Action, list[Any]]]) -> tuple[list[float], int]:
    api = FakeBotApi(token=TOKEN)
    calls_by_update: dict[int, list[Any]] = {}
    errors: list[BaseException] = []

    async def replay(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        for call in calls_by_update[update.update_id]:
            params = dict(call.params)
            if call.method == "answerCallbackQuery" and update.callback_query:
                params["callback_query_id"] = update.callback_query.id
            await context.bot.do_api_request(call.method, api_kwargs=params)

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error or RuntimeError())

    app = Application.builder().token(TOKEN).request(FakeRequest(api)).build()
    app.add_handler(TypeHandler(Update, replay))
    app.add_error_handler(on_error)
    times: list[float] = []
    async with app:
        for (kind, user, first, second), calls in script:
            if kind == "send":
                update_id = api.user_sends(user, first)
            else:
                api.user_presses(user, first, second, force=True)
                update_id = int(api.pending_updates()[-1]["update_id"])
            calls_by_update[update_id] = calls
            update = Update.de_json(api.pending_updates()[-1], app.bot)
            start = time.perf_counter()
            await app.process_update(update)
            times.append(time.perf_counter() - start)
    return times, len(errors)


def _line(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered) * 1e3
    p99 = ordered[int(len(ordered) * 0.99)] * 1e3
    return (
        f"{name:<10} p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   "
        f"{len(samples) / sum(samples):7.0f} updates/s"
    )


async def main() -> None:
    """Print both lines and the ratio (``--memory``: the advisor on an in-memory store)."""
    memory = "--memory" in sys.argv
    # The floor calls do_api_request on purpose: it replays recorded calls verbatim.
    warnings.filterwarnings("ignore", category=PTBUserWarning)
    with tempfile.TemporaryDirectory() as tmp:
        advisor, script = await _advisor(Path(tmp) / "bench.sqlite3", memory)
    floor, errors = await _floor(script)
    calls = sum(len(c) for _, c in script)
    print(f"floor replay errors: {errors}")
    print(f"{len(script)} updates, {calls} Bot API calls ({calls / len(script):.1f} per update)")
    print(_line("advisor" + (" (memory)" if memory else ""), advisor))
    print(_line("floor", floor))
    ratio = statistics.mean(advisor) / statistics.mean(floor)
    print(f"advisor / floor (mean per update): {ratio:.2f}× (+{(ratio - 1) * 100:.0f}%)")


if __name__ == "__main__":
    asyncio.run(main())

"""Start-up to polling, and the first SMS after it: `python -m bench.startup [runs]`.

Starts ``python -m bot run`` against the loopback Bot API double
(tests/support/bot_api_server.py) on a fresh SQLite file and times it from the spawn to
its first ``getUpdates`` (the double counts a long-poll in progress): wall seconds, and the
CPU seconds the bot process had used by then (from /proc, so a loaded machine inflates the
wall figure far more than the CPU one). Knowledge load, the engine, PTB's ``getMe``,
``deleteWebhook`` and ``setMyCommands`` are all inside it.

Two variants take turns run by run (s6-startup), so a change in the machine's load moves
both alike: **cached**, the usual restart (the checked knowledge is in the cache folder,
``bot.knowledge.cache``), and **checked**, the first start after a knowledge file changed
(an empty cache folder: every file parsed, validated and checked, then cached).

Then, in each run, the **first SMS**: a user pastes one the moment the bot polls (the
conversation, the SMS analyzer and the zh-Hant converter are being loaded in a thread
then), another pastes one 3 s later (warm); wall seconds from the update being queued to
the bot's first reply to it. Before measuring, the ``bot`` package is compiled to ``.pyc``
as pip does when it installs the package (a clean clone run with
``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile ~130 modules at every start);
``--no-compile`` measures without (and removes nothing).
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.bot_api_server import BotApiServer
from tests.support.fake_bot_api import FakeBotApi

__all__ = ["startup"]

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "777000:BENCH-startup-token-not-a-real-one-00"
TIMEOUT = 60.0
SMS = "【花呗借呗】您的借呗已逾期，请立即登录 alipay-jb.top 处理，否则将上报征信并联系你的家人。"
WARM_AFTER = 3.0


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _reply_after(api: FakeBotApi, user: int) -> float:
    """Queue an SMS from ``user``; seconds until the bot's first message to them."""
    start = time.perf_counter()
    api.user_sends(user, SMS)
    while not api.messages(user):
        if time.perf_counter() - start > TIMEOUT:
            raise RuntimeError("the bot did not answer the SMS")
        time.sleep(0.002)
    return time.perf_counter() - start


def _one(api: FakeBotApi, env: dict[str, str], user: int) -> dict[str, float]:
    start = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own module
        [sys.executable, "-m", "bot", "run"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while api.waiting_polls == 0:
            if process.poll() is not None or time.perf_counter() - start > TIMEOUT:
                raise RuntimeError("the bot did not start polling")
            time.sleep(0.002)
        figures = {"wall": time.perf_counter() - start, "cpu": _cpu(process.pid)}
        figures["first_sms"] = _reply_after(api, user)
        time.sleep(WARM_AFTER)
        figures["warm_sms"] = _reply_after(api, user + 1)
    finally:
        process.terminate()
        process.wait(20)
    while api.waiting_polls:  # the old long-poll notices its client went away
        time.sleep(0.01)
    return figures


def startup(runs: int = 3, *, compile_bot: bool = True) -> dict[str, float]:
    """Medians over ``runs`` of each variant (cached, checked), taking turns."""
    if compile_bot:
        compileall.compile_dir(ROOT / "bot", quiet=1)
    found: dict[str, list[dict[str, float]]] = {"cached": [], "checked": []}
    api = FakeBotApi(token=TOKEN)
    with BotApiServer(api) as server, tempfile.TemporaryDirectory() as tmp:
        base = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": server.base_url,
            "PAIDOFF_KNOWLEDGE_DIR": str(ROOT / "knowledge"),
        }
        cache = Path(tmp) / "cache"
        user = 1000
        for run in range(runs + 1):
            for variant in ("cached", "checked"):
                folder = cache if variant == "cached" else Path(tmp) / f"empty{run}"
                env = {
                    **base,
                    "PAIDOFF_DB_PATH": str(Path(tmp) / f"{variant}{run}.sqlite3"),
                    "PAIDOFF_CACHE_DIR": str(folder),
                }
                figures = _one(api, env, user)
                user += 2
                if run:  # run 0 fills the cache (and the page cache): not counted
                    found[variant].append(figures)
    out: dict[str, float] = {}
    for variant, rows in found.items():
        suffix = "" if variant == "cached" else "_checked"
        for key, name in (("wall", "startup_s"), ("cpu", "startup_cpu_s")):
            out[name + suffix] = round(statistics.median(r[key] for r in rows), 3)
    rows = found["cached"] + found["checked"]
    out["first_sms_s"] = round(statistics.median(r["first_sms"] for r in rows), 3)
    out["first_sms_max_s"] = round(max(r["first_sms"] for r in rows), 3)
    out["warm_sms_s"] = round(statistics.median(r["warm_sms"] for r in rows), 3)
    return out


def main() -> None:
    """Print the medians."""
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(args[0]) if args else 3
    for key, value in startup(runs, compile_bot="--no-compile" not in sys.argv).items():
        print(f"{key:<22} {value}")


if __name__ == "__main__":
    main()

"""Two webhook replicas on one PostgreSQL, fed by a load generator playing Telegram: how
often a chat's update is acknowledged before it is answered, and how many chats end up
somewhere their steps did not lead (overtaken or lost updates).

    python -m bench.replicas                   # this checkout
    python -m bench.replicas --tree OLD_TREE   # another source tree, e.g. one with PTB's
                                               # answer-first listener, to compare

Each chat sends SCRIPT (typed answers) one update at a time, the next as soon as the
previous one got its 200, consecutive updates to alternate replicas. Needs PostgreSQL's
binaries (Debian's ``postgresql``); the replicas run ``python -m bot run --webhook`` from
``--tree`` with this interpreter. A measurement, not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import asyncpg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.bot_api_server import BotApiServer  # noqa: E402
from tests.support.fake_bot_api import FakeBotApi  # noqa: E402
from tests.support.postgres import cluster, find_bin_dir, free_port  # noqa: E402
from tests.support.progress import asked  # noqa: E402
from tests.support.waiting import wait_until  # noqa: E402
from tests.support.webhook_load import Telegram  # noqa: E402

TOKEN = "777000:E2E-test-token-not-a-real-one-0000000"
SECRET = "replica-secret_for-bench"
SCRIPT = ("/start", "还清了", "上周", "借呗", "从没逾期", "95188", "是我的名字", "都没有")
SCREENS = (*(asked(n) for n in range(1, 8)), "怎么做")


def _start(
    tree: Path, server: BotApiServer, db_url: str, log: Path, extra_path: str
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (str(tree), extra_path) if p),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "PAIDOFF_DB_URL": db_url,
        "PAIDOFF_KNOWLEDGE_DIR": str(tree / "knowledge"),
        "PAIDOFF_REPLICAS": "2",
        "PAIDOFF_OCR_AT_BOOT": "0",  # no 0.4 GB OCR worker per replica: this bench sends text
        "PAIDOFF_WEBHOOK_SECRET": SECRET,
        "PAIDOFF_WEBHOOK_PORT": str(port),
    }
    with log.open("ab") as sink:
        proc = subprocess.Popen(  # noqa: S603 - our own module
            [sys.executable, "-m", "bot", "run", "--webhook", url],
            cwd=tree, env=env, stdin=subprocess.DEVNULL, stdout=sink, stderr=sink,
        )  # fmt: skip
    return proc, url


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


async def _pending(db_url: str) -> int:
    conn = await asyncpg.connect(db_url)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM inbox WHERE data IS NOT NULL"))
    finally:
        await conn.close()


def measure(tree: Path, chats: int, extra_path: str, logs: Path) -> dict[str, object]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL's binaries are not installed (apt-get install postgresql)")
    api = FakeBotApi(token=TOKEN)
    with cluster(bin_dir) as pg, BotApiServer(api) as server:
        db_url = pg.new_database()
        procs = [
            _start(tree, server, db_url, logs / f"replica-{n}.log", extra_path) for n in range(2)
        ]
        try:
            for _, url in procs:
                port = int(url.split(":")[2].split("/")[0])
                wait_until(lambda p=port: _listening(p), timeout=90, what="a replica")  # type: ignore[misc]
            scripts = {9500 + n: SCRIPT for n in range(chats)}
            for chat in scripts:
                api.register_user(chat, language_code="zh-hans")
            started = time.monotonic()
            answered = Telegram(api, [u for _, u in procs], SECRET, deadline=300).run(scripts)
            elapsed = time.monotonic() - started
            wait_until(lambda: asyncio.run(_pending(db_url)) == 0, timeout=60, what="idle")
            time.sleep(1.0)  # the last replies of answer-first replicas
        finally:
            for proc, _ in procs:
                proc.terminate()
            for proc, _ in procs:
                proc.wait(timeout=30)
    early = [x for x in answered if SCREENS[x.step] not in x.screen]
    wrong, unfinished, repeated = [], 0, 0
    for chat in scripts:
        texts = [m.text for m in api.messages(chat) if m.from_bot]
        asked_once = all(sum(s in t for t in texts) == 1 for s in SCREENS[:7])
        finished = bool(texts) and SCREENS[-1] in texts[-1]
        unfinished += not finished
        repeated += any(sum(s in t for t in texts) > 1 for s in SCREENS[:7])
        if not (asked_once and finished):
            wrong.append(chat)
    return {
        "tree": str(tree),
        "chats": chats,
        "updates": len(answered),
        "acknowledged_before_answered": len(early),
        "acknowledged_before_answered_pct": round(100 * len(early) / max(1, len(answered)), 1),
        "chats_not_where_their_steps_led": len(wrong),
        "chats_not_at_the_guidance": unfinished,
        "chats_asked_a_question_twice": repeated,
        "seconds": round(elapsed, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="source tree of the replicas")
    parser.add_argument("--chats", type=int, default=16)
    parser.add_argument("--extra-path", default="", help="more PYTHONPATH for that tree")
    parser.add_argument("--logs", type=Path, default=Path("/tmp"))
    args = parser.parse_args()
    figures = measure(args.tree.resolve(), args.chats, args.extra_path, args.logs)
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

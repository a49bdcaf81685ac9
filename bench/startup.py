"""Start-up to polling: `python -m bench.startup [runs]`.

Starts ``python -m bot run`` against the loopback Bot API double
(tests/support/bot_api_server.py) on a fresh SQLite file and times it from the spawn to
its first ``getUpdates`` (the double counts a long-poll in progress): wall seconds, and the
CPU seconds the bot process had used by then (from /proc, so a loaded machine inflates the
wall figure far more than the CPU one). Knowledge load and check, the engine, PTB's
``getMe``, ``deleteWebhook`` and ``setMyCommands`` are all inside it.
"""

from __future__ import annotations

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


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def startup(runs: int = 3) -> dict[str, float]:
    """Median wall and CPU seconds from spawn to the first getUpdates over ``runs``."""
    walls, cpus = [], []
    api = FakeBotApi(token=TOKEN)
    with BotApiServer(api) as server, tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": server.base_url,
            "PAIDOFF_DB_PATH": str(Path(tmp) / "bench.sqlite3"),
            "PAIDOFF_KNOWLEDGE_DIR": str(ROOT / "knowledge"),
        }
        for _ in range(runs):
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
                walls.append(time.perf_counter() - start)
                cpus.append(_cpu(process.pid))
            finally:
                process.terminate()
                process.wait(20)
            while api.waiting_polls:  # the old long-poll notices its client went away
                time.sleep(0.01)
    return {
        "startup_s": round(statistics.median(walls), 3),
        "startup_cpu_s": round(statistics.median(cpus), 3),
    }


def main() -> None:
    """Print the medians."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    for key, value in startup(runs).items():
        print(f"{key:<16} {value}")


if __name__ == "__main__":
    main()

"""Resident memory after many conversations: `python -m bench.memory [N]`.

A fresh process wires the advisor as ``paidoff run`` does (``bootstrap`` on a SQLite file,
the SMS analyzer built), then N users (10,000 by default) each start a conversation and
answer its first question through ``bot.conversation`` (what every update does below
Telegram's layer: the store, the service's per-user locks, the engine). Prints one JSON
line: ``rss_mb`` (current resident set, from /proc) and ``max_rss_mb``.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import tempfile
from pathlib import Path

from bot.bootstrap import bootstrap
from bot.config import Settings
from bot.conversation import Act, Command, Conversation, Pressed

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
CONVERSATIONS = 10_000


def rss_mb() -> float:
    """The current resident set size of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # pragma: no cover


SHM = Path("/dev/shm")  # no fsync wait there: this measures memory, not the disk


async def run(conversations: int, folder: Path | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        settings = Settings(db_url=url, knowledge_dir=KNOWLEDGE)
        parts = await bootstrap(settings)
        try:
            conversation = Conversation(parts.service, parts.analyzer)
            start_mb = rss_mb()
            for n in range(conversations):
                user = f"tg:{n}"
                await conversation.handle(user, Command("start"))
                await conversation.handle(user, Pressed(Act.ANSWER, "paid_off", "yes"))
        finally:
            await parts.close()
        return {
            "conversations": conversations,
            "rss_mb_before": round(start_mb, 1),
            "rss_mb": round(rss_mb(), 1),
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }


def main() -> None:
    """Print one JSON line."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else CONVERSATIONS
    print(json.dumps(asyncio.run(run(count, SHM if SHM.is_dir() else None))))


if __name__ == "__main__":
    main()

"""How much one flooding user slows everyone else: `python -m bench.abuse [--quick] [--json PATH]`.

A `paidoff run` process on the loopback Bot API double (as in the e2e tests). Ten users go
through whole conversations (``/start`` and seven buttons to the first guidance step) with
nobody else about ("quiet"), then ten new users do the same while another user pushes
1,000 messages as fast as the double takes them ("flood"; the scenario is
``tests/support/abuse.py``, shared with ``tests/e2e/test_faults_abuse.py``). Figures are
each step's wall time from the user's action to the answer on screen, over the ten users;
``abuse_p99_over_quiet`` is the flood p99 over the quiet p99 (target ≤ 2). ``--quick`` runs
one quiet and one flood round; the full run alternates three of each (so load changes on
the machine hit both) and pools them. The rate limiter is on, as in production.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from tests.e2e.conftest import TOKEN, BotProcess
from tests.support.abuse import FLOOD, OTHERS, Round, flood_round, quiet_round
from tests.support.bot_api_server import BotApiServer
from tests.support.fake_bot_api import FakeBotApi

__all__ = ["main", "run"]


def _p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def run(quick: bool) -> dict[str, float]:
    """Quiet and flood rounds against one bot process; the figures (ms unless named)."""
    rounds = 1 if quick else 3
    api = FakeBotApi(token=TOKEN)
    quiet: list[Round] = []
    flood: list[Round] = []
    with tempfile.TemporaryDirectory() as tmp, BotApiServer(api) as server:
        bot = BotProcess(server, Path(tmp) / "bot.sqlite3", Path(tmp) / "bot.log")
        bot.start().wait_polling(api)
        try:
            user = 10_000
            for _ in range(rounds):
                quiet.append(quiet_round(api, bot, user))
                user += OTHERS
                flood.append(flood_round(api, bot, user, user + 1))
                user += OTHERS + 1
        finally:
            bot.stop()
    lost = sum(len(d.lost) for r in quiet + flood for d in r.others)
    calm = [t for r in quiet for t in r.latencies]
    busy = [t for r in flood for t in r.latencies]
    return {
        "abuse_p99_over_quiet": _p(busy, 0.99) / _p(calm, 0.99),
        "abuse_p50_over_quiet": statistics.median(busy) / statistics.median(calm),
        "quiet_step_ms_p50": statistics.median(calm) * 1e3,
        "quiet_step_ms_p99": _p(calm, 0.99) * 1e3,
        "flood_step_ms_p50": statistics.median(busy) * 1e3,
        "flood_step_ms_p99": _p(busy, 0.99) * 1e3,
        "flood_replies_per_round": statistics.mean(r.flood_replies for r in flood),
        "flood_round_s": statistics.mean(r.seconds for r in flood),
        "quiet_round_s": statistics.mean(r.seconds for r in quiet),
        "lost_steps": float(lost),
        "steps_measured": float(len(calm) + len(busy)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="one quiet and one flood round")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    figures = run(args.quick)
    print(f"abuse: {OTHERS} users talking, one flooding {FLOOD} messages")
    for name, value in figures.items():
        print(f"  {name:<26} {value:10.2f}")
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

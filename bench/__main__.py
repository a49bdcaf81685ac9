"""Every headline figure in one table: `python -m bench [--quick] [--json PATH]`.

Reuses the benchmark modules: the engine step and the knowledge load (``bench.engine``'s
cases), the SMS analyzer on the corpus (``bench.sms``), one update through PTB against a
typed floor (``bench.telegram``), the store step at 1k and 100k users on SQLite and
PostgreSQL (``bench.store``), resident memory after 10,000 conversations
(``bench.memory``, in a fresh process) and start-up to polling (``bench.startup``).
Timings are CPU time of this process unless named wall; ``--quick`` runs fewer
repetitions (under a minute on a quiet 2-core machine; memory after 1,000 conversations).
``--json PATH`` writes every figure; a figure that could not be measured is ``null`` with
its reason under ``<key>_reason`` or ``store_pg_reason``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from bench.stats import measure, measure_cpu

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
CORPUS = ROOT / "tests" / "data" / "sms_corpus.yaml"

KEYS = (
    "engine_step_us_p50",
    "engine_step_us_p99",
    "knowledge_load_s",
    "sms_us_p50",
    "sms_us_p99",
    "sms_per_s",
    "update_us_p50",
    "update_us_p99",
    "updates_per_s",
    "floor_updates_per_s",
    "advisor_over_floor",
    "added_cpu_ms_per_update",
    "limited_calls_per_update",
    "store_p99_us_1k",
    "store_p99_us_100k",
    "store_pg_p99_us_1k",
    "store_pg_p99_us_100k",
    "rss_mb",
    "startup_s",
)
"""The figures ``--json`` always writes (a number, or null with a reason)."""


def _p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def _us(samples: list[float]) -> tuple[float, float]:
    return round(statistics.median(samples) * 1e6, 1), round(_p(samples, 0.99) * 1e6, 1)


def engine_figures(quick: bool) -> dict[str, object]:
    """A tapped answer through the engine; the knowledge load + check (wall, median)."""
    from bot.bootstrap import load_core
    from bot.config import Settings
    from bot.knowledge.loader import load_knowledge

    loads = measure(lambda: load_knowledge(KNOWLEDGE), 3 if quick else 10)
    advisor = load_core(Settings(knowledge_dir=KNOWLEDGE)).advisor
    fresh = advisor.new_session()
    steps = measure_cpu(lambda: advisor.choose(fresh, "paid_off", "yes"), 2000 if quick else 10000)
    p50, p99 = _us(steps)
    return {
        "engine_step_us_p50": p50,
        "engine_step_us_p99": p99,
        "knowledge_load_s": round(statistics.median(loads), 3),
    }


def sms_figures(quick: bool) -> dict[str, object]:
    """``analyze`` on the corpus's short SMS, in turn."""
    from bot.knowledge.loader import load_knowledge
    from bot.sms import SmsAnalyzer

    analyzer = SmsAnalyzer.from_knowledge(load_knowledge(KNOWLEDGE))
    texts = [str(i["text"]) for i in yaml.safe_load(CORPUS.read_text("utf-8"))["items"]]
    cycle = itertools.cycle(texts)
    samples = measure_cpu(lambda: analyzer.analyze(next(cycle)), 1000 if quick else 5000)
    p50, p99 = _us(samples)
    return {"sms_us_p50": p50, "sms_us_p99": p99, "sms_per_s": round(len(samples) / sum(samples))}


def telegram_figures(quick: bool) -> dict[str, object]:
    """The reference conversation against the typed floor, in lock-step."""
    from bench.telegram import run

    figures = asyncio.run(run(conversations=15 if quick else 60))
    p50, p99 = _us(figures.advisor)
    n = figures.updates
    return {
        "update_us_p50": p50,
        "update_us_p99": p99,
        "updates_per_s": round(n / sum(figures.advisor)),
        "floor_updates_per_s": round(n / sum(figures.floor)),
        "advisor_over_floor": round(figures.ratio, 2),
        "added_cpu_ms_per_update": round(figures.added_ms, 2),
        "limited_calls_per_update": round(figures.limited / n, 2),
        "calls_per_update": round(figures.calls / n, 2),
        "telegram_updates": n,
        "floor_errors": figures.floor_errors,
    }


def store_figures(quick: bool, postgres: bool) -> dict[str, object]:
    from bench.store import store_figures as measure_store

    return asyncio.run(measure_store(steps=100 if quick else 2000, postgres=postgres))


def memory_figures(quick: bool) -> dict[str, object]:
    """In a fresh process, so nothing measured before weighs on it."""
    count = 1000 if quick else 10_000
    done = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "bench.memory", str(count)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return {"rss_mb": found["rss_mb"], "rss_conversations": found["conversations"]}


def startup_figures(quick: bool) -> dict[str, object]:
    from bench.startup import startup

    return dict(startup(1 if quick else 3))


def collect(quick: bool, postgres: bool = True, only: set[str] | None = None) -> dict[str, object]:
    """Every figure; ``only`` limits the sections (by name) for a short run."""
    sections: list[tuple[str, Callable[[], dict[str, object]]]] = [
        ("engine", lambda: engine_figures(quick)),
        ("sms", lambda: sms_figures(quick)),
        ("telegram", lambda: telegram_figures(quick)),
        ("store", lambda: store_figures(quick, postgres)),
        ("memory", lambda: memory_figures(quick)),
        ("startup", lambda: startup_figures(quick)),
    ]
    out: dict[str, object] = {}
    for name, section in sections:
        if only is not None and name not in only:
            continue
        started = time.perf_counter()
        try:
            out |= section()
        except Exception as exc:  # noqa: BLE001 - one broken section must not hide the rest
            out[f"{name}_error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
        out[f"{name}_wall_s"] = round(time.perf_counter() - started, 1)
    for key in KEYS:
        if key not in out:
            out[key] = None
            reason = out.get("store_pg_reason") if key.startswith("store_pg") else None
            out.setdefault(f"{key}_reason", reason or _why(key, out, only))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return out | {
        "quick": quick,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_1m": round(load, 2) if load is not None else None,
    }


def _why(key: str, out: dict[str, object], only: set[str] | None) -> str:
    errors = [str(v) for k, v in out.items() if k.endswith("_error")]
    if only is not None:
        return f"section not run (only {', '.join(sorted(only))})"
    return "; ".join(errors) or "not measured"


ROWS = (
    ("engine step (a tapped answer), CPU", "engine_step_us_p50", "engine_step_us_p99", "µs"),
    ("knowledge load + check, wall median", "knowledge_load_s", None, "s"),
    ("SMS analyze (corpus SMS), CPU", "sms_us_p50", "sms_us_p99", "µs"),
    ("SMS throughput, one core", "sms_per_s", None, "/s"),
    ("update through PTB (reference conversation), CPU", "update_us_p50", "update_us_p99", "µs"),
    ("updates/s, advisor / typed floor, one core", "updates_per_s", "floor_updates_per_s", "/s"),
    ("advisor ÷ typed floor (mean CPU)", "advisor_over_floor", None, "×"),
    ("CPU added on top of the typed floor", "added_cpu_ms_per_update", None, "ms"),
    ("rate-limited Bot API calls a update", "limited_calls_per_update", None, ""),
    (
        "store step, SQLite, 1k / 100k users, p99 wall",
        "store_p99_us_1k",
        "store_p99_us_100k",
        "µs",
    ),
    (
        "store step, PostgreSQL, 1k / 100k users, p99 wall",
        "store_pg_p99_us_1k",
        "store_pg_p99_us_100k",
        "µs",
    ),
    ("resident memory after the conversations", "rss_mb", None, "MB"),
    ("start-up to polling, wall / CPU", "startup_s", "startup_cpu_s", "s"),
)


def table(figures: dict[str, object]) -> str:
    """The figures as one Markdown table (two values: p50 / p99, or the pair named)."""

    def cell(key: str | None) -> str:
        if key is None:
            return ""
        value = figures.get(key)
        return "n/a" if value is None else f"{value:,}" if isinstance(value, int) else str(value)

    lines = ["| figure | value | unit |", "|---|---|---|"]
    for label, first, second, unit in ROWS:
        value = cell(first) + (f" / {cell(second)}" if second else "")
        lines.append(f"| {label} | {value} | {unit} |")
    note = (
        f"rss after {figures.get('rss_conversations', '?')} conversations; "
        f"load average {figures.get('load_average_1m')} on {figures.get('cpus')} CPUs; "
        f"Python {figures.get('python')}{'; --quick' if figures.get('quick') else ''}"
    )
    return "\n".join([*lines, "", note])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (< 60 s)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the figures as JSON")
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL store")
    parser.add_argument(
        "--only", help="comma-separated sections: engine,sms,telegram,store,memory,startup"
    )
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    figures = collect(args.quick, postgres=not args.no_postgres, only=only)
    print(table(figures))
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

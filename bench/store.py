"""The store's step under load: `python -m bench.store`.

One update's store work is a load, a save and an anchor update (``Store.load``, ``save``,
``set_anchor``), timed in wall time through the store's own API, on random users of a
table holding 1,000 and of one holding 100,000 sessions (bulk-inserted, the same JSON as a
mid-conversation session), the two taking turns step by step. SQLite on a temporary file;
PostgreSQL on a throwaway cluster (``initdb`` + ``pg_ctl``, ``fsync=off``, loopback, as in
tests/support/postgres.py) when its binaries are installed, else ``None`` with the reason.
The SQLite store runs its statements on the event loop (``bot.storage.sqlite_db``): the
p99 and the longest of those calls (``store_loop_stall_us_*``) are how long another
user's update can wait behind one.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from bot.engine.session import Session
from bot.storage.factory import open_store
from bot.storage.port import Store

__all__ = ["postgres_cluster", "store_figures"]

SIZES = (1_000, 100_000)
SESSION = Session(facts={"paid_off": "yes", "paid_when": "today"}, answered=("paid_off", "when"))


def _data() -> str:
    return json.dumps(SESSION.to_json(), ensure_ascii=False, separators=(",", ":"))


async def _step(store: Store, user: str, n: int) -> float:
    start = time.perf_counter()
    await store.load(user)
    await store.save(user, SESSION, time.time())
    await store.set_anchor(user, n + 1)
    return time.perf_counter() - start


async def _turns(stores: dict[int, Store], steps: int) -> dict[int, list[float]]:
    """``steps`` store steps on each table, the sizes taking turns step by step: a change of
    the machine's load (other work on the 2 cores) then weighs on both alike, as in
    ``bench.telegram``. Random users, the same seed for every size."""
    rngs = {size: random.Random(7) for size in stores}
    out: dict[int, list[float]] = {size: [] for size in stores}
    for n in range(steps):
        for size, store in stores.items():
            out[size].append(await _step(store, f"tg:{rngs[size].randrange(size)}", n))
    return out


def _fill_sqlite(path: Path, start: int, end: int) -> None:
    raw = sqlite3.connect(path)
    with raw:
        raw.executemany(
            "INSERT OR IGNORE INTO sessions (user_key, data, updated_at) VALUES (?, ?, ?)",
            ((f"tg:{n}", _data(), time.time()) for n in range(start, end)),
        )
    raw.close()


STALLS: dict[int, list[float]] = {}
"""Per size, the wall seconds of every unit the SQLite store ran on the event loop."""


async def _sqlite(steps: int) -> dict[int, list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        stores: dict[int, Store] = {}
        try:
            for size in SIZES:  # one file per size, both open at once
                path = Path(tmp) / f"bench-{size}.sqlite3"
                await (await open_store(f"sqlite:///{path}")).close()  # the schema
                _fill_sqlite(path, 0, size)
                store = stores[size] = await open_store(f"sqlite:///{path}")
                db = getattr(store, "_db", None)  # s6-cost: bot.storage.sqlite_db.Db
                if db is not None and hasattr(db, "stalls"):
                    db.stalls = STALLS.setdefault(size, [])
            return await _turns(stores, steps)
        finally:
            for store in stores.values():
                await store.close()


def _pg_bin() -> Path | None:
    from tests.support.postgres import find_bin_dir

    found = find_bin_dir()
    if found is None and shutil.which("initdb") and shutil.which("pg_ctl"):
        found = Path(str(shutil.which("initdb"))).parent
    return found


@asynccontextmanager
async def postgres_cluster() -> AsyncIterator[str]:
    """A throwaway cluster's database URL (RuntimeError saying why when there is none)."""
    from tests.support.postgres import free_port

    bin_dir = _pg_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (no initdb/pg_ctl)")
    as_user: Callable[[list[str]], list[str]] = (
        (lambda c: ["runuser", "-u", "postgres", "--", *c]) if os.geteuid() == 0 else (lambda c: c)
    )
    base = Path(tempfile.mkdtemp(prefix="paidoff-bench-pg-", dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    data, port = base / "data", free_port()

    def run(*command: str) -> None:
        done = subprocess.run(as_user(list(command)), capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{Path(command[0]).name} failed: {done.stderr.strip()[:200]}")

    started = False
    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={base}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-o", options,
            "-w", "start")  # fmt: skip
        started = True
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


async def _postgres(steps: int) -> dict[int, list[float]]:
    import asyncpg

    async with postgres_cluster() as url:
        stores: dict[int, Store] = {}
        try:
            for size in SIZES:  # one database per size in the cluster, both open at once
                admin = await asyncpg.connect(url)
                try:
                    await admin.execute(f"CREATE DATABASE bench_{size}")
                finally:
                    await admin.close()
                target = url.rsplit("/", 1)[0] + f"/bench_{size}"
                stores[size] = await open_store(target)  # the schema
                connection = await asyncpg.connect(target)
                try:
                    now = time.time()
                    rows = [(f"tg:{n}", _data(), now) for n in range(size)]
                    await connection.copy_records_to_table(
                        "sessions", records=rows, columns=["user_key", "data", "updated_at"]
                    )
                    await connection.execute("ANALYZE sessions")
                finally:
                    await connection.close()
            return await _turns(stores, steps)
        finally:
            for store in stores.values():
                await store.close()


def _p99_us(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1e6


async def store_figures(steps: int = 3000, postgres: bool = True) -> dict[str, object]:
    """``store_p99_us_1k`` / ``_100k`` (SQLite) and ``store_pg_p99_us_*`` (or a reason)."""
    sqlite_runs = await _sqlite(steps)
    out: dict[str, object] = {
        "store_p99_us_1k": round(_p99_us(sqlite_runs[SIZES[0]]), 1),
        "store_p99_us_100k": round(_p99_us(sqlite_runs[SIZES[1]]), 1),
        "store_p50_us_1k": round(sorted(sqlite_runs[SIZES[0]])[steps // 2] * 1e6, 1),
        "store_p50_us_100k": round(sorted(sqlite_runs[SIZES[1]])[steps // 2] * 1e6, 1),
    }
    # s6-cost: how long one store call holds the event loop (its units run on the loop)
    stalls = [t for size in SIZES for t in STALLS.get(size, [])]
    out["store_loop_stall_us_p99"] = round(_p99_us(stalls), 1) if stalls else None
    out["store_loop_stall_us_max"] = round(max(stalls) * 1e6, 1) if stalls else None
    keys = ("store_pg_p99_us_1k", "store_pg_p99_us_100k", "store_pg_p50_us_1k")
    if not postgres:
        return out | dict.fromkeys(keys) | {"store_pg_reason": "not asked (--no-postgres)"}
    try:
        pg = await _postgres(steps)
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        return out | dict.fromkeys(keys) | {"store_pg_reason": str(exc)[:200]}
    return out | {
        "store_pg_p99_us_1k": round(_p99_us(pg[SIZES[0]]), 1),
        "store_pg_p99_us_100k": round(_p99_us(pg[SIZES[1]]), 1),
        "store_pg_p50_us_1k": round(sorted(pg[SIZES[0]])[steps // 2] * 1e6, 1),
        "store_pg_reason": None,
    }


def main() -> None:
    """Print the figures, one a line."""
    for key, value in asyncio.run(store_figures()).items():
        print(f"{key:<24} {value}")


if __name__ == "__main__":
    main()

"""A throwaway PostgreSQL cluster for the tests: ``initdb`` + ``pg_ctl`` on a loopback port.

``postgres_server`` (session-scoped) starts one cluster with ``fsync=off`` in a temporary
folder (about 2 s) and stops and deletes it at the end; ``postgres_url`` (per test) is a
fresh, empty database on it. The binaries come from Debian's ``postgresql`` package
(/usr/lib/postgresql/<version>/bin; ``.ci/run`` installs it). PostgreSQL refuses to run as
root, so as root the server runs as the ``postgres`` user. Without PostgreSQL the tests
that need it are skipped locally and fail in CI (``CI=true``): a CI run must test it.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

__all__ = [
    "PostgresServer",
    "cluster",
    "find_bin_dir",
    "free_port",
    "postgres_server",
    "postgres_url",
    "unavailable",
]

_SUPERUSER = "postgres"


def find_bin_dir() -> Path | None:
    """The newest installed PostgreSQL's bin folder (with initdb and pg_ctl), or None."""
    found = [
        path
        for path in Path("/usr/lib/postgresql").glob("*/bin")
        if (path / "initdb").is_file() and (path / "pg_ctl").is_file()
    ]
    return (
        max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
        if found
        else None
    )


@dataclass
class PostgresServer:
    """A running cluster: where it listens and how to make a fresh database on it."""

    bin_dir: Path
    port: int
    _names: Iterator[int]

    def url(self, database: str) -> str:
        return f"postgresql://{_SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """Create an empty database; return its URL."""
        name = f"test_{next(self._names)}"
        subprocess.run(
            [str(self.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port)]
            + ["-U", _SUPERUSER, name],
            check=True,
            capture_output=True,
            timeout=60,
        )
        return self.url(name)


def unavailable(reason: str) -> NoReturn:
    """Skip the test here; fail it in CI (CI=true), where PostgreSQL must be tested."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is needed in CI: {reason} (.ci/run installs it)")
    pytest.skip(f"PostgreSQL is not available here: {reason} (apt-get install postgresql)")


def _as_server_user(command: list[str]) -> list[str]:
    """Run as ``postgres`` when we are root (PostgreSQL will not run as root)."""
    return ["runuser", "-u", _SUPERUSER, "--", *command] if os.geteuid() == 0 else command


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def cluster(bin_dir: Path) -> Iterator[PostgresServer]:
    """Start a throwaway cluster (``bin_dir``: ``find_bin_dir()``); stop and delete it at
    the end. Also used outside pytest (``python -m bench.replicas``)."""
    owner = pwd.getpwnam(_SUPERUSER) if os.geteuid() == 0 else None
    # Not under pytest's tmp_path (nor a private TMPDIR): its folders are private to root,
    # and the server user must reach its own data folder.
    base = Path(tempfile.mkdtemp(prefix="paidoff-pg-", dir="/tmp" if owner else None))
    if owner is not None:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    data, log = base / "data", base / "server.log"

    def run(*command: str) -> None:
        done = subprocess.run(
            _as_server_user(list(command)), capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            tail = (log.read_text(errors="replace") if log.exists() else "")[-2000:]
            raise RuntimeError(f"{command[0]} failed: {done.stderr.strip()}\n{tail}")

    started = False
    try:
        run(
            str(bin_dir / "initdb"), "-D", str(data), "-U", _SUPERUSER, "-A", "trust",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        for attempt in range(3):  # another process may take the free port before we do
            port = free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={base}"
                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            try:
                pg_ctl = str(bin_dir / "pg_ctl")
                run(pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
                started = True
                break
            except RuntimeError:
                if attempt == 2:
                    raise
        yield PostgresServer(bin_dir, port, itertools.count(1))
    finally:
        if started:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        unavailable("no /usr/lib/postgresql/*/bin/initdb")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(_SUPERUSER)
        except KeyError:
            unavailable(f"running as root and there is no '{_SUPERUSER}' user")
    with cluster(bin_dir) as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """A fresh, empty database on the session's cluster."""
    return postgres_server.new_database()

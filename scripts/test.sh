#!/usr/bin/env bash
# Set everything up (Debian packages the tests need, the venv) and run the whole check:
# knowledge, lint, types, tests.
# Extra arguments go to pytest (e.g. scripts/test.sh -k dialogue).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
bash scripts/setup.sh requirements-dev.lock
# The bot's own modules compiled once, as pip does for an installed package: the suite starts
# `python -m bot` dozens of times, and with PYTHONDONTWRITEBYTECODE=1 (CI) each start would compile
# ~130 modules again (~0.3 s CPU). The .pyc files go to __pycache__/ (ignored by git).
.venv/bin/python -m compileall -q bot >/dev/null
.venv/bin/paidoff check
.venv/bin/ruff check bot tests bench
.venv/bin/mypy
# Two worker processes (pytest-xdist): most of the suite's wall time is waiting on bot
# subprocesses, loopback HTTP and PostgreSQL, so two workers on two cores halve it. Every
# test is isolated (tmp_path, free ports, one throwaway PostgreSQL cluster and knowledge
# cache per worker). Later arguments win: `scripts/test.sh -n 0` runs serially.
.venv/bin/python -m pytest -n 2 "$@"

#!/usr/bin/env bash
# Set everything up (Debian packages the tests need, the venv) and run the whole check:
# knowledge, lint, types, tests.
# Extra arguments go to pytest (e.g. scripts/test.sh -k dialogue).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
bash scripts/setup.sh requirements-dev.lock
.venv/bin/paidoff check
.venv/bin/ruff check bot tests bench
.venv/bin/mypy
.venv/bin/python -m pytest "$@"

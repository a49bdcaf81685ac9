#!/usr/bin/env bash
# Create .venv (if missing) and install the pinned dependencies and this package into it.
# Used by scripts/run.sh and scripts/test.sh; safe to run again (it only syncs).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi
say() { echo "setup: $*" >&2; }
if [ ! -x .venv/bin/pip ]; then
  say "creating the virtual environment .venv with $("$PYTHON" --version 2>&1)"
  rm -rf .venv  # a half-made venv (e.g. without pip) would fail every later run
  if ! "$PYTHON" -m venv .venv; then
    rm -rf .venv
    echo "could not create .venv: on Debian/Ubuntu run: apt-get install python3-venv" >&2
    exit 1
  fi
fi
lock=${1:-requirements.lock}
stamp=".venv/.installed-$(basename "$lock")"
if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ] || [ requirements-build.lock -nt "$stamp" ] \
  || [ pyproject.toml -nt "$stamp" ] || [ setup.py -nt "$stamp" ]; then
  started=$SECONDS
  say "installing the pinned dependencies of $lock into .venv" \
    "(the first time this downloads them: about a minute or two) …"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check \
    -r requirements-build.lock -r "$lock"
  say "installing Paid-Off Advisor itself (editable, with its knowledge/) …"
  # Built with the pinned setuptools just installed, not a fresh download (requirements-build.lock).
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
    --no-build-isolation -e .
  touch "$stamp"
  say "ready in $((SECONDS - started)) s"
fi

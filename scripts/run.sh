#!/usr/bin/env bash
# Set everything up and start Paid-Off Advisor: the Telegram bot when TELEGRAM_BOT_TOKEN is
# set (also read from .env), otherwise the terminal chat. Extra arguments go to `paidoff`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.lock  # says what it installs, the first time only
if [ -f .env ]; then set -a; . ./.env; set +a; fi
exec .venv/bin/paidoff "$@"

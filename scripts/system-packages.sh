#!/usr/bin/env bash
# Debian packages the tests need, installed only when one is missing (safe to rerun, no stdin).
# fonts-wqy-microhei: the CJK font the PDF report embeds and the OCR tests draw screenshots
# with (rapidocr + onnxruntime and their models come from the lock file); poppler-utils:
# pdftotext/pdftoppm/pdffonts for the PDF tests; postgresql: initdb/pg_ctl for the
# PostgreSQL store tests, which start their own throwaway cluster as the postgres user on a
# loopback port (tests/support/postgres.py; with CI=true they fail, not skip, without it).
# Not root or no apt-get: says what is missing and goes on (those tests then say why).
set -euo pipefail
debian_packages=(fonts-wqy-microhei poppler-utils postgresql)
missing=()
for package in "${debian_packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "system-packages: missing ${missing[*]} (install them with apt-get as root);" \
    "the tests that need them will fail or be skipped" >&2
  exit 0
fi
echo "system-packages: installing ${missing[*]} …"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq </dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null

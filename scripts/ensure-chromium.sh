#!/usr/bin/env bash
# Installs Debian's `chromium` package when /usr/bin/chromium is missing, for the dashboard's
# real-browser tests (playwright-core drives the system Chromium; it never downloads a browser).
# Idempotent: does nothing when the binary is already there. Runs `apt-get update` at most once.
set -euo pipefail
bin="/usr/bin/chromium"
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "fazt: $bin is missing and apt-get is not available; install Chromium by hand." >&2
  exit 1
fi
sudo_cmd=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo"; else
    echo "fazt: installing Chromium needs root (or sudo)." >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
echo "fazt: installing Chromium for the dashboard browser tests (first run only)..." >&2
echo "fazt: apt-get update" >&2
$sudo_cmd apt-get update -q >&2
echo "fazt: apt-get install chromium" >&2
$sudo_cmd apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >&2
if [ ! -x "$bin" ]; then echo "fazt: chromium installed but $bin is missing" >&2; exit 1; fi
echo "fazt: Chromium ready: $bin" >&2
echo "$bin"

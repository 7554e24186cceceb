#!/usr/bin/env bash
# Installs Debian's `openssh-server` when /usr/sbin/sshd is missing, for the SSH client tests
# (test/helpers/sshd.ts runs a real OpenSSH sshd on 127.0.0.1 with a temporary config).
# Idempotent: does nothing when the binary is already there. Runs `apt-get update` at most once.
# The package's own service is never started here: the tests run sshd themselves, in the foreground.
set -euo pipefail
bin="/usr/sbin/sshd"
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
# Parallel test workers may all get here: one installs, the others wait and find it installed.
if command -v flock >/dev/null 2>&1; then
  exec 9>"${TMPDIR:-/tmp}/fazt-ensure-sshd.lock"
  flock 9
  if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "fazt: $bin is missing and apt-get is not available; install OpenSSH server by hand." >&2
  exit 1
fi
sudo_cmd=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo"; else
    echo "fazt: installing openssh-server needs root (or sudo)." >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
echo "fazt: installing OpenSSH server for the SSH client tests (first run only)..." >&2
# Keep the package from starting a system-wide sshd on port 22 (no init system in containers
# anyway, but policy-rc.d makes it explicit where there is one).
policy="/usr/sbin/policy-rc.d"
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee "$policy" >/dev/null
  $sudo_cmd chmod 755 "$policy"
  made_policy=1
fi
cleanup() { if [ "$made_policy" = 1 ]; then $sudo_cmd rm -f "$policy"; fi; }
trap cleanup EXIT
stamp="/var/lib/apt/periodic/fazt-sshd-update-done"
if [ ! -e "$stamp" ]; then
  echo "fazt: apt-get update" >&2
  $sudo_cmd apt-get update -q >&2
  $sudo_cmd mkdir -p "$(dirname "$stamp")" && $sudo_cmd touch "$stamp"
fi
echo "fazt: apt-get install openssh-server" >&2
$sudo_cmd apt-get install -y -q --no-install-recommends openssh-server >&2
if [ ! -x "$bin" ]; then echo "fazt: openssh-server installed but $bin is missing" >&2; exit 1; fi
echo "fazt: sshd ready: $bin" >&2
echo "$bin"

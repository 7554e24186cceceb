#!/usr/bin/env bash
# Installs Debian's cloud-init (for `cloud-init schema`, which checks our rendered user data against
# the real cloud-config schema). Idempotent; only the package files, no services are started.
set -euo pipefail
if command -v cloud-init >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "fazt: cloud-init is needed for the cloud-config schema test; install it with your package manager." >&2
  exit 1
fi
echo "fazt: installing Debian's cloud-init (schema checks) ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends cloud-init >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends cloud-init >/dev/null; }

#!/usr/bin/env bash
# Quick start, command one: the whole system on the embedded default (Temporal dev server,
# provider sandbox unless real credentials are configured, worker). Ctrl-C stops it all.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/bootstrap.sh
exec node lib/runtime/up.js "$@"

#!/usr/bin/env bash
# Installs what the project needs on first run: npm packages, the compiled JS, the Temporal CLI.
# Idempotent and quiet when everything is in place.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if ! command -v node >/dev/null 2>&1; then
  echo "fazt: Node.js 20+ is required (https://nodejs.org/ or: apt-get install nodejs npm)" >&2
  exit 1
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "fazt: installing npm packages ..." >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
bash scripts/ensure-temporal.sh >/dev/null
echo "fazt: compiling TypeScript ..." >&2
npx tsc -p tsconfig.json

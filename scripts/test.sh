#!/usr/bin/env bash
# Quick start, command two: the whole test suite on real parts (Temporal dev server, OpenSSH sshd,
# DNS servers and provider simulators on loopback, headless Chromium). Installs what it needs.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/bootstrap.sh || exit 1
for s in ensure-sshd.sh ensure-chromium.sh ensure-cloud-init.sh ensure-python-clients.sh ensure-debian-clients.sh; do
  if [ -f "scripts/$s" ]; then bash "scripts/$s" >/dev/null || { echo "fazt: scripts/$s failed" >&2; exit 1; }; fi
done
echo "fazt: linting ..." >&2
npx eslint src test bench || exit 1
report="$(mktemp)"
npx jest --json --outputFile="$report" "$@"
status=$?
node -e '
  const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$report" || echo "jest: could not read the test report"

rm -f "$report"
exit $status

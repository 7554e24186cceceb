#!/usr/bin/env bash
# Installs the providers' official Python clients (Hetzner's hcloud, DigitalOcean's pydo) into a
# venv in tools/pyenv, for test/official/*: they prove the sandbox simulators work with the real
# clients unchanged. Pinned versions; idempotent (skips when the venv can import both).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/tools/pyenv"
py="$venv/bin/python"
HCLOUD_VERSION="2.27.0"
PYDO_VERSION="0.44.0"

if [ -x "$py" ] && "$py" - "$HCLOUD_VERSION" "$PYDO_VERSION" >/dev/null 2>&1 <<'EOF'
import sys
from importlib.metadata import version
import hcloud, pydo  # noqa: F401
assert version("hcloud") == sys.argv[1] and version("pydo") == sys.argv[2]
EOF
then
  exit 0
fi

if ! command -v python3 >/dev/null 2>&1; then
  echo "fazt: python3 is needed for the official-client tests (hcloud, pydo); install Python 3.9+ with its venv module." >&2
  exit 1
fi
echo "fazt: creating the Python venv in tools/pyenv ..." >&2
python3 -m venv "$venv" || { echo "fazt: python3 -m venv failed; install your Python's venv package (e.g. python3-venv)." >&2; exit 1; }
echo "fazt: installing hcloud==$HCLOUD_VERSION and pydo==$PYDO_VERSION from PyPI ..." >&2
"$py" -m pip install --quiet --disable-pip-version-check "hcloud==$HCLOUD_VERSION" "pydo==$PYDO_VERSION" >&2
"$py" -c "import hcloud, pydo" || { echo "fazt: hcloud/pydo installed but cannot be imported." >&2; exit 1; }
echo "fazt: official Python clients ready." >&2

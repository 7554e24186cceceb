#!/usr/bin/env bash
# Builds Hetzner's official hcloud CLI into the git-ignored tools/bin, for the official-client tests
# (test/official/hcloud.test.ts) that point it at the sandbox's Hetzner simulator.
# Idempotent: does nothing when tools/bin/hcloud already exists. Prints the binary path last.
#
# First choice is `go install` through the Go module proxy. Where the proxy refuses the module,
# set HCLOUD_CLI_GIT to any git clone of github.com/hetznercloud/cli: the same tag is then built
# from that clone (its dependencies still come from the module proxy).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/tools/bin/hcloud"
# v1.59.0 has the Cloud DNS zone/rrset commands and builds with Go >= 1.24 (go.mod `go 1.24.0`).
version="v1.59.0"
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  echo "fazt: the hcloud CLI is built from source and needs Go (https://go.dev/dl/, or: apt-get install golang)." >&2
  exit 1
fi
mkdir -p "$root/tools/bin" "$root/tools/gocache" "$root/tools/gopath"
export GOPATH="$root/tools/gopath" GOCACHE="$root/tools/gocache" GOFLAGS=-modcacherw CGO_ENABLED=0 GOTOOLCHAIN=local
echo "fazt: building the hcloud CLI $version into tools/bin (first run only)..." >&2
if GOBIN="$root/tools/bin" go install "github.com/hetznercloud/cli/cmd/hcloud@$version" >&2; then
  echo "$bin"
  exit 0
fi
if [ -z "${HCLOUD_CLI_GIT:-}" ]; then
  echo "fazt: 'go install github.com/hetznercloud/cli/cmd/hcloud@$version' failed (is the module proxy reachable?)." >&2
  echo "      Set HCLOUD_CLI_GIT to a git clone of github.com/hetznercloud/cli to build from source instead." >&2
  exit 1
fi
src="$(mktemp -d)"
trap 'rm -rf "$src"' EXIT
echo "fazt: building hcloud $version from $HCLOUD_CLI_GIT instead" >&2
git -C "$HCLOUD_CLI_GIT" archive "$version" | tar -x -C "$src"
(cd "$src" && go build -trimpath -ldflags "-s -w" -o "$bin" ./cmd/hcloud) >&2
echo "fazt: hcloud CLI ready: $bin" >&2
echo "$bin"

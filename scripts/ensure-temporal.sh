#!/usr/bin/env bash
# Builds the Temporal CLI (dev server + Web UI, SQLite persistence) into the git-ignored tools/ folder.
# Idempotent: does nothing when tools/bin/temporal already exists. Prints the binary path last.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/tools/bin/temporal"
version="v1.5.1"
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  echo "fazt: the Temporal CLI is built from source and needs Go (https://go.dev/dl/, or: apt-get install golang)." >&2
  echo "      Alternatively point TEMPORAL_ADDRESS at an existing Temporal server." >&2
  exit 1
fi
mkdir -p "$root/tools/bin"
echo "fazt: building the Temporal CLI $version into tools/bin (first run only, takes a few minutes)..." >&2
# Go's own module and build caches (not the project folder), so another clone builds in seconds.
if ! GOBIN="$root/tools/bin" GOFLAGS=-modcacherw CGO_ENABLED=0 go install "github.com/temporalio/cli/cmd/temporal@$version" >&2; then
  echo "fazt: building the Temporal CLI failed. It needs the Go module proxy; alternatively set TEMPORAL_ADDRESS to an existing Temporal server." >&2
  exit 1
fi
echo "fazt: Temporal CLI ready: $bin" >&2
echo "$bin"

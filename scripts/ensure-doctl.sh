#!/usr/bin/env bash
# Builds DigitalOcean's official CLI, doctl, into the git-ignored tools/ folder, so
# test/official/doctl.test.ts can point it at the sandbox simulator. Idempotent: does nothing when
# tools/bin/doctl already exists. Prints the binary path last.
#
# The normal path is `go install` from the Go module proxy. Where the proxy will not serve doctl
# (some mirrors refuse its module files), set DOCTL_SRC to a doctl git checkout or source tree of
# the same tag: doctl commits its vendor/ folder, so that build needs no network at all.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/tools/bin/doctl"
version="${DOCTL_VERSION:-v1.166.0}"  # go.mod says go 1.25: builds with Go >= 1.25
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  echo "fazt: doctl is built from source and needs Go >= 1.25 (https://go.dev/dl/)." >&2
  exit 1
fi
mkdir -p "$root/tools/bin" "$root/tools/gocache" "$root/tools/gopath"
export GOPATH="$root/tools/gopath" GOCACHE="$root/tools/gocache" GOFLAGS=-modcacherw CGO_ENABLED=0
echo "fazt: building doctl $version into tools/bin (first run only, takes a few minutes)..." >&2
if GOBIN="$root/tools/bin" go install "github.com/digitalocean/doctl/cmd/doctl@$version" >&2; then
  echo "$bin"; exit 0
fi
if [ -z "${DOCTL_SRC:-}" ]; then
  echo "fazt: go install of doctl failed; set DOCTL_SRC to a doctl checkout ($version) to build it offline from its vendor/ folder." >&2
  exit 1
fi
src="$root/tools/src/doctl-$version"
if [ ! -d "$src" ]; then
  mkdir -p "$src"
  if git -C "$DOCTL_SRC" rev-parse --git-dir >/dev/null 2>&1; then
    git -C "$DOCTL_SRC" archive "$version" | tar -x -C "$src"
  else
    cp -R "$DOCTL_SRC/." "$src/"
  fi
fi
IFS=. read -r major minor patch <<<"${version#v}"
pkg=github.com/digitalocean/doctl
(cd "$src" && go build -mod=vendor -trimpath -o "$bin" \
  -ldflags "-X $pkg.Major=$major -X $pkg.Minor=$minor -X $pkg.Patch=$patch -X $pkg.Label=release" ./cmd/doctl) >&2
echo "fazt: doctl ready: $bin" >&2
echo "$bin"

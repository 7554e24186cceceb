#!/usr/bin/env bash
# Installs two official provider clients that Debian packages, for test/official/*: Hetzner's
# `hcloud` CLI (hcloud-cli) and DigitalOcean's Go client library godo
# (golang-github-digitalocean-godo-dev, the library doctl is built on). They prove the sandbox
# simulators work with the real clients unchanged. Idempotent; quiet when both are present.
set -euo pipefail
GODO_DIR="/usr/share/gocode/src/github.com/digitalocean/godo"
missing=()
command -v hcloud >/dev/null 2>&1 || missing+=(hcloud-cli)
[ -f "$GODO_DIR/godo.go" ] || missing+=(golang-github-digitalocean-godo-dev)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "fazt: ${missing[*]} are needed for the official-client tests; install them with your package manager." >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" != 0 ]; then sudo=(sudo -n); fi
echo "fazt: installing Debian's ${missing[*]} (official Hetzner CLI / DigitalOcean Go client) ..." >&2
export DEBIAN_FRONTEND=noninteractive
try_install() { "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; }
if ! try_install; then
  echo "fazt: apt-get install failed; running apt-get update and retrying ..." >&2
  "${sudo[@]}" apt-get update -q >/dev/null
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v hcloud >/dev/null 2>&1 && [ -f "$GODO_DIR/godo.go" ] || { echo "fazt: ${missing[*]} installed but not where expected." >&2; exit 1; }
echo "fazt: Debian's official clients ready." >&2

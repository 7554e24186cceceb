#!/bin/sh
# Registers fazt's custom search attributes (all Keyword) on one namespace. Safe to re-run: an
# attribute that is already there is left alone. Used by docker-compose's `search-attributes` job
# (temporalio/admin-tools image); works anywhere the `temporal` CLI is on PATH.
#
#   TEMPORAL_ADDRESS    host:port of the frontend   (default temporal:7233)
#   TEMPORAL_NAMESPACE  namespace to register on     (default default)
#   FAZT_WAIT_SECONDS   how long to wait for Temporal (default 120)
set -eu

addr="${TEMPORAL_ADDRESS:-temporal:7233}"
ns="${TEMPORAL_NAMESPACE:-default}"
wait_s="${FAZT_WAIT_SECONDS:-120}"
attributes="FaztProvider FaztOperation FaztServer FaztZone FaztAwaiting"

waited=0
until temporal operator search-attribute list --address "$addr" --namespace "$ns" >/dev/null 2>&1; do
  if [ "$waited" -ge "$wait_s" ]; then
    echo "fazt: Temporal at $addr (namespace $ns) did not answer within ${wait_s}s" >&2
    exit 1
  fi
  sleep 2
  waited=$((waited + 2))
done

existing="$(temporal operator search-attribute list --address "$addr" --namespace "$ns")"
for name in $attributes; do
  if printf '%s\n' "$existing" | grep -qw "$name"; then
    echo "fazt: search attribute $name already registered"
  else
    temporal operator search-attribute create --address "$addr" --namespace "$ns" --name "$name" --type Keyword
    echo "fazt: search attribute $name registered (Keyword)"
  fi
done

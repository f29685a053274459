#!/usr/bin/env bash
# Thundering-herd benchmark (a command, not a test): N (default 500) clients ask at the same moment
# for one product nobody has asked for yet, through the lab gateway's cache and, for comparison,
# through an uncached route of the same gateway to the same replica. Prints how many of those
# requests reached the replica for each. Target: exactly 1 through the cache.
# The replica answers after a downstream wait (--latency) so the herd arrives while the first
# request is still in flight. Everything runs on loopback and stops by itself.
#
#   gateway/bench/cache-herd.sh [--clients 500] [--latency 300ms] [--rounds 3]
# Run it alone: flock /tmp/lab-build.lock bash gateway/bench/cache-herd.sh
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

CLIENTS=500 LATENCY=300ms ROUNDS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) CLIENTS=$2; shift 2 ;;
    --latency) LATENCY=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

bench_setup services/downstream/target/downstream-exec.jar services/webflux/target/service-webflux-exec.jar \
  gateway/target/gateway-exec.jar
echo "[bench] starting downstream, the replica and the gateway"
start_origin
# /webflux: the lab's route with its cache; /uncached: the same replica through a route without one
start_app gateway gateway/target/gateway-exec.jar \
  --lab.gateway.discovery.replicas.service-webflux="http://127.0.0.1:$REPLICA" \
  --lab.gateway.routes.uncached.path=/uncached --lab.gateway.routes.uncached.uri="http://127.0.0.1:$REPLICA" \
  --lab.gateway.routes.uncached.timeout=30s
GATEWAY=${APP_PORT[gateway]}

herd() { # URL -> "upstream_requests client_summary"
  local before after summary
  before=$(product_requests)
  summary=$("$JAVA_HOME/bin/java" gateway/bench/HerdClient.java "$1" "$CLIENTS")
  after=$(product_requests)
  echo "$((after - before)) $summary"
}

printf '\n| round | cache | cold product | requests reaching the replica | client view |\n|---|---|---|---:|---|\n'
ours_max=0
for round in $(seq 1 "$ROUNDS"); do
  id=$((1000 + round))
  read -r ours ours_summary <<<"$(herd "http://127.0.0.1:$GATEWAY/webflux/products/$id?latency=$LATENCY")"
  read -r plain plain_summary <<<"$(herd "http://127.0.0.1:$GATEWAY/uncached/products/$((2000 + round))?latency=$LATENCY")"
  printf '| %s | lab gateway | %s | %s | %s |\n' "$round" "$id" "$ours" "$ours_summary"
  printf '| %s | none (uncached route) | %s | %s | %s |\n' "$round" "$((2000 + round))" "$plain" "$plain_summary"
  [ "$ours" -gt "$ours_max" ] && ours_max=$ours
done
echo
if [ "$ours_max" = 1 ]; then
  echo "lab gateway: exactly 1 upstream request per herd of $CLIENTS (target met)"
else
  echo "lab gateway: up to $ours_max upstream requests per herd of $CLIENTS (target: exactly 1)"
fi

#!/usr/bin/env bash
# Proxy overhead benchmark (a command, not a test): the same request straight to one replica,
# through the lab gateway, and through Debian's nginx (proxy_pass with a keepalive upstream) in
# front of the same replica, with the same client (wrk) and connection count. Prints throughput
# and p50/p99 side by side, and the ratios the gateway issue targets:
#   gateway p50 - direct p50 <= 1 ms, gateway throughput >= 0.6 x nginx throughput.
# Everything runs on loopback and stops by itself.
#
#   gateway/bench/proxy-overhead.sh [--connections 50] [--duration 10s] [--warmup 20s] [--path '/work?bytes=256']
# The warm-up is long on purpose: the gateway's request path is deep, and on 2 cores the JIT needs
# well over ten seconds of traffic before it is compiled; measuring earlier measures the JIT.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

CONNECTIONS=50 DURATION=10s WARMUP=20s PATH_AND_QUERY='/work?bytes=256'
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) CONNECTIONS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --path) PATH_AND_QUERY=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

bench_setup services/webflux/target/service-webflux-exec.jar gateway/target/gateway-exec.jar
GATEWAY=$(free_port) GATEWAY_MGMT=$(free_port) NGINX=$(free_port)
REPLICA=$(free_port) REPLICA_MGMT=$(free_port)

start_app replica services/webflux/target/service-webflux-exec.jar \
  --server.port="$REPLICA" --management.server.port="$REPLICA_MGMT"
# the cache is off: this measures the proxy path
start_app gateway gateway/target/gateway-exec.jar \
  --server.port="$GATEWAY" --management.server.port="$GATEWAY_MGMT" --lab.gateway.cache.enabled=false \
  --spring.cloud.discovery.client.simple.instances.service-webflux[0].uri="http://127.0.0.1:$REPLICA"
start_nginx "$NGINX" 1

echo "[bench] waiting for the replica and the gateway"
wait_ready "$REPLICA_MGMT" "$GATEWAY_MGMT"
run() { measure "$2" "$CONNECTIONS" "$DURATION" "$WARMUP"; }

echo "[bench] wrk -t2 -c$CONNECTIONS -d$DURATION, GET $PATH_AND_QUERY"
read -r d_rps d_p50 d_p99 <<<"$(run direct "http://127.0.0.1:$REPLICA$PATH_AND_QUERY")"
read -r g_rps g_p50 g_p99 <<<"$(run gateway "http://127.0.0.1:$GATEWAY/webflux$PATH_AND_QUERY")"
read -r n_rps n_p50 n_p99 <<<"$(run nginx "http://127.0.0.1:$NGINX/webflux$PATH_AND_QUERY")"

printf '\n| path | requests/s | p50 ms | p99 ms |\n|---|---:|---:|---:|\n'
printf '| direct to replica | %s | %s | %s |\n' "$d_rps" "$d_p50" "$d_p99"
printf '| through the gateway | %s | %s | %s |\n' "$g_rps" "$g_p50" "$g_p99"
printf '| through nginx | %s | %s | %s |\n' "$n_rps" "$n_p50" "$n_p99"
awk -v g="$g_rps" -v n="$n_rps" -v d="$d_rps" -v gp="$g_p50" -v dp="$d_p50" 'BEGIN {
  printf "\ngateway p50 overhead over direct: %+.3f ms (target <= 1 ms)\n", gp - dp
  printf "gateway throughput / nginx throughput: %.2f (target >= 0.60)\n", g / n
  printf "gateway throughput / direct throughput: %.2f\n", g / d
}'
echo "(2 cores: wrk, the proxy and the replica share them, so every path is CPU-bound; compare ratios, not absolutes)"

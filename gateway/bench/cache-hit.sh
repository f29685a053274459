#!/usr/bin/env bash
# Cache-hit benchmark (a command, not a test): one product, GET /webflux/products/1, served from
# the cache by the lab gateway and by Debian's nginx with proxy_cache in front of the same replica
# (which asks the same downstream), with the same client (wrk) and connection count. Every cache is
# warmed and checked to answer HIT before measuring. Prints throughput, p50/p99 and the CPU time
# each proxy spends per hit (steadier than p99 on shared cores) side by side, and the ratios the
# cache issue targets:
#   gateway hit throughput >= 0.8 x nginx's, gateway hit p99 <= 1.5 x nginx's.
# nginx is measured in each worker setting given (default: one worker, and Debian's own
# "worker_processes auto", one per core), because on two cores shared with wrk the number of
# threads a proxy runs decides its tail more than the proxy's code does (see gateway/README.md).
# Everything runs on loopback and stops by itself.
#
#   gateway/bench/cache-hit.sh [--connections 50] [--duration 10s] [--warmup 20s] [--rounds 3] [--nginx-workers "1 auto"]
# --rounds: measured runs per proxy after its warm-up; each figure is the median of the rounds.
# Run it alone: flock /tmp/lab-build.lock bash gateway/bench/cache-hit.sh
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

CONNECTIONS=50 DURATION=10s WARMUP=20s ROUNDS=3 NGINX_WORKERS="1 auto" PRODUCT=/products/1
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) CONNECTIONS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --nginx-workers) NGINX_WORKERS=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $ROUNDS =~ ^[1-9]$ ]] || { echo "--rounds: 1 to 9, not '$ROUNDS'" >&2; exit 2; }
for workers in $NGINX_WORKERS; do
  [[ $workers =~ ^([1-9][0-9]?|auto)$ ]] || { echo "--nginx-workers: a list of 1-99 or auto, not '$workers'" >&2; exit 2; }
done

bench_setup services/downstream/target/downstream-exec.jar services/webflux/target/service-webflux-exec.jar \
  gateway/target/gateway-exec.jar
GATEWAY=$(free_port) GATEWAY_MGMT=$(free_port) NGINX=$(free_port)
start_origin
start_app gateway gateway/target/gateway-exec.jar \
  --server.port="$GATEWAY" --management.server.port="$GATEWAY_MGMT" \
  --spring.cloud.discovery.client.simple.instances.service-webflux[0].uri="http://127.0.0.1:$REPLICA"
GATEWAY_PID=${PIDS[-1]}
mkdir -p "$WORK/nginx-cache"
chmod 755 "$WORK" && chmod 777 "$WORK/nginx-cache"   # nginx workers run as an unprivileged user
nginx_with() { # WORKERS : nginx with proxy_cache in front of the replica
  start_nginx "$NGINX" "$1" \
    "proxy_cache_path $WORK/nginx-cache levels=1:2 keys_zone=lab:10m max_size=64m inactive=1h;" \
    'proxy_cache lab; proxy_cache_lock on; proxy_cache_revalidate on;
      proxy_cache_use_stale error timeout updating; proxy_cache_background_update on;
      add_header X-Cache $upstream_cache_status;'
}
warm_hit() { # URL : fetch once, then insist the next answer is a cache hit
  local status
  curl -sf -o /dev/null "$1"
  status=$(curl -s -o /dev/null -D - "$1" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-cache" {print $2}')
  [ "$status" = HIT ] || { echo "[bench] $1 is not served from cache (X-Cache: $status)" >&2; exit 1; }
}

echo "[bench] waiting for downstream, the replica and the gateway"
wait_ready "${ORIGIN_MGMT[@]}" "$GATEWAY_MGMT"
G_URL="http://127.0.0.1:$GATEWAY/webflux$PRODUCT"
N_URL="http://127.0.0.1:$NGINX/webflux$PRODUCT"
warm_hit "$G_URL"

echo "[bench] wrk -t2 -c$CONNECTIONS -d$DURATION, $ROUNDS rounds after a $WARMUP warm-up, GET /webflux$PRODUCT, every cache warm"
upstream_before=$(product_requests)
read -r g_rps g_p50 g_p99 g_cpu <<<"$(measure "$G_URL" "$CONNECTIONS" "$DURATION" "$WARMUP" 2 "$ROUNDS" "$GATEWAY_PID")"
upstream=$(($(product_requests) - upstream_before))
rows=() ratios=()
for workers in $NGINX_WORKERS; do
  nginx_with "$workers"
  warm_hit "$N_URL"
  upstream_before=$(product_requests)
  nginx_pids=$(pgrep -d, -P "$(cat "$WORK/nginx.pid")")
  read -r n_rps n_p50 n_p99 n_cpu <<<"$(measure "$N_URL" "$CONNECTIONS" "$DURATION" "$WARMUP" 2 "$ROUNDS" "$nginx_pids")"
  upstream=$((upstream + $(product_requests) - upstream_before))
  stop_nginx
  label="nginx proxy_cache, worker_processes $workers"
  rows+=("$(printf '| %s | %s | %s | %s | %s |' "$label" "$n_rps" "$n_p50" "$n_p99" "$n_cpu")")
  ratios+=("$(awk -v g="$g_rps" -v n="$n_rps" -v gp="$g_p99" -v np="$n_p99" -v l="$label" 'BEGIN {
    printf "vs %s: hit throughput %.2f (target >= 0.80), hit p99 %.2f (target <= 1.50)", l, g / n, gp / np }')")
done

printf '\n| cache hit via (median of %s rounds) | requests/s | p50 ms | p99 ms | proxy CPU µs/hit |\n|---|---:|---:|---:|---:|\n' "$ROUNDS"
printf '| lab gateway (Caffeine) | %s | %s | %s | %s |\n' "$g_rps" "$g_p50" "$g_p99" "$g_cpu"
printf '%s\n' "${rows[@]}"
echo
printf 'gateway / nginx %s\n' "${ratios[@]}"
echo "product requests that reached the replica while measuring (after the caches were warm): $upstream"
echo "(2 cores: wrk, the proxies and the origin share them; compare ratios, not absolutes)"

#!/usr/bin/env bash
# Cache-hit benchmark (a command, not a test): one product, GET /webflux/products/1, served from
# the cache by the lab gateway and by Debian's nginx with proxy_cache in front of the same replica
# (which asks the same downstream), with the same client (wrk) and connection count. Both caches
# are warmed and checked to answer HIT before measuring. Prints throughput and p50/p99 side by side
# and the ratios the cache issue targets:
#   gateway hit throughput >= 0.8 x nginx's, gateway hit p99 <= 1.5 x nginx's.
# Everything runs on loopback and stops by itself.
#
#   gateway/bench/cache-hit.sh [--connections 50] [--duration 10s] [--warmup 20s] [--nginx-workers 1]
# Run it alone: flock /tmp/lab-build.lock bash gateway/bench/cache-hit.sh
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

CONNECTIONS=50 DURATION=10s WARMUP=20s NGINX_WORKERS=1 PRODUCT=/products/1
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) CONNECTIONS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --nginx-workers) NGINX_WORKERS=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

bench_setup services/downstream/target/downstream-exec.jar services/webflux/target/service-webflux-exec.jar \
  gateway/target/gateway-exec.jar
GATEWAY=$(free_port) GATEWAY_MGMT=$(free_port) NGINX=$(free_port)
start_origin
start_app gateway gateway/target/gateway-exec.jar \
  --server.port="$GATEWAY" --management.server.port="$GATEWAY_MGMT" \
  --spring.cloud.discovery.client.simple.instances.service-webflux[0].uri="http://127.0.0.1:$REPLICA"
mkdir -p "$WORK/nginx-cache"
chmod 755 "$WORK" && chmod 777 "$WORK/nginx-cache"   # nginx workers run as an unprivileged user
start_nginx "$NGINX" "$NGINX_WORKERS" \
  "proxy_cache_path $WORK/nginx-cache levels=1:2 keys_zone=lab:10m max_size=64m inactive=1h;" \
  'proxy_cache lab; proxy_cache_lock on; proxy_cache_revalidate on;
      proxy_cache_use_stale error timeout updating; proxy_cache_background_update on;
      add_header X-Cache $upstream_cache_status;'

echo "[bench] waiting for downstream, the replica and the gateway"
wait_ready "${ORIGIN_MGMT[@]}" "$GATEWAY_MGMT"
G_URL="http://127.0.0.1:$GATEWAY/webflux$PRODUCT"
N_URL="http://127.0.0.1:$NGINX/webflux$PRODUCT"
for url in "$G_URL" "$N_URL"; do
  curl -sf -o /dev/null "$url"
  status=$(curl -s -o /dev/null -D - "$url" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-cache" {print $2}')
  [ "$status" = HIT ] || { echo "[bench] $url is not served from cache (X-Cache: $status)" >&2; exit 1; }
done
upstream_before=$(product_requests)

echo "[bench] wrk -t2 -c$CONNECTIONS -d$DURATION (warm-up $WARMUP), GET /webflux$PRODUCT, both caches warm"
read -r g_rps g_p50 g_p99 <<<"$(measure "$G_URL" "$CONNECTIONS" "$DURATION" "$WARMUP")"
read -r n_rps n_p50 n_p99 <<<"$(measure "$N_URL" "$CONNECTIONS" "$DURATION" "$WARMUP")"
upstream_after=$(product_requests)

printf '\n| cache hit via | requests/s | p50 ms | p99 ms |\n|---|---:|---:|---:|\n'
printf '| lab gateway (Caffeine) | %s | %s | %s |\n' "$g_rps" "$g_p50" "$g_p99"
printf '| nginx proxy_cache (%s worker) | %s | %s | %s |\n' "$NGINX_WORKERS" "$n_rps" "$n_p50" "$n_p99"
awk -v g="$g_rps" -v n="$n_rps" -v gp="$g_p99" -v np="$n_p99" 'BEGIN {
  printf "\ngateway hit throughput / nginx: %.2f (target >= 0.80)\n", g / n
  printf "gateway hit p99 / nginx: %.2f (target <= 1.50)\n", gp / np
}'
echo "product requests that reached the replica while measuring: $((upstream_after - upstream_before))"
echo "(2 cores: wrk, the proxies and the origin share them; compare ratios, not absolutes)"

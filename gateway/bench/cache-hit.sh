#!/usr/bin/env bash
# Cache-hit benchmark (a command, not a test): one product, GET /webflux/products/1, served from
# the cache by the lab gateway and by Debian's nginx with proxy_cache in front of the same replica
# (which asks the same downstream), with the same client (wrk) and connection count. Every cache is
# warmed and checked to answer HIT before measuring. Prints throughput, p50/p99 and the CPU time
# each proxy spends per hit (steadier than p99 on shared cores) side by side, and the ratios the
# cache issue targets:
#   gateway hit throughput >= 1.0 x nginx's, gateway hit p99 <= 1.5 x nginx's.
# The proxies are compared in pairs of settings, GATEWAY_LOOPS:NGINX_WORKERS: by default both as
# shipped (the gateway with one event loop per core, as deployed; nginx with Debian's
# "worker_processes auto", one worker per core) and both with one serving thread (one event loop,
# one worker), each proxy's best tail on two cores shared with wrk (see gateway/README.md: there
# the number of threads a proxy runs decides its tail more than its code does). Within a pair the
# rounds alternate, gateway then nginx, so whatever else the machine does falls on both alike.
# Everything runs on loopback and stops by itself.
#
#   gateway/bench/cache-hit.sh [--connections 50] [--duration 10s] [--warmup 15s] [--rounds 5]
#                              [--pairs "default:auto 1:1"]
# --warmup: each proxy is warmed up twice this long, alternately, before the first round: wrk
#   closes its connections after each run and opening new ones sends the JIT back to work on the
#   event loop's hot methods once; after the second warm-up the rounds measure the compiled path.
# --rounds: measured runs per proxy, alternating; each figure is the median of the rounds.
# --pairs: gateway event loops (default: one per core, or 1-99) : nginx workers (auto, or 1-99),
#   e.g. "default:1", or "4:auto" for Reactor Netty's own default on two cores.
# Run it alone: flock /tmp/lab-build.lock bash gateway/bench/cache-hit.sh
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

CONNECTIONS=50 DURATION=10s WARMUP=15s ROUNDS=5 PAIRS="default:auto 1:1" PRODUCT=/products/1
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) CONNECTIONS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --pairs) PAIRS=$2; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $ROUNDS =~ ^[1-9]$ ]] || { echo "--rounds: 1 to 9, not '$ROUNDS'" >&2; exit 2; }
for pair in $PAIRS; do
  [[ $pair =~ ^(default|[1-9][0-9]?):(auto|[1-9][0-9]?)$ ]] \
    || { echo "--pairs: a list of LOOPS:WORKERS, LOOPS default or 1-99, WORKERS auto or 1-99; not '$pair'" >&2; exit 2; }
done

bench_setup services/downstream/target/downstream-exec.jar services/webflux/target/service-webflux-exec.jar \
  gateway/target/gateway-exec.jar
GATEWAY=$(free_port) NGINX=$(free_port)
APP_PORT[gateway]=$GATEWAY   # every gateway_with starts it on this port again
G_URL="http://127.0.0.1:$GATEWAY/webflux$PRODUCT"
N_URL="http://127.0.0.1:$NGINX/webflux$PRODUCT"
echo "[bench] starting downstream and the replica"
start_origin
mkdir -p "$WORK/nginx-cache"
chmod 755 "$WORK" && chmod 777 "$WORK/nginx-cache"   # nginx workers run as an unprivileged user

gateway_with() { # LOOPS : the packaged gateway routing to the replica; sets GATEWAY_PID
  local flags=("${JVM[@]}")
  [ "$1" = default ] || JVM+=("-Dreactor.netty.ioWorkerCount=$1")
  start_app gateway gateway/target/gateway-exec.jar \
    --lab.gateway.discovery.replicas.service-webflux="http://127.0.0.1:$REPLICA"
  GATEWAY_PID=${APP_PID[gateway]}
  JVM=("${flags[@]}")
}
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
# alternate LABEL : both proxies warmed up twice, then $ROUNDS rounds, gateway and nginx in turn;
# sets G_RESULT and N_RESULT to "rps p50_ms p99_ms cpu_us_per_hit" (medians of the rounds)
alternate() {
  # nginx's CPU: its workers and its cache manager (the cache loader exits a minute after start)
  local nginx_pids results
  nginx_pids=$(pgrep -d, -P "$(cat "$WORK/nginx.pid")" -f 'worker process|cache manager')
  echo "[bench] $1: both answer HIT" >&2
  mapfile -t results < <(alternate_rounds "$1" 2 "$ROUNDS" "$G_URL $GATEWAY_PID" "$N_URL $nginx_pids")
  [ ${#results[@]} = 2 ] || { echo "[bench] $1: the rounds failed" >&2; exit 1; }
  G_RESULT=${results[0]} N_RESULT=${results[1]}
}

echo "[bench] wrk -t2 -c$CONNECTIONS, $ROUNDS rounds of $DURATION per proxy after two warm-ups of $WARMUP, GET /webflux$PRODUCT, every cache warm"
upstream=0 rows=() ratios=()
for pair in $PAIRS; do
  loops=${pair%%:*} workers=${pair##*:}
  [ "$loops" = default ] && loops="one per core, as shipped"
  g_label="lab gateway (Caffeine), event loops: $loops" n_label="nginx proxy_cache, worker_processes $workers"
  gateway_with "${pair%%:*}"
  nginx_with "$workers"
  warm_hit "$G_URL"
  warm_hit "$N_URL"
  upstream_before=$(product_requests)
  alternate "$pair"
  upstream=$((upstream + $(product_requests) - upstream_before))
  stop_process "$GATEWAY_PID"
  stop_nginx
  read -r g_rps g_p50 g_p99 g_cpu <<<"$G_RESULT"
  read -r n_rps n_p50 n_p99 n_cpu <<<"$N_RESULT"
  rows+=("$(printf '| %s | %s | %s | %s | %s |' "$g_label" "$g_rps" "$g_p50" "$g_p99" "$g_cpu")"
    "$(printf '| %s | %s | %s | %s | %s |' "$n_label" "$n_rps" "$n_p50" "$n_p99" "$n_cpu")")
  ratios+=("$(awk -v g="$g_rps" -v n="$n_rps" -v gp="$g_p99" -v np="$n_p99" -v l="$loops" -v w="$workers" 'BEGIN {
    printf "gateway (event loops: %s) / nginx (worker_processes %s): hit throughput %.2f (target >= 1.00), hit p99 %.2f (target <= 1.50)", l, w, g / n, gp / np }')")
  hit_ratios+=("$(awk -v g="$g_rps" -v n="$n_rps" 'BEGIN { printf "%.2f", g / n }')")
done

printf '\n| cache hit via (median of %s rounds) | requests/s | p50 ms | p99 ms | proxy CPU µs/hit |\n|---|---:|---:|---:|---:|\n' "$ROUNDS"
printf '%s\n' "${rows[@]}"
echo
printf '%s\n' "${ratios[@]}"
echo "product requests that reached the replica while measuring (after the caches were warm): $upstream"
echo "(2 cores: wrk, the proxies and the origin share them; compare ratios, not absolutes)"
# the one line to read: the lowest hit-throughput ratio of the runs above
printf '%s\n' "${hit_ratios[@]}" | sort -n | head -1 | awk '{ printf "cache-hit ratio vs nginx: %.2f\n", $1 }'

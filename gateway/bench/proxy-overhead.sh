#!/usr/bin/env bash
# Proxy overhead benchmark (a command, not a test): the same request straight to one replica,
# through the lab gateway, and through Debian's nginx (proxy_pass with a keepalive upstream) in
# front of the same replica, with the same client (wrk) and connection count, in two phases:
#   saturated (-c50 by default): throughput and p50/p99, and gateway throughput / nginx throughput
#     (target >= 0.6). At saturation p50 is mostly queueing (connections / throughput).
#   light load (one connection, one request at a time): p50/p99 with no queue, so the difference is
#     the time the proxy adds to a request (target: gateway p50 - direct p50 <= 1 ms).
# Besides the lab's route (balancing, shed, breaker, time limit, retry) the gateway gets a bare
# Spring Cloud Gateway route to the same replica (/bare, none of those filters), so the table
# separates what Spring Cloud Gateway itself costs from what the lab's protections add. A reference
# row, Reactor Netty alone (ReactorNettyProxy.java: the gateway's own server and client jars, no
# Spring), shows what a JVM proxy on this machine costs before Spring Cloud Gateway adds its part.
# Saturated rows also print the CPU time the proxy used per request served.
# Everything runs on loopback and stops by itself.
#
#   gateway/bench/proxy-overhead.sh [--connections 50] [--duration 10s] [--warmup 30s] [--path '/work?bytes=256']
#                                   [--nginx-workers 1]   (a number, or auto: Debian's default, one per core)
# The warm-up is long on purpose: the gateway's request path is deep, and on 2 cores the JIT needs
# well over ten seconds of traffic before it is compiled; measuring earlier measures the JIT.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

CONNECTIONS=50 DURATION=10s WARMUP=30s PATH_AND_QUERY='/work?bytes=256' NGINX_WORKERS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) CONNECTIONS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --path) PATH_AND_QUERY=$2; shift 2 ;;
    --nginx-workers) NGINX_WORKERS=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $NGINX_WORKERS =~ ^([1-9][0-9]?|auto)$ ]] || { echo "--nginx-workers: 1-99 or auto, not '$NGINX_WORKERS'" >&2; exit 2; }

bench_setup services/webflux/target/service-webflux-exec.jar gateway/target/gateway-exec.jar
GATEWAY=$(free_port) GATEWAY_MGMT=$(free_port) NGINX=$(free_port) REFERENCE=$(free_port)
REPLICA=$(free_port) REPLICA_MGMT=$(free_port)

start_app replica services/webflux/target/service-webflux-exec.jar \
  --server.port="$REPLICA" --management.server.port="$REPLICA_MGMT"
# the cache is off: this measures the proxy path
BARE=--spring.cloud.gateway.server.webflux.routes[0]
start_app gateway gateway/target/gateway-exec.jar \
  --server.port="$GATEWAY" --management.server.port="$GATEWAY_MGMT" --lab.gateway.cache.enabled=false \
  --spring.cloud.discovery.client.simple.instances.service-webflux[0].uri="http://127.0.0.1:$REPLICA" \
  "$BARE.id=bare" "$BARE.uri=http://127.0.0.1:$REPLICA" "$BARE.predicates[0]=Path=/bare/**" "$BARE.filters[0]=StripPrefix=1"
GATEWAY_PID=${PIDS[-1]}
# the reference proxy runs on the very jars packaged in the gateway (Spring Boot's jar tools extract
# them), in a session of its own like every server here (start_app in lib.sh says why)
"$JAVA_HOME/bin/java" -Djarmode=tools -jar gateway/target/gateway-exec.jar extract --destination "$WORK/gateway-jar" >/dev/null
setsid "$JAVA_HOME/bin/java" "${JVM[@]}" -cp "$WORK/gateway-jar/lib/*" gateway/bench/ReactorNettyProxy.java \
  "$REFERENCE" "http://127.0.0.1:$REPLICA" >"$WORK/reference.log" 2>&1 &
PIDS+=($!)
REFERENCE_PID=$!
start_nginx "$NGINX" "$NGINX_WORKERS"
NGINX_WORKER_PIDS=$(pgrep -d, -P "$(cat "$WORK/nginx.pid")")

echo "[bench] waiting for the replica and the gateway"
wait_ready "$REPLICA_MGMT" "$GATEWAY_MGMT"
for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$REFERENCE$PATH_AND_QUERY" && break; sleep 0.5; done
# -> "rps p50 p99 [proxy_cpu_us]" (the proxy's PIDs as $2, comma-separated)
saturated() { measure "$1" "$CONNECTIONS" "$DURATION" "$WARMUP" 2 1 "${2:-}"; }
# one connection: no queue anywhere; the JIT is already warm from the saturated phase
light() { measure "$1" 1 "$DURATION" 3s 1; }
direct="http://127.0.0.1:$REPLICA$PATH_AND_QUERY"
gateway="http://127.0.0.1:$GATEWAY/webflux$PATH_AND_QUERY"
bare="http://127.0.0.1:$GATEWAY/bare$PATH_AND_QUERY"
nginx="http://127.0.0.1:$NGINX/webflux$PATH_AND_QUERY"
reference="http://127.0.0.1:$REFERENCE$PATH_AND_QUERY"

# the gateway's two routes share most of their code: warm both before measuring either
echo "[bench] warming the gateway on both routes ($WARMUP each)"
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "$gateway" >/dev/null 2>&1 || true
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "$bare" >/dev/null 2>&1 || true
echo "[bench] warming the reference proxy ($WARMUP)"
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "$reference" >/dev/null 2>&1 || true
echo "[bench] saturated: wrk -t2 -c$CONNECTIONS -d$DURATION (after $WARMUP warm-up each), GET $PATH_AND_QUERY"
read -r d_rps d_p50 d_p99 <<<"$(saturated "$direct")"
read -r g_rps g_p50 g_p99 g_cpu <<<"$(saturated "$gateway" "$GATEWAY_PID")"
read -r b_rps b_p50 b_p99 b_cpu <<<"$(saturated "$bare" "$GATEWAY_PID")"
read -r r_rps r_p50 r_p99 r_cpu <<<"$(saturated "$reference" "$REFERENCE_PID")"
read -r n_rps n_p50 n_p99 n_cpu <<<"$(saturated "$nginx" "$NGINX_WORKER_PIDS")"
echo "[bench] light load: wrk -t1 -c1 -d$DURATION"
read -r _ dl_p50 dl_p99 <<<"$(light "$direct")"
read -r _ gl_p50 gl_p99 <<<"$(light "$gateway")"
read -r _ bl_p50 bl_p99 <<<"$(light "$bare")"
read -r _ rl_p50 rl_p99 <<<"$(light "$reference")"
read -r _ nl_p50 nl_p99 <<<"$(light "$nginx")"

printf '\n| path | saturated requests/s | saturated p50 ms | saturated p99 ms | proxy CPU µs/request | light-load p50 ms | light-load p99 ms |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
printf '| direct to replica | %s | %s | %s | – | %s | %s |\n' "$d_rps" "$d_p50" "$d_p99" "$dl_p50" "$dl_p99"
printf '| through the gateway (lab route) | %s | %s | %s | %s | %s | %s |\n' "$g_rps" "$g_p50" "$g_p99" "$g_cpu" "$gl_p50" "$gl_p99"
printf '| through the gateway (bare SCG route) | %s | %s | %s | %s | %s | %s |\n' "$b_rps" "$b_p50" "$b_p99" "$b_cpu" "$bl_p50" "$bl_p99"
printf '| reference: Reactor Netty alone, no Spring | %s | %s | %s | %s | %s | %s |\n' "$r_rps" "$r_p50" "$r_p99" "$r_cpu" "$rl_p50" "$rl_p99"
printf '| through nginx (worker_processes %s) | %s | %s | %s | %s | %s | %s |\n' "$NGINX_WORKERS" "$n_rps" "$n_p50" "$n_p99" "$n_cpu" "$nl_p50" "$nl_p99"
awk -v g="$g_rps" -v b="$b_rps" -v r="$r_rps" -v n="$n_rps" -v d="$d_rps" -v gp="$gl_p50" -v dp="$dl_p50" -v np="$nl_p50" \
    -v gs="$g_p50" -v ds="$d_p50" -v gc="$g_cpu" -v bc="$b_cpu" -v rc="$r_cpu" -v nc="$n_cpu" 'BEGIN {
  printf "\ngateway p50 overhead over direct, light load: %+.3f ms (target <= 1 ms); nginx: %+.3f ms\n", gp - dp, np - dp
  printf "gateway p50 overhead over direct, saturated (queueing included): %+.3f ms\n", gs - ds
  printf "gateway throughput / nginx throughput: %.2f (target >= 0.60)\n", g / n
  printf "bare Spring Cloud Gateway route throughput / nginx throughput: %.2f (what the lab route could reach at best)\n", b / n
  printf "reference (Reactor Netty alone) throughput / nginx throughput: %.2f (a JVM proxy without Spring Cloud Gateway)\n", r / n
  printf "gateway throughput / direct throughput: %.2f\n", g / d
  printf "proxy CPU per request: gateway %d us (bare route %d), Reactor Netty alone %d, nginx %d\n", gc, bc, rc, nc
}'
echo "(2 cores: wrk, the proxy and the replica share them, so every path is CPU-bound; compare ratios, not absolutes)"

#!/usr/bin/env bash
# Proxy overhead benchmark (a command, not a test): the same request straight to one replica,
# through the lab gateway, and through Debian's nginx (proxy_pass with a keepalive upstream) in
# front of the same replica, with the same client (wrk) and connection count, in two phases:
#   saturated (-c50 by default): throughput and p50/p99, and gateway throughput / nginx throughput
#     (target >= 0.6). At saturation p50 is mostly queueing (connections / throughput).
#   light load (one connection, one request at a time): p50/p99 with no queue, so the difference is
#     the time the proxy adds to a request (target: gateway p50 - direct p50 <= 0.3 ms).
# Besides the lab's route (balancing, shed, breaker, time limit, retry) the gateway gets an origin
# route to the same replica (/bare: no discovery, no balancing; the protections still apply), so
# the table separates what balancing costs. A reference row, Reactor Netty alone
# (ReactorNettyProxy.java: the gateway's own server and client jars, no Spring, no protections),
# shows what a JVM proxy on this machine costs at least. nginx runs twice, with one worker and with
# one per core (auto), and the gateway is compared with the faster of the two.
# Saturated rows also print the CPU time the proxy used per request served. Saturated, the paths
# are measured in turn, --rounds times, each figure the median of its rounds: every path goes
# through the one replica, whose JIT keeps compiling for minutes on two cores, so a path measured
# after all the others would find a faster replica. A run that answers errors stops the bench.
# Everything runs on loopback and stops by itself; the last line is the figure to read.
#
#   gateway/bench/proxy-overhead.sh [--connections 50] [--duration 10s] [--warmup 30s] [--rounds 3]
#                                   [--path '/work?bytes=256']
# The warm-up (per path, before the first round) is long on purpose: the gateway's request path is
# deep, and on 2 cores the JIT needs well over ten seconds of traffic before it is compiled.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

CONNECTIONS=50 DURATION=10s WARMUP=30s ROUNDS=3 PATH_AND_QUERY='/work?bytes=256'
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) CONNECTIONS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --path) PATH_AND_QUERY=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

bench_setup services/webflux/target/service-webflux-exec.jar gateway/target/gateway-exec.jar
NGINX=$(free_port) REFERENCE=$(free_port)

echo "[bench] starting the replica, the gateway, the reference proxy and nginx"
start_app replica services/webflux/target/service-webflux-exec.jar
REPLICA=${APP_PORT[replica]}
# the cache is off: this measures the proxy path
BARE=--lab.gateway.routes.bare
start_app gateway gateway/target/gateway-exec.jar --lab.gateway.cache.enabled=false \
  --lab.gateway.discovery.replicas.service-webflux="http://127.0.0.1:$REPLICA" \
  "$BARE.path=/bare" "$BARE.uri=http://127.0.0.1:$REPLICA" "$BARE.timeout=30s"
GATEWAY=${APP_PORT[gateway]} GATEWAY_PID=${APP_PID[gateway]}
# the reference proxy runs on the very jars packaged in the gateway (Spring Boot's jar tools extract
# them), in a session of its own like every server here (start_app in lib.sh says why)
"$JAVA_HOME/bin/java" -Djarmode=tools -jar gateway/target/gateway-exec.jar extract --destination "$WORK/gateway-jar" >/dev/null
# shellcheck disable=SC2046 # jvm_flags is a list of options
setsid "$JAVA_HOME/bin/java" $(jvm_flags gateway) -cp "$WORK/gateway-jar/lib/*" gateway/bench/ReactorNettyProxy.java \
  "$REFERENCE" "http://127.0.0.1:$REPLICA" >"$WORK/reference.log" 2>&1 &
PIDS+=($!)
REFERENCE_PID=$!

# both nginx set-ups run from the start, side by side (an idle one costs nothing), so that every
# path can be measured in turn
NGINX_AUTO=$(free_port)
start_nginx "$NGINX" 1
NGINX_NAME=nginx-auto start_nginx "$NGINX_AUTO" auto

# the reference proxy compiles itself from source first (a single-file program): wait for its answer
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$REFERENCE$PATH_AND_QUERY" && break; sleep 0.2; done
curl -sf -o /dev/null "http://127.0.0.1:$REFERENCE$PATH_AND_QUERY" \
  || { echo "[bench] the reference proxy does not answer; its log:" >&2; tail -20 "$WORK/reference.log" >&2; exit 1; }
direct="http://127.0.0.1:$REPLICA$PATH_AND_QUERY"
gateway="http://127.0.0.1:$GATEWAY/webflux$PATH_AND_QUERY"
bare="http://127.0.0.1:$GATEWAY/bare$PATH_AND_QUERY"
nginx_one="http://127.0.0.1:$NGINX/webflux$PATH_AND_QUERY"
nginx_auto="http://127.0.0.1:$NGINX_AUTO/webflux$PATH_AND_QUERY"
reference="http://127.0.0.1:$REFERENCE$PATH_AND_QUERY"
for url in "$reference" "$nginx_one" "$nginx_auto"; do
  for _ in $(seq 1 120); do curl -sf -o /dev/null "$url" && break; sleep 0.5; done
done

# saturated: every path in turn, ROUNDS times; the replica behind them all warms up with each
echo "[bench] saturated: wrk -t2 -c$CONNECTIONS, $ROUNDS rounds of $DURATION per path in turn, GET $PATH_AND_QUERY"
mapfile -t saturated < <(alternate_rounds saturated 1 "$ROUNDS" "$direct -" "$gateway $GATEWAY_PID" \
  "$bare $GATEWAY_PID" "$reference $REFERENCE_PID" "$nginx_one $(nginx_workers)" "$nginx_auto $(nginx_workers nginx-auto)")
[ ${#saturated[@]} = 6 ] || { echo "[bench] the saturated rounds failed" >&2; exit 1; }
read -r d_rps d_p50 d_p99 _ <<<"${saturated[0]}"
read -r g_rps g_p50 g_p99 g_cpu <<<"${saturated[1]}"
read -r b_rps b_p50 b_p99 b_cpu <<<"${saturated[2]}"
read -r r_rps r_p50 r_p99 r_cpu <<<"${saturated[3]}"
read -r n1_rps n1_p50 n1_p99 n1_cpu <<<"${saturated[4]}"
read -r na_rps na_p50 na_p99 na_cpu <<<"${saturated[5]}"

# one connection: no queue anywhere; the JIT is warm from the saturated phase
light() { measure "$1" 1 "$DURATION" 3s 1; }
echo "[bench] light load: wrk -t1 -c1 -d$DURATION per path"
read -r _ dl_p50 dl_p99 <<<"$(light "$direct")"
read -r _ gl_p50 gl_p99 <<<"$(light "$gateway")"
read -r _ bl_p50 bl_p99 <<<"$(light "$bare")"
read -r _ rl_p50 rl_p99 <<<"$(light "$reference")"
read -r _ n1l_p50 n1l_p99 <<<"$(light "$nginx_one")"
read -r _ nal_p50 nal_p99 <<<"$(light "$nginx_auto")"
# the faster nginx is the reference: the ratio is against the better of nginx's two set-ups
if awk -v a="$n1_rps" -v b="$na_rps" 'BEGIN { exit !(a >= b) }'; then
  n_rps=$n1_rps n_cpu=$n1_cpu nl_p50=$n1l_p50
else
  n_rps=$na_rps n_cpu=$na_cpu nl_p50=$nal_p50
fi

printf '\n| path | saturated requests/s | saturated p50 ms | saturated p99 ms | proxy CPU µs/request | light-load p50 ms | light-load p99 ms |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
printf '| direct to replica | %s | %s | %s | – | %s | %s |\n' "$d_rps" "$d_p50" "$d_p99" "$dl_p50" "$dl_p99"
printf '| through the gateway (lab route) | %s | %s | %s | %s | %s | %s |\n' "$g_rps" "$g_p50" "$g_p99" "$g_cpu" "$gl_p50" "$gl_p99"
printf '| through the gateway (origin route, no balancing) | %s | %s | %s | %s | %s | %s |\n' "$b_rps" "$b_p50" "$b_p99" "$b_cpu" "$bl_p50" "$bl_p99"
printf '| reference: Reactor Netty alone, no Spring | %s | %s | %s | %s | %s | %s |\n' "$r_rps" "$r_p50" "$r_p99" "$r_cpu" "$rl_p50" "$rl_p99"
printf '| through nginx (worker_processes 1) | %s | %s | %s | %s | %s | %s |\n' "$n1_rps" "$n1_p50" "$n1_p99" "$n1_cpu" "$n1l_p50" "$n1l_p99"
printf '| through nginx (worker_processes auto) | %s | %s | %s | %s | %s | %s |\n' "$na_rps" "$na_p50" "$na_p99" "$na_cpu" "$nal_p50" "$nal_p99"
awk -v g="$g_rps" -v b="$b_rps" -v r="$r_rps" -v n="$n_rps" -v d="$d_rps" -v gp="$gl_p50" -v dp="$dl_p50" -v np="$nl_p50" \
    -v gs="$g_p50" -v ds="$d_p50" -v gc="$g_cpu" -v bc="$b_cpu" -v rc="$r_cpu" -v nc="$n_cpu" 'BEGIN {
  printf "\ngateway p50 added over direct, light load: %+.3f ms (target <= 0.3 ms); nginx: %+.3f ms\n", gp - dp, np - dp
  printf "gateway p50 overhead over direct, saturated (queueing included): %+.3f ms\n", gs - ds
  printf "origin route throughput / nginx throughput: %.2f (without balancing)\n", b / n
  printf "reference (Reactor Netty alone) throughput / nginx throughput: %.2f (a JVM proxy with nothing on top)\n", r / n
  printf "gateway throughput / direct throughput: %.2f\n", g / d
  printf "proxy CPU per request: gateway %d us (target <= 80; origin route %d), Reactor Netty alone %d, nginx %d\n", gc, bc, rc, nc
}'
echo "(2 cores: wrk, the proxy and the replica share them, so every path is CPU-bound; compare ratios, not absolutes)"
# the one line to read: lab route throughput / the faster nginx's
awk -v g="$g_rps" -v n="$n_rps" 'BEGIN { printf "proxy ratio vs nginx: %.2f\n", g / n }'

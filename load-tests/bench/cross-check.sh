#!/usr/bin/env bash
# Cross-check of the lab's load generator against wrk (a command, not a test): the same endpoint,
# the same number of connections, both as a closed model (each connection sends its next request
# when the previous answer arrives), one after the other; prints both throughputs and their ratio.
# They should agree within 5%. Starts its own service-webflux replica on loopback.
#
#   load-tests/bench/cross-check.sh [--connections 50] [--duration 10s] [--path '/work?io=10ms']
set -euo pipefail
cd "$(dirname "$0")/../.."

CONNECTIONS=50 DURATION=10s PATH_AND_QUERY='/work?io=10ms'
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) CONNECTIONS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --path) PATH_AND_QUERY=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
# the benchmarks' shared helpers (gateway/bench/lib.sh): JDK, wrk, the jars, ports never handed out twice, the lab's JVM
# flags, every started process stopped on exit
# shellcheck source=../../gateway/bench/lib.sh
source gateway/bench/lib.sh
BENCH_NO_NGINX=1 bench_setup services/webflux/target/service-webflux-exec.jar load-tests/target/lab-exec.jar
start_app replica services/webflux/target/service-webflux-exec.jar
PORT=${APP_PORT[replica]}

URL="http://127.0.0.1:$PORT$PATH_AND_QUERY"
echo "[cross-check] warming up the replica"
wrk -t2 -c"$CONNECTIONS" -d10s "$URL" >/dev/null
echo "[cross-check] wrk -t2 -c$CONNECTIONS -d$DURATION $URL"
WRK=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$URL" | awk '/Requests\/sec/ {print $2}')
echo "[cross-check] ./lab load --users $CONNECTIONS --think 0ms --duration $DURATION"
LAB=$("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar load-tests/target/lab-exec.jar load --target "http://127.0.0.1:$PORT" \
  --path "$PATH_AND_QUERY" --users "$CONNECTIONS" --think 0ms --duration "$DURATION" --warmup 3s \
  | awk -F'|' '/^\| [0-9]/ {gsub(/ /, "", $3); print $3}')
awk -v w="$WRK" -v l="$LAB" 'BEGIN {
  printf "\n| client | requests/s |\n|---|---:|\n| wrk | %.1f |\n| lab (closed model) | %.1f |\n", w, l
  r = l / w; d = (r > 1 ? r - 1 : 1 - r) * 100
  printf "\nlab / wrk = %.3f (%.1f%% apart; they should agree within 5%%)\n", r, d
}'

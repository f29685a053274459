# Shared by the benchmark scripts (sourced, not run; gateway/bench and load-tests/bench/cross-check.sh):
# the JDK, Debian's wrk and nginx, the packaged jars, free loopback ports, the lab's JVM flags,
# the processes a benchmark starts (all stopped on exit), and one wrk measurement. Everything stays
# on loopback.
# shellcheck shell=bash

# bench_setup JAR... : JDK 25, wrk and nginx-light installed, the jars built if missing, a work
# directory ($WORK) and a trap that stops whatever the benchmark started.
bench_setup() {
  cd "$(dirname "${BASH_SOURCE[0]}")/../.."
  # shellcheck source=../../.ci/jdk.sh
  source .ci/jdk.sh
  require_jdk25
  local need=()
  command -v wrk >/dev/null || need+=(wrk)
  # BENCH_NO_NGINX=1: a benchmark without nginx (cross-check.sh) does not install it
  [ -n "${BENCH_NO_NGINX:-}" ] || command -v nginx >/dev/null || need+=(nginx-light)
  if [ ${#need[@]} -gt 0 ]; then
    echo "[bench] installing ${need[*]} from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  local jar missing=0
  for jar in "$@" load-tests/target/lab-exec.jar; do [ -f "$jar" ] || missing=1; done
  [ "$missing" = 0 ] || ./mvnw -q -B package -DskipTests
  WORK=$(mktemp -d)
  PIDS=()
  trap bench_cleanup EXIT
  # a measurement that fails stops the whole benchmark from inside its subshell (wrk_round)
  trap 'echo "[bench] stopped: nothing after a failed measurement would mean anything" >&2; exit 1' TERM
  # Every JVM here runs with the lab's own flags, as the images and ./lab do (services/jvm: serial
  # GC, bounded non-heap areas, Netty with Unsafe; common.flags says why): see start_app and
  # jvm_flags. JVM holds flags added after them, where a later flag wins: BENCH_JAVA_OPTS (e.g.
  # -XX:+UseG1GC).
  JVM=(${BENCH_JAVA_OPTS:-})
}

bench_cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  local pidfile
  for pidfile in "$WORK"/nginx*.pid; do [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}

# jvm_flags SIZING : the java options of a JVM that is not a lab app (the reference proxy) with the
# sizing of one (replica or gateway): the lab's flag files as java argument files, then the
# benchmark's additions
jvm_flags() {
  echo "@services/jvm/common.flags @services/jvm/$1.flags ${JVM[*]}"
}

# lab_cli ARG... : the lab's CLI, with the benchmark's additions to the JVM flags
lab_cli() {
  "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -Xshare:auto --enable-native-access=ALL-UNNAMED -jar load-tests/target/lab-exec.jar \
    --jvm-options "${JVM[*]}" "$@"
}

# free_port : a loopback port for a server the benchmark starts itself (nginx), from the lab's own
# allocator: nothing listens on it, no app or earlier free_port of this benchmark was given it
# (the record in $WORK/ports), and it is below the kernel's ephemeral range, where the local port
# of one of wrk's or a proxy's outgoing connections could take it before the server binds it
free_port() {
  lab_cli free-port --ports-record "$WORK/ports"
}

# start_app NAME JAR ARG... : starts a packaged lab app as ./lab and the contract tests do (./lab
# launch: the flags of services/jvm, ports from the same record as free_port, its log in
# $WORK/NAME.log), in a session of its own (JvmLauncher.inOwnSessions says why it matters for a
# benchmark), and waits until it is ready. Sets APP_PORT[NAME], APP_MGMT[NAME] and APP_PID[NAME];
# an APP_PORT[NAME] set before is kept as its traffic port (a restart on the same URL).
declare -gA APP_PORT=() APP_MGMT=() APP_PID=()
start_app() {
  local name=$1 jar=$2 out; shift 2
  out=$(lab_cli launch --name "$name" --jar "$jar" --port "${APP_PORT[$name]:-0}" --ports-record "$WORK/ports" \
    --logs "$WORK" -- --logging.level.root=WARN "$@") || { echo "[bench] $name did not start" >&2; exit 1; }
  read -r "APP_PORT[$name]" "APP_MGMT[$name]" "APP_PID[$name]" <<<"$out"
  PIDS+=("${APP_PID[$name]}")
}

# start_origin : downstream and one webflux replica asking it, product responses fresh for an hour;
# sets REPLICA and REPLICA_MGMT (its traffic and management ports)
start_origin() {
  start_app downstream services/downstream/target/downstream-exec.jar
  start_app replica services/webflux/target/service-webflux-exec.jar \
    --lab.downstream.url="http://127.0.0.1:${APP_PORT[downstream]}" --lab.products.max-age=3600s
  REPLICA=${APP_PORT[replica]} REPLICA_MGMT=${APP_MGMT[replica]}
}

# product_requests : how many product requests the replica of start_origin has answered so far
product_requests() {
  curl -s "http://127.0.0.1:$REPLICA_MGMT/actuator/prometheus" \
    | awk '/^http_server_requests_seconds_count/ && /products/ {s+=$NF} END {print s+0}'
}

# start_nginx PORT WORKERS [HTTP_DIRECTIVES] [LOCATION_DIRECTIVES] : Debian's nginx proxying
# /webflux/ to $REPLICA over a keep-alive upstream, with extra directives for caching. Its files
# are $WORK/$NGINX_NAME.* ("nginx" unless set), so that two can run side by side.
start_nginx() {
  local name=${NGINX_NAME:-nginx}
  cat >"$WORK/$name.conf" <<CONF
worker_processes $2;
pid $WORK/$name.pid;
error_log $WORK/$name-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  ${3:-}
  upstream replica { server 127.0.0.1:$REPLICA; keepalive 256; }
  server {
    listen 127.0.0.1:$1;
    location /webflux/ {
      proxy_pass http://replica/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      ${4:-}
    }
  }
}
CONF
  nginx -c "$WORK/$name.conf"
}

# nginx_workers [NAME] : the PIDs of the worker processes of the nginx of start_nginx, comma-separated
nginx_workers() {
  pgrep -d, -P "$(cat "$WORK/${1:-nginx}.pid")" -f 'worker process'
}

# stop_process PID : stops a process the benchmark started and waits until it is gone (its ports free again)
stop_process() {
  kill "$1" 2>/dev/null || true
  while kill -0 "$1" 2>/dev/null; do sleep 0.1; done
}

# stop_nginx : stops the nginx of start_nginx and waits until its port is free again
stop_nginx() {
  local pid; pid=$(cat "$WORK/nginx.pid" 2>/dev/null) || return 0
  stop_process "$pid"
  rm -f "$WORK/nginx.pid"
}

# measure URL CONNECTIONS DURATION WARMUP THREADS -> "rps p50_ms p99_ms": one wrk run after a
# warm-up that is not counted (the saturated comparisons alternate paths: alternate_rounds)
measure() {
  local rps p50 p99
  wrk -t"$5" -c"$2" -d"$4" "$1" >/dev/null 2>&1 || true
  read -r rps p50 p99 _ <<<"$(wrk_round "$1" "$2" "$3" "$5")"
  echo "$rps $p50 $p99"
}

# wrk_round URL CONNECTIONS DURATION [THREADS] -> "rps p50_ms p99_ms requests": one wrk run. A
# run with errors (non-2xx/3xx answers, or connect/read/write/timeout errors) stops the benchmark:
# an error is often faster than an answer, and counted as throughput it would flatter the path.
wrk_round() {
  local out
  out=$(wrk -t"${4:-2}" -c"$2" -d"$3" --latency "$1")
  if grep -qE 'Non-2xx or 3xx responses|Socket errors' <<<"$out"; then
    echo "[bench] $1 answered with errors, so this run measures nothing:" >&2
    grep -E 'Non-2xx or 3xx responses|Socket errors' <<<"$out" >&2
    curl -s -i "$1" | head -5 >&2 || true
    kill -TERM $$ # this runs in a command substitution: stop the benchmark itself (see bench_setup)
    return 1
  fi
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")")" \
    "$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")" \
    "$(awk '/requests in/ {print $1}' <<<"$out")"
}

# us_per_request "TICKS_BEFORE..." "TICKS_AFTER..." REQUESTS -> per group of cpu_ticks, the CPU
# microseconds it used per request served in between
us_per_request() {
  local before=($1) after=($2) i out=()
  for i in "${!before[@]}"; do
    out+=("$(awk -v b="${before[$i]}" -v a="${after[$i]}" -v n="$3" -v hz="$(getconf CLK_TCK)" \
      'BEGIN { printf "%.0f", (a - b) * 1e6 / hz / n }')")
  done
  echo "${out[*]}"
}

# cpu_ticks GROUP... -> the user+system CPU clock ticks of each group of comma-separated PIDs
cpu_ticks() {
  local group pid ticks out=()
  for group in "$@"; do
    ticks=0
    for pid in ${group//,/ }; do
      [ -r "/proc/$pid/stat" ] || { echo "[bench] process $pid is gone; its CPU time cannot be counted" >&2; return 1; }
      # utime and stime, counted after the "(name)" field, which may itself contain spaces
      ticks=$((ticks + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
    done
    out+=("$ticks")
  done
  echo "${out[*]}"
}

# alternate_rounds LABEL WARMUPS ROUNDS "URL PIDS"... -> per URL, in order, one line
# "rps p50_ms p99_ms cpu_us_per_request" (medians of the rounds; cpu "–" where PIDS is "-").
# Each URL is warmed up WARMUPS times $WARMUP long, in turn, then measured ROUNDS times
# $DURATION long, in turn, with wrk -t2 -c$CONNECTIONS: the paths alternate, so whatever the
# machine does meanwhile (the JIT of a replica they share still compiling, another process)
# falls on all alike, instead of favouring the path measured last. PIDS: the processes whose CPU
# time per request is counted (comma-separated).
alternate_rounds() {
  local label=$1 warmups=$2 rounds=$3; shift 3
  local urls=() pids=() path i round rps p50 p99 served before after lines
  for path in "$@"; do urls+=("${path%% *}"); pids+=("${path#* }"); done
  local results=() used=() requests=()
  for i in "${!urls[@]}"; do results+=(""); used+=(0); requests+=(0); done
  echo "[bench] $label: warming up, $warmups x $WARMUP per path, in turn" >&2
  for ((round = 1; round <= warmups; round++)); do
    for i in "${!urls[@]}"; do wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "${urls[$i]}" >/dev/null 2>&1 || true; done
  done
  for ((round = 1; round <= rounds; round++)); do
    echo "[bench] $label: round $round of $rounds" >&2
    for i in "${!urls[@]}"; do
      before=0 after=0
      [ "${pids[$i]}" = - ] || before=$(cpu_ticks "${pids[$i]}") || exit 1
      read -r rps p50 p99 served <<<"$(wrk_round "${urls[$i]}" "$CONNECTIONS" "$DURATION")"
      [ "${pids[$i]}" = - ] || after=$(cpu_ticks "${pids[$i]}") || exit 1
      used[$i]=$((used[i] + after - before))
      requests[$i]=$((requests[i] + served))
      results[$i]+="$rps $p50 $p99"$'\n'
    done
  done
  for i in "${!urls[@]}"; do
    mapfile -t lines <<<"${results[$i]%$'\n'}"
    echo "$(column_median 1 "${lines[@]}") $(column_median 2 "${lines[@]}") $(column_median 3 "${lines[@]}")" \
      "$([ "${pids[$i]}" = - ] && echo – || us_per_request 0 "${used[$i]}" "${requests[$i]}")"
  done
}

# column_median N LINE... : the median of the Nth field of the lines
column_median() {
  local field=$1; shift
  printf '%s\n' "$@" | awk -v f="$field" '{print $f}' | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print v }'; }

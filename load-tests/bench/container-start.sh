#!/usr/bin/env bash
# Container start benchmark (a command, not a test): for each service image, the time from the
# container's start (Docker's State.StartedAt) to its first 200 on /actuator/health/readiness, and
# its memory once idle, with the JVM AOT cache the image was built with and without it (same
# image and flags, only -XX:AOTCache dropped). Median of --runs starts each. Containers get the
# CPU and memory limits docker-compose.yml gives a variant replica (LAB_REPLICA_CPUS, default 0.5,
# and LAB_REPLICA_MEMORY, default 320M), because the JVM sizes its heap, GC and JIT threads from
# them; --cpus 0 measures without a CPU limit. Idle means the start-up work is over: the JIT's
# compiler threads have used no CPU for two seconds (at half a CPU they go on compiling for seconds
# after readiness, and their memory is handed back only when they are done). Memory, three ways:
# the JVM's resident set (VmRSS of the container's PID 1), the private part of it (RssAnon: what
# one more replica costs; the rest is file pages shared by every replica of the image) and
# Docker's memory usage (docker stats).
# Targets: a replica ready at most 1.5 s after its container starts; idle RSS at most 160 MiB.
#
#   load-tests/bench/container-start.sh [--runs 3] [--cpus 0.5] [--memory 320M]
#   (images from: ./mvnw -q package -DskipTests && DOCKER_BUILDKIT=0 docker compose build)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=3 CPUS=${LAB_REPLICA_CPUS:-0.5} MEMORY=${LAB_REPLICA_MEMORY:-320M}
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --cpus) CPUS=$2; shift 2 ;;
    --memory) MEMORY=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $RUNS =~ ^[1-9][0-9]?$ ]] || { echo "--runs: 1 to 99, not '$RUNS'" >&2; exit 2; }
[[ $CPUS =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "--cpus: a number of CPUs (0: no limit), not '$CPUS'" >&2; exit 2; }
[[ $MEMORY =~ ^[1-9][0-9]*[mMgG]$ ]] || { echo "--memory: e.g. 320M or 1G, not '$MEMORY'" >&2; exit 2; }
LIMITS=(--memory "$MEMORY")
awk -v c="$CPUS" 'BEGIN { exit !(c > 0) }' && LIMITS+=(--cpus "$CPUS")
IMAGES=(concurrency-lab/service-mvc:local concurrency-lab/service-webflux:local concurrency-lab/downstream:local)
for image in "${IMAGES[@]}"; do
  docker image inspect "$image" >/dev/null 2>&1 || {
    echo "no image $image: run ./mvnw -q package -DskipTests && DOCKER_BUILDKIT=0 docker compose build" >&2; exit 1; }
done

now() { date +%s.%N; }
started_at() { date -d "$(docker inspect -f '{{.State.StartedAt}}' "$1")" +%s.%N; }

one_start() { # image mode -> "seconds_to_ready rss_mib private_mib docker_mib"
  local image=$1 mode=$2 id port ready
  if [ "$mode" = aot ]; then
    id=$(docker run -d -p 127.0.0.1::8081 "${LIMITS[@]}" "$image")
  else
    id=$(docker run -d -p 127.0.0.1::8081 "${LIMITS[@]}" --entrypoint bash "$image" -c 'exec java @/app/jvm.flags -jar /app/jar/app.jar')
  fi
  port=$(docker port "$id" 8081/tcp | head -1 | awk -F: '{print $NF}')
  for _ in $(seq 1 1500); do
    if curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; then ready=$(now); break; fi
    sleep 0.02
  done
  local took; took=$(awk -v r="${ready:-0}" -v s="$(started_at "$id")" 'BEGIN { printf "%.2f", r - s }')
  wait_idle "$id"
  local rss docker_mib
  rss=$(docker exec "$id" cat /proc/1/status | awk '$1=="VmRSS:" {r=$2} $1=="RssAnon:" {a=$2} END {printf "%.0f %.0f", r/1024, a/1024}')
  docker_mib=$(docker stats --no-stream --format '{{.MemUsage}}' "$id" | awk '{v=$1; if (v ~ /GiB/) {sub(/GiB/,"",v); v*=1024} else sub(/MiB/,"",v); printf "%.0f", v}')
  docker rm -f "$id" >/dev/null
  echo "$took $rss $docker_mib"
}

compiler_cpu() { # container -> CPU ticks used so far by the JVM's C1/C2 compiler threads
  # utime and stime are fields 14 and 15 of /proc/<pid>/task/<tid>/stat; counted after the
  # "(name)" field, because these threads' names contain a space
  docker exec "$1" bash -c 'for t in /proc/1/task/*; do case $(cat "$t/comm") in C1*|C2*) sed "s/.*) //" "$t/stat" | cut -d" " -f12,13;; esac; done' \
    | awk '{s += $1 + $2} END {print s + 0}'
}

wait_idle() { # container : until its compiler threads have been idle for two seconds (at most 60 s), then one heap trim
  local last now quiet=0
  last=$(compiler_cpu "$1")
  for _ in $(seq 1 60); do
    sleep 1
    now=$(compiler_cpu "$1")
    if [ "$now" = "$last" ]; then quiet=$((quiet + 1)); else quiet=0; fi
    last=$now
    [ "$quiet" -ge 2 ] && break
  done
  sleep 1.5 # the images trim the C heap every second (-XX:TrimNativeHeapInterval=1000)
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

column() { printf '%s\n' "${results[@]}" | awk -v c="$1" '{print $c}' | median; }

echo "[bench] each container: ${LIMITS[*]} (--cpus 0: no CPU limit), $RUNS starts per image and mode"
printf '| image | mode | ready after start (s) | idle RSS (MiB) | of it private (MiB) | docker stats (MiB) |\n'
printf '|---|---|---:|---:|---:|---:|\n'
for image in "${IMAGES[@]}"; do
  for mode in aot plain; do
    results=()
    for _ in $(seq 1 "$RUNS"); do results+=("$(one_start "$image" "$mode")"); done
    printf '| %s | %s | %s | %s | %s | %s |\n' "${image#concurrency-lab/}" \
      "$([ "$mode" = aot ] && echo "AOT cache" || echo "no AOT cache")" "$(column 1)" "$(column 2)" "$(column 3)" "$(column 4)"
  done
done
echo "(targets: ready <= 1.5 s after the container starts, idle RSS <= 160 MiB per service replica)"

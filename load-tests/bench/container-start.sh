#!/usr/bin/env bash
# Container start benchmark (a command, not a test): for each service image, the time from the
# container's start (Docker's State.StartedAt) to its first 200 on /actuator/health/readiness, and
# its memory after 5 s idle (docker stats), with the JVM AOT cache the image was built with and
# without it (same image and flags, only -XX:AOTCache dropped). Median of --runs starts each.
# Targets: a replica ready at most 1.5 s after its container starts; idle memory at most 160 MiB.
#
#   load-tests/bench/container-start.sh [--runs 3]      (images from: docker compose build)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
IMAGES=(concurrency-lab/service-mvc:local concurrency-lab/service-webflux:local concurrency-lab/downstream:local)
for image in "${IMAGES[@]}"; do
  docker image inspect "$image" >/dev/null 2>&1 || {
    echo "no image $image: run ./mvnw -q package -DskipTests && DOCKER_BUILDKIT=0 docker compose build" >&2; exit 1; }
done

now() { date +%s.%N; }
started_at() { date -d "$(docker inspect -f '{{.State.StartedAt}}' "$1")" +%s.%N; }

one_start() { # image mode -> "seconds_to_ready mib_idle"
  local image=$1 mode=$2 id port ready
  if [ "$mode" = aot ]; then
    id=$(docker run -d -p 127.0.0.1::8081 "$image")
  else
    id=$(docker run -d -p 127.0.0.1::8081 --entrypoint bash "$image" -c 'exec java $LAB_JVM_FLAGS -jar /app/jar/app.jar')
  fi
  port=$(docker port "$id" 8081/tcp | head -1 | awk -F: '{print $NF}')
  for _ in $(seq 1 1500); do
    if curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; then ready=$(now); break; fi
    sleep 0.02
  done
  local took; took=$(awk -v r="${ready:-0}" -v s="$(started_at "$id")" 'BEGIN { printf "%.2f", r - s }')
  sleep 5
  local mib; mib=$(docker stats --no-stream --format '{{.MemUsage}}' "$id" | awk '{v=$1; if (v ~ /GiB/) {sub(/GiB/,"",v); v*=1024} else sub(/MiB/,"",v); printf "%.0f", v}')
  docker rm -f "$id" >/dev/null
  echo "$took $mib"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '| image | mode | ready after start (s) | idle memory (MiB) |\n|---|---|---:|---:|\n'
for image in "${IMAGES[@]}"; do
  for mode in aot plain; do
    results=()
    for _ in $(seq 1 "$RUNS"); do results+=("$(one_start "$image" "$mode")"); done
    ready=$(printf '%s\n' "${results[@]}" | awk '{print $1}' | median)
    mem=$(printf '%s\n' "${results[@]}" | awk '{print $2}' | median)
    printf '| %s | %s | %s | %s |\n' "${image#concurrency-lab/}" "$([ "$mode" = aot ] && echo "AOT cache" || echo "no AOT cache")" "$ready" "$mem"
  done
done
echo "(targets: ready <= 1.5 s after the container starts, idle memory <= 160 MiB per service replica)"

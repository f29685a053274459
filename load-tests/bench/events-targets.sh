#!/usr/bin/env bash
# The targets run of the anti-patterns and events (a command, not a test). Three measurements:
#   1. block-the-event-loop on webflux, beside its twin done right, on a local lab of its own:
#      the blocked run's throughput within 15% of loops ÷ wait;
#   2. kill-a-replica on webflux on the same lab: 0 failed requests after the kill, throughput back
#      (within 10% of the level before it) within 5 s;
#   3. scale-out on a compose project of its own (each replica 0.5 CPU unless --replica-cpus says
#      otherwise): webflux scaled from 2 to 4 during a CPU-bound run, throughput rises within 10 s.
# Prints each target's line from the bench's summary, the reports' folders, and at the end one line:
#   events targets: <m> of <n> met (<target>: met|MISSED|MISSED (machine-limited), ...)
# Needs the jars and images (./mvnw -q package -DskipTests && DOCKER_BUILDKIT=0 docker compose build)
# and a Docker engine for 3; --no-compose leaves 3 out. Takes about 5 minutes.
#
#   load-tests/bench/events-targets.sh [--no-compose] [--replica-cpus 0.5]
set -euo pipefail
cd "$(dirname "$0")/../.."

COMPOSE=yes CPUS=${LAB_REPLICA_CPUS:-0.5}
while [ $# -gt 0 ]; do
  case "$1" in
    --no-compose) COMPOSE=no; shift ;;
    --replica-cpus) CPUS=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

WORK=$(mktemp -d)
PROJECT=lab-events-targets
lab() { ./lab --lab-dir "$WORK/lab" "$@"; }
cleanup() {
  lab down >/dev/null 2>&1 || true
  [ "$COMPOSE" = yes ] && docker compose -p "$PROJECT" down --timeout 5 >/dev/null 2>&1 || true
}
trap cleanup EXIT

targets=()
# the bench's "Targets:" lines of the anti-patterns and events end with "— met", "— MISSED" or
# "— MISSED, machine-limited (...)"
collect() { # bench output
  while IFS= read -r line; do targets+=("${line#- }"); done < <(echo "$1" | grep -E '^- .* — (met|MISSED.*)$' || true)
}

echo "=== local lab: block-the-event-loop and kill-a-replica on webflux ($(date -u +%H:%M:%S) UTC)"
lab up --gateway-port 0 | tail -1
output=$(lab bench --scenario block-the-event-loop --scenario kill-a-replica --variants webflux --warm-all 10s \
  --report-dir "$WORK/reports/local" 2>&1) || { echo "$output" | tail -20; exit 1; }
echo "$output" | sed -n '/^Targets:/,$p'
collect "$output"
lab down >/dev/null

if [ "$COMPOSE" = yes ]; then
  [[ $CPUS =~ ^(0\.[0-9]+|[1-9][0-9]*(\.[0-9]+)?)$ ]] || { echo "--replica-cpus: a CPU count such as 0.5, not '$CPUS'" >&2; exit 2; }
  echo "=== compose: scale-out on webflux, 2 → 4 replicas of $CPUS CPU ($(date -u +%H:%M:%S) UTC)"
  port=$(lab free-port --ports-record "$WORK/ports")
  LAB_GATEWAY_PORT=$port LAB_REPLICA_CPUS=$CPUS docker compose -p "$PROJECT" up --detach --no-build --wait >"$WORK/compose-up.log" 2>&1 \
    || { tail -20 "$WORK/compose-up.log"; echo "docker compose up failed (images built? see --help)" >&2; exit 1; }
  # the bench scales with compose: the same settings, so the new replicas are like the others
  output=$(LAB_REPLICA_CPUS=$CPUS lab bench --target "http://127.0.0.1:$port" --docker="$PROJECT" --scenario scale-out --variants webflux \
    --warm-all 10s --report-dir "$WORK/reports/compose" 2>&1) || { echo "$output" | tail -20; exit 1; }
  echo "$output" | sed -n '/^Targets:/,$p'
  collect "$output"
fi

echo
printf '%s\n' "${targets[@]}"
echo "reports: $WORK/reports"
met=0 verdicts=()
for target in "${targets[@]}"; do
  name=${target%% *}
  case "$target" in
    *" — met") verdict=met; met=$((met + 1)) ;;
    *" — MISSED, machine-limited"*) verdict="MISSED (machine-limited)" ;;
    *) verdict=MISSED ;;
  esac
  verdicts+=("$name: $verdict")
done
echo "events targets: $met of ${#targets[@]} met ($(IFS=,; echo "${verdicts[*]}" | sed 's/,/, /g'))"

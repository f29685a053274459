#!/usr/bin/env bash
# The targets run of ./lab plan (a command, not a test): brings up a local lab of its own, calibrates
# it (./lab plan --calibrate), then verifies the plan on each scenario (./lab plan --scenario NAME
# --verify), which scales the lab to each predicted size and measures; prints every scenario's
# "plan error: worst <n>% (throughput), <m>% (p99)" line, and at the end the worst of them all.
# Targets: throughput within 15%, p99 within 25%. Takes about 15 minutes for the standard six.
# --workload adds a workload given as ./lab plan's options (repeatable; --scenarios '' for these only).
#
#   load-tests/bench/plan-targets.sh [--replica-cpus 2] [--scenarios 'io-bound mixed'] [--workload '--users 800 --io 1s']
set -euo pipefail
cd "$(dirname "$0")/../.."

# a local replica is a process without a CPU limit on this machine
CPUS=$(nproc) SCENARIOS='io-bound cache-friendly cache-hostile mixed beyond-the-pool cpu-bound' WORKLOADS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --replica-cpus) CPUS=$2; shift 2 ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --workload) WORKLOADS+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

LAB_DIR=$(mktemp -d)
REPORTS=$LAB_DIR/reports
lab() { ./lab --lab-dir "$LAB_DIR" "$@"; }
trap 'lab down >/dev/null 2>&1 || true' EXIT

lab up --gateway-port 0 | tail -1
lab plan --calibrate
worst_throughput=0 worst_p99=0 summary=()
RUNS=()
for scenario in $SCENARIOS; do RUNS+=("--scenario $scenario"); done
RUNS+=("${WORKLOADS[@]}")
for workload in "${RUNS[@]}"; do
  scenario=${workload#--scenario }
  echo "=== $scenario ($(date -u +%H:%M:%S) UTC)"
  # shellcheck disable=SC2086 # a workload is a list of options
  output=$(lab plan $workload --replica-cpus "$CPUS" --verify --report-dir "$REPORTS" 2>&1) || {
    echo "$output" | tail -5
    summary+=("$scenario: $(echo "$output" | tail -1)")
    continue
  }
  echo "$output" | sed -n '/Not verified/p;/^Plan against/,$p'
  line=$(echo "$output" | tail -1)
  summary+=("$scenario: $line")
  if [[ $line =~ ^plan\ error:\ worst\ ([0-9]+)%\ \(throughput\),\ ([0-9]+)%\ \(p99\)$ ]]; then
    (( BASH_REMATCH[1] > worst_throughput )) && worst_throughput=${BASH_REMATCH[1]}
    (( BASH_REMATCH[2] > worst_p99 )) && worst_p99=${BASH_REMATCH[2]}
  fi
done
echo
printf '%s\n' "${summary[@]}"
echo "reports: $REPORTS"
echo "plan error: worst ${worst_throughput}% (throughput), ${worst_p99}% (p99)"

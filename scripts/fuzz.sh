#!/usr/bin/env bash
# Runs every libFuzzer target of the fuzz build (make fuzz) for a bounded time and prints one
# summary line per target with its number of executions. Each starts from its seed corpus in
# fuzz/corpus/TARGET/ (every seed is run first, so the regression inputs there are re-checked)
# and keeps the inputs it finds in BUILD/fuzz/corpus/TARGET/. Any crash, sanitizer report,
# uncaught exception, out-of-memory or input slower than TIMEOUT seconds fails the run; the
# input that did it is saved in BUILD/fuzz/artifacts/TARGET/ and the tail of the log is shown.
# Usage: scripts/fuzz.sh [BUILD=build-sanitize] [SECONDS=30] [TIMEOUT=10]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build-sanitize}
seconds=${2:-30}
timeout=${3:-10}
targets=(idx_loader_fuzz libsvm_loader_fuzz spec_fuzz scenario_fuzz measured_constants_fuzz)

export UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

summary="$build/fuzz/summary.txt"
: >"$summary"
failed=()
for target in "${targets[@]}"; do
  exe="$build/fuzz/$target"
  seeds="$root/fuzz/corpus/$target"
  work="$build/fuzz/corpus/$target"
  artifacts="$build/fuzz/artifacts/$target"
  log="$build/fuzz/$target.log"
  mkdir -p "$work" "$artifacts"
  status=ok
  "$exe" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 -max_len=4096 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "$seeds" >"$log" 2>&1 ||
    status=FAILED
  runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  corpus=$(find "$work" -type f | wc -l)
  line="$target: ${runs:-?} executions in ${seconds} s, $(find "$seeds" -type f | wc -l) seeds + $corpus found inputs, $status"
  echo "fuzz: $line"
  echo "$line" >>"$summary"
  if [[ $status != ok ]]; then
    failed+=("$target")
    echo "---- last lines of $log:" >&2
    tail -n 40 "$log" >&2
    echo "---- reproduce: $exe $artifacts/<file>  (inputs: $(ls "$artifacts" | tr '\n' ' '))" >&2
  fi
done
if ((${#failed[@]} > 0)); then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi

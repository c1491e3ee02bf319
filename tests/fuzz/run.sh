#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang and runs each for a fixed number of executions.
# Usage: tests/fuzz/run.sh [RUNS]   (default 200000); new inputs go to a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-200000}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
for harness in build/fuzz/bin/fuzz_*; do
  name=$(basename "$harness" | sed 's/^fuzz_//')
  scratch=$(mktemp -d)
  echo "fuzzing $name: $runs runs from tests/fuzz/corpus/$name"
  log="$scratch.log"
  status=0
  "$harness" -runs="$runs" -seed=1 -max_len=4096 -print_final_stats=1 "$scratch" \
    "tests/fuzz/corpus/$name" >"$log" 2>&1 || status=$?
  grep -E '^(#[0-9]+ +DONE|Done|stat::number_of_executed_units|INFO: seed)' "$log" || true
  [ "$status" -eq 0 ] || tail -60 "$log"
  rm -rf "$scratch" "$log"
  [ "$status" -eq 0 ] || { echo "fuzzing $name found a problem (exit $status)"; exit "$status"; }
done

#!/usr/bin/env bash
# Builds Release and runs the benchmarks over the 48 shared traces, then times the end-to-end
# CLI run that the foundation issue sets a target for. Figures go to docs/PERFORMANCE.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
traces=${KV_SHARED_DIR:-../shared}/traces/kv-cache-tester
./build/release/bench/kv_bench --benchmark_min_time=1 "$@"
if [ -x ./build/release/bench/kv_bench_charts ]; then ./build/release/bench/kv_bench_charts --benchmark_min_time=1; fi
echo
echo "end to end: kvscope-cli replay --json --ttl 300 over $traces"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs 30 -N \
    "./build/release/app/cli/kvscope-cli replay --json --ttl 300 $traces"
else
  for i in 1 2 3 4 5; do
    /usr/bin/time -f "%e s wall, %U s user" ./build/release/app/cli/kvscope-cli replay --json --ttl 300 "$traces" >/dev/null
  done
fi

#!/usr/bin/env bash
# The reference comparison of the README: the 48 shared kv-cache-tester traces as a ramp of users
# (4 more every 5 minutes) against the same 8 x H100 instance with HBM only, HBM + DRAM,
# HBM + DRAM + a shared file system, and HBM + a fast NVMe tier; objective TTFT p95 <= 5 s.
# Extra arguments go to kvscope-cli (for example --json or --csv periods).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cli=${KVSCOPE_CLI:-$here/../../build/release/app/cli/kvscope-cli}
traces=${TRACES:-$here/../../../shared/traces/kv-cache-tester}
exec "$cli" simulate --config "$here/hbm-only.json" --compare "$here/hbm-dram.json" \
  --compare "$here/hbm-dram-shared-fs.json" --compare "$here/hbm-nvme.json" \
  --users ramp:4,4,5m,120 --duration 150m --ttft 5 --max-delay 300 "$@" "$traces"

#!/usr/bin/env bash
# Regenerates the golden outputs from the current build. Read the diff before committing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cli=${KVSCOPE_CLI:-$root/build/release/app/cli/kvscope-cli}
cd "$root"
"$cli" report sample_traces > "$here/report_sample_traces.txt"
"$cli" replay --json --ttl 300 --capacity 50k sample_traces > "$here/replay_ttl300_cap50k_sample_traces.jsonl"
echo "updated golden files in $here"

#!/usr/bin/env bash
# Regenerates the images in docs/ from the bundled samples with the headless export (no display
# needed): the main window and every chart. Run after changing a view; commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
app=${KVSCOPE_GUI:-./build/release/app/gui/kvscope}
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
"$app" --screenshot docs/kvscope-main-window.png --theme light --select 0 sample_traces
"$app" --screenshot docs/kvscope-dark.png --theme dark --view curves --select 2 sample_traces
# The three kv-cache-tester samples (rows 2, 3, 5) as one shared cache.
"$app" --export-chart working-set --out docs/chart-selection-working-set.png --select 2,3,5 sample_traces
# Row 1 (the Claude Code sample) shows a person's two-hour pause; row 2 sub-agents and compactions.
"$app" --export-chart columns --out docs/chart-token-columns.png --select 0 sample_traces
"$app" --export-chart ttl --out docs/chart-ttl-curve.png --select 2 sample_traces
"$app" --export-chart working-set --out docs/chart-working-set.png --select 2 sample_traces
"$app" --export-chart gaps --out docs/chart-request-gaps.png --select 1 sample_traces
"$app" --export-chart capacity --out docs/chart-capacity.png --select 2 sample_traces
"$app" --export-chart composition --out docs/chart-prompt-composition.png --select 1 sample_traces
"$app" --export-chart subagents --out docs/chart-subagents.png --select 2 sample_traces
"$app" --export-chart misses --out docs/chart-miss-causes.png --select 5 sample_traces
"$app" --export-chart cost --out docs/chart-cost.png --select 1 sample_traces
"$app" --export-chart provider --out docs/chart-provider-gap.png --select 1 sample_traces
"$app" --export-chart serving --out docs/chart-serving.png --select 5 sample_traces
"$app" --export-chart tiers --out docs/chart-memory-tiers.png --select 5 --tiers hbm=4GiB,dram=64GiB,nvme=1TiB sample_traces
"$app" --export-chart chunks --out docs/chart-chunks.png --select 3 sample_traces
# The three kv-cache-tester samples starting within an hour in a small shared cache (50k snaps to
# the slider's 56.2k): they evict each other's blocks.
"$app" --export-chart fleet --out docs/chart-fleet.png --select 2,3,5 --fleet-timing window=1h --capacity 50k sample_traces
# The reference comparison of the README on the shared traces (examples/serving/compare.sh).
e=examples/serving
"$app" --export-chart simulation --out docs/chart-simulation.png \
  --simulate $e/hbm-only.json,$e/hbm-dram.json,$e/hbm-dram-shared-fs.json,$e/hbm-nvme.json \
  --sim-users ramp:4,4,5m,120 --sim-duration 150m --sim-ttft 5 ../shared/traces/kv-cache-tester
"$app" --screenshot docs/kvscope-simulate.png --view simulate --simulate $e/hbm-only.json,$e/hbm-nvme.json \
  --sim-users ramp:4,4,5m,120 --sim-duration 150m --sim-ttft 5 ../shared/traces/kv-cache-tester
"$app" --export-report docs/kvscope-report.pdf sample_traces
ls -la docs

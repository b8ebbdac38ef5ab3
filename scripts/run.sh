#!/usr/bin/env bash
# Installs what is missing, builds Release and runs the main job on the bundled sample traces:
# the desktop app when there is a display, else the same analysis as a report on the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${KVSCOPE_NO_GUI:-0}" != 1 ]; then
  exec ./build/release/app/gui/kvscope sample_traces
fi
./build/release/app/cli/kvscope-cli report sample_traces
echo
echo "No display here: with one, this opens the desktop app (./build/release/app/gui/kvscope sample_traces)."
echo "Charts and a PDF report without a display: ./build/release/app/gui/kvscope --export-report report.pdf sample_traces"

#!/usr/bin/env bash
# Installs what is missing, builds Release and runs the main job on the bundled sample traces.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
./build/release/app/cli/kvscope-cli report sample_traces

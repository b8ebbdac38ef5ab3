#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every test (ctest).
# GUI tests render real widgets offscreen. Reads ../shared (traces) from beside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
QT_QPA_PLATFORM=offscreen ctest --preset dev -j "$(nproc)"

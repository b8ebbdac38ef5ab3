#!/usr/bin/env bash
# Installs the Debian 12 packages kvscope needs to build, test and benchmark.
# Idempotent: it only asks apt for what is missing. Needs root or sudo.
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build pkg-config zstd
  qt6-base-dev qt6-svg-dev libqcustomplot-dev libgl-dev fonts-dejavu-core
  nlohmann-json3-dev libzstd-dev libsqlite3-dev libsimdjson-dev libxxhash-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3
)
# Only needed to look at the GUI and its exported charts (screenshots, PDFs).
if [ "${KVSCOPE_WITH_DISPLAY_TOOLS:-0}" = 1 ]; then
  PKGS+=(xvfb imagemagick poppler-utils x11-utils)
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

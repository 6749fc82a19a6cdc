#!/usr/bin/env bash
# Installs the Debian 12 packages Prunescope builds, tests and runs with: only those missing, as
# root or through sudo. Nothing is downloaded at build or run time.
#   packaging/install-deps.sh            build, tests, the embedded Fashion-MNIST default
#   packaging/install-deps.sh --bench    also the PyTorch peer the benchmarks compare against
#   packaging/install-deps.sh --look     also Xvfb and ImageMagick, to screenshot the window
#   packaging/install-deps.sh --fuzz     also clang 14 and its libFuzzer runtime (fuzz/)
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config
    libtorch-dev libopenblas0-openmp       # LibTorch; OpenBLAS instead of the slow reference BLAS
    qt6-base-dev qt6-svg-dev libqcustomplot-dev
    libsqlite3-dev libsqlitecpp-dev libssl-dev zlib1g-dev
    libspdlog-dev nlohmann-json3-dev libcli11-dev
    libmatio-dev libturbojpeg0-dev libpng-dev  # SVHN .mat files; JPEG/PNG image folders
    dataset-fashion-mnist                  # the embedded default dataset
    slurm-wlm munge procps                 # `slurm` commands, and the private cluster of their test
)
for arg in "$@"; do
    case "$arg" in
    --bench) packages+=(python3-torch python3-numpy python3-pil time) ;;
    --look) packages+=(xvfb imagemagick) ;;
    --fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;
    *) echo "install-deps.sh: unknown option '$arg' (expected --bench, --look or --fuzz)" >&2; exit 2 ;;
    esac
done

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps.sh: run as root or install sudo" >&2; exit 1; }
    sudo=(sudo)
fi
echo "install-deps.sh: installing ${missing[*]}"
"${sudo[@]}" apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Run here (Debian, with packaging/install-deps.sh done): copies what the GPU machine lacks into
# .gpu-deps/ (git-ignored) — nlohmann-json, spdlog, fmt and zlib headers, and Fashion-MNIST — so
# that bench/gpu/run.sh can build the engine there against its own CUDA LibTorch. Then call the
# device with carry [".gpu-deps"] and the command bench/gpu/run.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
deps=$root/.gpu-deps
rm -rf "$deps"
mkdir -p "$deps/include" "$deps/fashion-mnist"
cp -r /usr/include/nlohmann /usr/include/spdlog /usr/include/fmt "$deps/include/"
cp /usr/include/zlib.h /usr/include/zconf.h "$deps/include/"
cp /usr/share/datasets/fashion-mnist/*.gz "$deps/fashion-mnist/"
grep -qx '/.gpu-deps/' "$root/.git/info/exclude" 2>/dev/null || echo '/.gpu-deps/' >>"$root/.git/info/exclude"
du -sh "$deps"

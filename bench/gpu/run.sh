#!/usr/bin/env bash
# On the GPU machine, from the repository root, with .gpu-deps carried (bench/gpu/prepare-deps.sh):
# builds the engine and its benchmark against that machine's own CUDA LibTorch (the one inside its
# Python torch) and prints training throughput on the GPU, Prunescope vs the PyTorch peer, same
# model, data, batch and steps, then the cost of each pruning score there. Logs go to $OUT when it
# is set. Takes about 6 minutes.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$root/gpu-out}
mkdir -p "$out"
cd "$root"
log() { echo "[$(date +%T)] $*"; }
log "$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1)"
prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
log "torch $(python3 -c 'import torch; print(torch.__version__, torch.version.cuda)'), nvcc $(nvcc --version | tail -1), $(c++ --version | head -1)"
torchinc=$(python3 -c 'import torch.utils.cpp_extension as c; print(c.include_paths()[0])')
log "torch headers including fmt: $(grep -rl 'include <fmt/' "$torchinc/c10" "$torchinc/ATen" "$torchinc/torch/csrc/api" 2>/dev/null | wc -l)"
log "configure"
cmake -S . -B build-gpu -G Ninja -DPRUNESCOPE_ENGINE_ONLY=ON -DPRUNESCOPE_BUILD_TESTS=OFF \
    -DPRUNESCOPE_HEADER_DEPS="$root/.gpu-deps/include" -DCMAKE_PREFIX_PATH="$prefix" \
    -DTORCH_CUDA_ARCH_LIST=9.0 >"$out/configure.log" 2>&1 || { tail -40 "$out/configure.log"; exit 1; }
log "build"
cmake --build build-gpu -j "$(nproc)" -- -k 0 >"$out/build.log" 2>&1
status=$?
grep -E "error|Error" -A3 "$out/build.log" | head -80
[ $status -eq 0 ] || { log "build failed"; tail -20 "$out/build.log"; exit 1; }
log "built"
data=$root/.gpu-deps/fashion-mnist
bench() { # model batch steps
    local ours theirs
    ours=$(build-gpu/bench/prunescope-bench-train --device cuda --dataset "$data" --model "$1" \
        --batch "$2" --steps "$3" --warmup 50 --crop-padding 2 --flip 1 | sed -n 's/.*images_per_second=//p')
    if [ "$1" = smallcnn ]; then
        theirs=$(python3 bench/peer/train_smallcnn.py --device cuda --dataset "$data" --batch "$2" \
            --steps "$3" --warmup 50 --crop-padding 2 --flip 1 | sed -n 's/.*images_per_second=//p')
        awk -v m="$1" -v b="$2" -v p="$ours" -v t="$theirs" 'BEGIN { printf "GPU %s batch %d: prunescope %.0f images/s, pytorch %.0f, ratio %.2f\n", m, b, p, t, p / t }'
    else
        echo "GPU $1 batch $2: prunescope $ours images/s (no peer script for this model yet)"
    fi
}
for b in 128 512; do bench smallcnn $b 600; done
bench resnet20 128 400
log "pruning scores on the GPU (proxy smallcnn, 2 epochs each)"
build-gpu/bench/prunescope-bench-scores --device cuda --dataset "$data" --proxy-epochs 2
build-gpu/bench/prunescope-bench-scores --device cuda --dataset "$data" --proxy-epochs 2 \
    --methods grand --grand-params all
log "done"

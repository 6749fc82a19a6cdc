#!/usr/bin/env bash
# On the GPU machine, from the repository root, with .gpu-deps carried (bench/gpu/prepare-deps.sh):
# builds the engine and its benchmark against that machine's own CUDA LibTorch (the one inside its
# Python torch) and prints training throughput on the GPU, Prunescope vs the PyTorch peer, same
# model, data, batch and steps (ResNet-18 with the small-image stem on CIFAR-size data, the small
# CNN on Fashion-MNIST), the sweep's runs per hour packed against one run at a time, then the cost
# of each pruning score there. Logs go to $OUT when it is set. Meant to take under 8 minutes.
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
ips() { sed -n 's/.*images_per_second=//p'; }
peer() { python3 bench/peer/train_smallcnn.py --device cuda "$@" | ips; }
# Prunescope trains with bf16 autocast and channels-last on a GPU; the peer runs PyTorch eager as a
# script would (fp32, NCHW) and, for reference, with the same bf16 autocast and channels-last.
bench() { # model dataset batch steps
    local common=(--dataset "$2" --model "$1" --batch "$3" --steps "$4" --warmup 50 --crop-padding 2 --flip 1)
    local ours eager tuned
    ours=$(build-gpu/bench/prunescope-bench-train --device cuda "${common[@]}" | ips)
    eager=$(peer "${common[@]}")
    tuned=$(peer "${common[@]}" --amp 1 --channels-last 1)
    awk -v m="$1" -v b="$3" -v p="$ours" -v t="$eager" -v u="$tuned" 'BEGIN {
        printf "GPU %s batch %d: prunescope %.0f images/s, pytorch eager %.0f (ratio %.2f), pytorch bf16 + channels-last %.0f (ratio %.2f)\n", m, b, p, t, p / t, u, p / u
        printf "  time per CIFAR-10 epoch (50,000 images): prunescope %.2f s, pytorch eager %.2f s -> %.2f of eager\n", 50000 / p, 50000 / t, t / p }'
}
log "ResNet-18 (small-image stem) on CIFAR-size data (generated 3x32x32)"
bench resnet18 generated 128 300
bench resnet18 generated 512 150
log "small CNN on Fashion-MNIST"
bench smallcnn "$data" 128 600
log "sweep throughput: the pruning-methods preset, 1 seed, 500-step students, one run at a time vs packed"
for k in 4 8; do
    build-gpu/bench/prunescope-bench-sweep resources/presets/fashion-mnist-el2n-kd.json --device cuda \
        --dataset "$data" --seeds 0 --steps 500 --runs-at-once $k
done
log "pruning scores on the GPU (proxy smallcnn, 2 epochs each)"
build-gpu/bench/prunescope-bench-scores --device cuda --dataset "$data" --proxy-epochs 2
log "done"

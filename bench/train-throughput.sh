#!/usr/bin/env bash
# Training throughput, Prunescope vs. the PyTorch peer, in one run: the small CNN on Fashion-MNIST
# for a fixed number of steps, same batch, data, optimiser and thread count; prints images/s for
# each and the ratio. Needs a build (cmake --build build) and python3-torch
# (packaging/install-deps.sh --bench).
#   bench/train-throughput.sh [--batch 128] [--steps 300] [--crop-padding 2 --flip 1] [--repeat 3]
#       [--model smallcnn|resnet20] [--dataset DIR|generated] [--kd none|cached|online]
# --dataset generated is 10,000 random 3×32×32 images (CIFAR's shape); --kd distils from a teacher
# of the same architecture, its logits precomputed (cached) or computed per batch (online).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
batch=128 steps=300 warmup=20 padding=0 flip=0 repeat=3 model=smallcnn kd=none
dataset=/usr/share/datasets/fashion-mnist
threads=$(nproc)
while [ $# -gt 0 ]; do
    case "$1" in
    --batch) batch=$2 ;;
    --steps) steps=$2 ;;
    --warmup) warmup=$2 ;;
    --crop-padding) padding=$2 ;;
    --flip) flip=$2 ;;
    --threads) threads=$2 ;;
    --repeat) repeat=$2 ;;
    --model) model=$2 ;;
    --dataset) dataset=$2 ;;
    --kd) kd=$2 ;;
    *) echo "train-throughput.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift 2
done
[ -x "$build/bench/prunescope-bench-train" ] || { echo "build first: cmake --build $build" >&2; exit 2; }
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "needs python3-torch: packaging/install-deps.sh --bench" >&2; exit 2; }

args=(--steps "$steps" --warmup "$warmup" --batch "$batch" --crop-padding "$padding" --flip "$flip" --threads "$threads"
    --model "$model" --dataset "$dataset" --kd "$kd")
best() { sort -g | tail -n 1; }
peer() { /usr/bin/python3 "$root/bench/peer/train_smallcnn.py" "${args[@]}" | sed -n 's/.*images_per_second=//p'; }
ours=() theirs=() tuned=() nhwc=()
# Alternate the runs so that drifts in machine speed hit all alike; report the best of each.
# The ratio is against the peer as a PyTorch script runs by default. For reference, "same
# allocator" runs it with the glibc allocator settings Prunescope applies to itself (see
# engine::useAllCores), and "+ channels-last" also keeps its weights and inputs NHWC as Prunescope
# does: what is left between those and Prunescope is the training loop itself.
tune=(env MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=2147483647)
for ((i = 0; i < repeat; i++)); do
    ours+=("$("$build/bench/prunescope-bench-train" "${args[@]}" | sed -n 's/.*images_per_second=//p')")
    theirs+=("$(peer)")
    tuned+=("$("${tune[@]}" /usr/bin/python3 "$root/bench/peer/train_smallcnn.py" "${args[@]}" | sed -n 's/.*images_per_second=//p')")
    nhwc+=("$("${tune[@]}" /usr/bin/python3 "$root/bench/peer/train_smallcnn.py" "${args[@]}" --channels-last 1 | sed -n 's/.*images_per_second=//p')")
done
p=$(printf '%s\n' "${ours[@]}" | best)
t=$(printf '%s\n' "${theirs[@]}" | best)
u=$(printf '%s\n' "${tuned[@]}" | best)
c=$(printf '%s\n' "${nhwc[@]}" | best)
echo "$model, $dataset, KD $kd, batch $batch, $((steps - warmup)) timed steps, $threads threads, crop padding $padding, flip $flip"
echo "  prunescope                               ${ours[*]} images/s (best $p)"
echo "  pytorch                                  ${theirs[*]} images/s (best $t)"
echo "  pytorch, same allocator                  ${tuned[*]} images/s (best $u)"
echo "  pytorch, same allocator + channels-last  ${nhwc[*]} images/s (best $c)"
awk -v p="$p" -v t="$t" -v u="$u" -v c="$c" 'BEGIN { printf "  ratio prunescope / pytorch = %.2f (reference: / same allocator %.2f, / same allocator + channels-last %.2f)\n", p / t, p / u, p / c }'

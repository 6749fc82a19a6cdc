#!/usr/bin/env bash
# The cost of knowledge distillation, Prunescope and the PyTorch peer in one run: a student run
# with KD divided by the same run without it (time per image), for the small CNN on
# Fashion-MNIST. Without augmentation the teacher's logits come from a cache computed once; with
# random crops and flips the frozen teacher runs on every batch (online). Same model, data,
# batch, steps and threads on both sides; the median of --repeat runs, alternated (a best-of
# picks whichever run the machine's drift favoured, which for a ratio of two near-equal figures
# decides its sign).
#   bench/kd-cost.sh [--batch 128] [--steps 300] [--repeat 5] [--model smallcnn]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
batch=128 steps=300 repeat=5 model=smallcnn
while [ $# -gt 0 ]; do
    case "$1" in
    --batch) batch=$2 ;;
    --steps) steps=$2 ;;
    --repeat) repeat=$2 ;;
    --model) model=$2 ;;
    *) echo "kd-cost.sh: unknown option $1 (expected --batch, --steps, --repeat or --model)" >&2; exit 2 ;;
    esac
    shift 2
done
[ -x "$build/bench/prunescope-bench-train" ] || { echo "build first: cmake --build $build" >&2; exit 2; }
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "needs python3-torch: packaging/install-deps.sh --bench" >&2; exit 2; }
common=(--steps "$steps" --batch "$batch" --threads "$(nproc)" --model "$model")
ips() { sed -n 's/.*images_per_second=//p'; }
ours() { "$build/bench/prunescope-bench-train" "${common[@]}" "$@" | ips; }
peer() { /usr/bin/python3 "$root/bench/peer/train_smallcnn.py" "${common[@]}" "$@" | ips; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A fig
for ((i = 0; i < repeat; i++)); do
    for side in ours peer; do
        fig[$side,plain]+="$($side --kd none) "
        fig[$side,cached]+="$($side --kd cached) "
        fig[$side,augplain]+="$($side --kd none --crop-padding 2 --flip 1) "
        fig[$side,online]+="$($side --kd online --crop-padding 2 --flip 1) "
    done
done
echo "$model on Fashion-MNIST, batch $batch, $steps steps, $(nproc) threads, median of $repeat (images/s)"
for side in ours peer; do
    name=$([ $side = ours ] && echo prunescope || echo pytorch)
    p=$(median ${fig[$side,plain]}) c=$(median ${fig[$side,cached]})
    a=$(median ${fig[$side,augplain]}) o=$(median ${fig[$side,online]})
    awk -v n="$name" -v p="$p" -v c="$c" -v a="$a" -v o="$o" 'BEGIN {
        printf "  %-10s no augmentation: plain %.0f, KD from cached logits %.0f -> KD costs %.3f x the plain run\n", n, p, c, p / c
        printf "  %-10s crop + flip:     plain %.0f, KD with the teacher online %.0f -> KD costs %.3f x the plain run\n", n, a, o, a / o }'
done

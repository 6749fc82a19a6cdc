#!/usr/bin/env bash
# The label-issue flag on several draws of the same noise (symmetric 10 % by default, issue 19's
# operating point "precision >= 0.90 at recall >= 0.93"): per injection seed, the default flag,
# the self-confidence ranking, one cross-validation ranked by self-confidence, and cleanlab's
# default on the same probabilities; then bench/peer/label_flags_draws.py: the default ranking's
# set at m, at m + sqrt(m) (the default), at the mean of the two repeats' own counts, and as large
# as a temperature-calibrated posterior says, the sizes that meet the operating point, and the
# default against the flag as the issue describes it (one cross-validation, top-m by
# self-confidence, recomputed by the peer) paired over the draws.
#   bench/label-flags-draws.sh CLEANLAB_DIR [WORK_DIR] [SEEDS] [MODE:SHARE]
# SEEDS defaults to "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15" (1 and 4-15 are the validation
# draws of the README), MODE:SHARE to symmetric:0.1. Training the probabilities takes ~3.5 min a
# seed on 2 cores, once (cached in WORK_DIR/flags.db; the store of bench/label-flags-vs-cleanlab.sh
# can be reused); the four flag runs of a seed that read them back, and cleanlab, take ~4 min more.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cleanlab="${1:?usage: $0 CLEANLAB_DIR [WORK_DIR] [SEEDS] [MODE:SHARE]}"
seeds="${3:-0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15}"
case="${4:-symmetric:0.1}"
mode=${case%%:*}; share=${case##*:}
work="${2:-/var/tmp/prunescope-label-flags}/draws-$mode-$share"
cli="${PRUNESCOPE_CLI:-$here/build/app/prunescope-cli}"
data="${DATASET:-/usr/share/datasets/fashion-mnist}"
python="${PYTHON:-/usr/bin/python3}"
mkdir -p "$work"
store="$(dirname "$work")/flags.db"
flags() { # SEED OUT_BASE ARGS...
  local seed=$1 out=$2; shift 2
  "$cli" flags --dataset "$data" --store "$store" --label-noise "$share" --label-mode "$mode" \
    --inject-seed "$seed" --evaluate -o "$out.csv" "$@" > "$out.txt" 2>/dev/null
  grep -E '^label_issue +flipped labels' "$out.txt" |
    awk '{print "AUROC "$5"  flagged "$6"  precision "$7"  recall "$8"  F1 "$9}'
}
for seed in $seeds; do
  echo "=== $mode $share, injection seed $seed ==="
  printf '%-34s %s\n' "prunescope default" "$(flags "$seed" "$work/$seed-default" \
    --probabilities "$work/$seed.npy")"
  printf '%-34s %s\n' "prunescope self_confidence" "$(flags "$seed" "$work/$seed-self" \
    --label-rank self_confidence)"
  printf '%-34s %s\n' "1 repeat, self_confidence" "$(flags "$seed" "$work/$seed-filed" \
    --repeats 1 --label-rank self_confidence --probabilities "$work/$seed-r0.npy")"
  # The second repeat alone (fold seed 1, stored by the default run): its own confident count.
  flags "$seed" "$work/$seed-r1" --seed 1 --repeats 1 --probabilities "$work/$seed-r1.npy" \
    > /dev/null
  "$python" "$here/bench/peer/label_flags_cleanlab.py" --cleanlab "$cleanlab" \
    "$work/$seed.npy" "$work/$seed-default.csv" 2>/dev/null | tail -n 1 |
    awk '{printf "%-34s AUROC %s  flagged %s  precision %s  recall %s  F1 %s\n", \
          "cleanlab default (" $1 ")", $2, $3, $4, $5, $6}'
done
echo
# shellcheck disable=SC2086
"$python" "$here/bench/peer/label_flags_draws.py" "$work" $seeds

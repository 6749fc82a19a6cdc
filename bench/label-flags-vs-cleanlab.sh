#!/usr/bin/env bash
# The label-issue flag beside cleanlab on Fashion-MNIST with injected label noise (issue 19's
# cases): symmetric 10, 20, 40 % and pair flips (c → c + 1) 10, 20, 30 %, injection seed 0,
# out-of-sample probabilities from 2 repeats × 4 folds × 2 epochs of smallcnn (seeds 0, 1), cached
# in one store.
# For each case: prunescope-cli flags --evaluate with its default (lowest_quality by
# noise_posterior), with the self-confidence ranking it had before, and with cleanlab's default
# filter (prune_by_noise_rate); then cleanlab's find_label_issues on the same probabilities (its
# defaults, each filter_by, and the number of samples on which the two prune_by_noise_rate sets
# differ). The AUROC is that of the --label-rank score.
#   bench/label-flags-vs-cleanlab.sh CLEANLAB_DIR [WORK_DIR] [CASES]
# CLEANLAB_DIR holds cleanlab's package folder (a fetched snapshot; needs Debian's python3-numpy,
# python3-sklearn, python3-pandas, python3-termcolor and python3-tqdm, which cleanlab imports).
# CASES defaults to "symmetric:0.1 symmetric:0.2 symmetric:0.4 pairs:0.1 pairs:0.2 pairs:0.3".
# Training the probabilities (two repeats of the folds, the default) takes ~4 min a case on 2
# cores, once.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cleanlab="${1:?usage: $0 CLEANLAB_DIR [WORK_DIR] [CASES]}"
work="${2:-/var/tmp/prunescope-label-flags}"
cases="${3:-symmetric:0.1 symmetric:0.2 symmetric:0.4 pairs:0.1 pairs:0.2 pairs:0.3}"
cli="${PRUNESCOPE_CLI:-$here/build/app/prunescope-cli}"
data="${DATASET:-/usr/share/datasets/fashion-mnist}"
python="${PYTHON:-/usr/bin/python3}"
mkdir -p "$work"
for c in $cases; do
  mode=${c%%:*}; share=${c##*:}
  base="$work/$mode-$share"
  echo "=== $mode $share (inject seed 0) ==="
  for setting in lowest_quality:noise_posterior lowest_quality:self_confidence \
                 prune_by_noise_rate:noise_posterior; do
    filter=${setting%%:*}; rank=${setting##*:}
    "$cli" flags --dataset "$data" --store "$work/flags.db" --label-noise "$share" \
      --label-mode "$mode" --inject-seed 0 --evaluate --label-filter "$filter" \
      --label-rank "$rank" --probabilities "$base.npy" -o "$base-$filter.csv" \
      > "$base-$filter-$rank.txt" 2>/dev/null
    row=$(grep -E '^label_issue +flipped labels' "$base-$filter-$rank.txt")
    printf 'prunescope %-38s %s\n' "$filter, $rank" \
      "$(echo "$row" | awk '{print "AUROC "$5"  flagged "$6"  precision "$7"  recall "$8"  F1 "$9}')"
  done
  "$python" "$here/bench/peer/label_flags_cleanlab.py" --cleanlab "$cleanlab" \
    --filters prune_by_noise_rate,prune_by_class,both,confident_learning,low_self_confidence \
    --same-as prune_by_noise_rate "$base.npy" "$base-prune_by_noise_rate.csv" 2>/dev/null
done

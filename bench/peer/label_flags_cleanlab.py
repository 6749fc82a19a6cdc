#!/usr/bin/env python3
"""cleanlab beside Prunescope's label-issue flag, on the same out-of-sample probabilities.

    prunescope-cli flags --dataset D --label-noise 0.2 --label-mode pairs --inject-seed 0 \\
        --probabilities p.npy -o flags.csv
    python3 bench/peer/label_flags_cleanlab.py --cleanlab DIR p.npy flags.csv

DIR holds cleanlab's package folder (e.g. a fetched snapshot of github.com/cleanlab/cleanlab; it
needs numpy and scikit-learn). The CSV gives the labels as given and the injected truth
(label_flipped). Prints, for cleanlab's find_label_issues with its defaults (and each filter_by
given with --filters): AUROC of its default label-quality score (self-confidence), the number
flagged, precision, recall and F1 against the injected flips. A peer for measurement only:
nothing of cleanlab is part of Prunescope."""
import argparse
import csv
import sys

parser = argparse.ArgumentParser()
parser.add_argument('--cleanlab', required=True, help="folder holding cleanlab's package")
parser.add_argument('--filters', default='prune_by_noise_rate',
                    help='comma-separated filter_by values (default: the default)')
parser.add_argument('--masks', default=None, help='write each filter\'s mask as NAME.txt here')
parser.add_argument('--same-as', default=None,
                    help="the CSV's label_issue flags came from this Prunescope --label-filter: "
                         "print how many samples the two sets disagree on")
parser.add_argument('probabilities', help='N×K .npy of out-of-sample probabilities')
parser.add_argument('csv', help='the CSV of prunescope-cli flags -o (with the injected truth)')
args = parser.parse_args()
sys.path.insert(0, args.cleanlab)
import numpy as np  # noqa: E402
from cleanlab.filter import find_label_issues  # noqa: E402
from cleanlab.rank import get_label_quality_scores  # noqa: E402

p = np.load(args.probabilities).astype(np.float64)
labels, flipped, ours = [], [], []
with open(args.csv, newline='') as f:
    for row in csv.DictReader(f):
        labels.append(int(row['label']))
        flipped.append(int(row['label_flipped']))
        ours.append('label_issue' in row['flags'].split(';'))
ours = np.array(ours, dtype=bool)
labels = np.array(labels)
truth = np.array(flipped, dtype=bool)
if p.shape[0] != labels.shape[0]:
    sys.exit(f'{args.probabilities} has {p.shape[0]} rows; {args.csv} has {labels.shape[0]} samples')


def auroc(score, positive):
    """Mann-Whitney with average ranks for ties; higher score = more likely positive."""
    order = np.argsort(score, kind='mergesort')
    ranks = np.empty(len(score))
    sorted_scores = score[order]
    i = 0
    while i < len(score):
        j = i
        while j + 1 < len(score) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    n_pos = positive.sum()
    n_neg = len(score) - n_pos
    return (ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


quality = get_label_quality_scores(labels, p)
area = auroc(1 - quality, truth)
print(f'{len(labels)} samples, {truth.sum()} labels flipped')
print(f'{"cleanlab filter_by":<24}{"AUROC":>8}{"flagged":>9}{"precision":>11}{"recall":>8}{"F1":>8}')
for name in args.filters.split(','):
    mask = find_label_issues(labels, p, filter_by=name)
    tp = int((mask & truth).sum())
    flagged = int(mask.sum())
    precision = tp / flagged if flagged else 0.0
    recall = tp / truth.sum() if truth.sum() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f'{name:<24}{area:>8.4f}{flagged:>9}{precision:>11.3f}{recall:>8.3f}{f1:>8.3f}')
    twin = {'lowest_quality': 'low_self_confidence'}.get(args.same_as, args.same_as)
    if twin == name:
        print(f'  Prunescope --label-filter {args.same_as}: {int(ours.sum())} flagged, '
              f'{int((ours != mask).sum())} samples differ from cleanlab {name}')
    if args.masks:
        np.savetxt(f'{args.masks}/{name}.txt', np.where(mask)[0], fmt='%d')

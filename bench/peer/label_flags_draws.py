#!/usr/bin/env python3
"""The label-issue flag over several draws of the same injected noise (issue 19's symmetric 10 %).

    python3 bench/peer/label_flags_draws.py WORK SEED [SEED ...]

WORK holds, per injection seed S, what bench/label-flags-draws.sh writes with prunescope-cli
flags: S.npy (the averaged out-of-sample probabilities), S-default.csv (the default flag),
S-filed.csv (the flag as the issue describes it: one cross-validation, top-m by
self-confidence). Prints per draw the default's set at its size m (the confident joint's
off-diagonal count) and at m + sqrt(m), recomputed here in numpy from the probabilities (the
noise posterior as engine/quality/label_quality.cpp defines it; the script stops if its m-set is
not the CLI's), then the default against the filed flag paired over the draws with Student-t 95 %
intervals. A check for measurement only: nothing here is part of Prunescope."""
import csv
import sys

import numpy as np
from scipy import stats


def read_csv(path):
    labels, truth, flagged = [], [], []
    with open(path, newline='') as f:
        for row in csv.DictReader(f):
            labels.append(int(row['label']))
            truth.append(row['label_flipped'] == '1')
            flagged.append('label_issue' in row['flags'].split(';'))
    return np.array(labels), np.array(truth), np.array(flagged)


def noise_posterior(p, y):
    """1 - P(label wrong) under the directional noise counts (label_quality.cpp)."""
    n, k = p.shape
    predicted = p.argmax(1)
    median = np.full(k, 2.0)
    for c in range(k):
        right = p[(predicted == c) & (y == c), c]
        if len(right):
            median[c] = np.median(right)
    counts = np.eye(k)
    sure = p[np.arange(n), predicted] >= median[predicted]
    np.add.at(counts, (y[sure], predicted[sure]), 1)
    off = ~np.eye(k, dtype=bool)
    shared = np.minimum(counts, counts.T)
    directional = counts.copy()
    directional[off] = counts[off] - shared[off] + np.median(shared[off])
    t = directional / directional.sum(0, keepdims=True)
    ty = t[y]
    return ty[np.arange(n), y] * p[np.arange(n), y] / (ty * p).sum(1)


def off_diagonal_count(p, y):
    """m: samples in the confident joint's off-diagonal whose label is not their likeliest class."""
    n, k = p.shape
    thresholds = np.array([max(p[y == j, j].mean(), 2e-6) if (y == j).any() else 2.0
                           for j in range(k)])
    reach = p >= thresholds - 1e-6
    only = np.where(reach, np.arange(k), -1).max(1)
    confident = np.where(reach.sum(1) == 0, -1, np.where(reach.sum(1) == 1, only, p.argmax(1)))
    bumped = p.copy()
    bumped[np.arange(n), y] += 1e-6  # the given label wins near-ties, as cleanlab's argmax
    likeliest = bumped.argmax(1) == y
    return int(((confident >= 0) & (confident != y) & ~likeliest).sum())


def scores(selected, truth):
    tp = int((selected & truth).sum())
    precision = tp / max(int(selected.sum()), 1)
    recall = tp / int(truth.sum())
    return precision, recall, 2 * precision * recall / (precision + recall)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    work, seeds = sys.argv[1], sys.argv[2:]
    print(f'{"seed":>4}  {"m":>6} {"P":>6} {"R":>6} {"F1":>6}   {"m+sqrt m":>8} {"P":>6} {"R":>6} '
          f'{"F1":>6}')
    paired = []
    for seed in seeds:
        p = np.load(f'{work}/{seed}.npy').astype(np.float64)
        labels, truth, cli = read_csv(f'{work}/{seed}-default.csv')
        quality = noise_posterior(p, labels)
        order = np.lexsort((np.arange(len(quality)), quality))
        m = off_diagonal_count(p, labels)

        def top(size):
            chosen = np.zeros(len(quality), dtype=bool)
            chosen[order[:size]] = True
            return chosen

        at_m = top(m)
        if (at_m != cli).any():
            sys.exit(f'seed {seed}: the numpy set differs from the CLI flags in '
                     f'{int((at_m != cli).sum())} samples; the reimplementation is out of date')
        larger = int(round(m + np.sqrt(m)))
        a, b = scores(at_m, truth), scores(top(larger), truth)
        print(f'{seed:>4}  {m:>6} {a[0]:6.3f} {a[1]:6.3f} {a[2]:6.3f}   {larger:>8} {b[0]:6.3f} '
              f'{b[1]:6.3f} {b[2]:6.3f}')
        _, filed_truth, filed = read_csv(f'{work}/{seed}-filed.csv')
        paired.append(np.array(a) - np.array(scores(filed, filed_truth)))
    if len(paired) < 2:
        return
    d = np.array(paired)
    half = stats.t.ppf(0.975, len(d) - 1) * d.std(0, ddof=1) / np.sqrt(len(d))
    print(f'\ndefault - flag as filed, paired over {len(d)} draws (95 % interval):')
    for i, name in enumerate(['precision', 'recall', 'F1']):
        mean = d[:, i].mean()
        each = ' '.join(f'{x:+.4f}' for x in d[:, i])
        print(f'  {name:<9} {mean:+.4f} [{mean - half[i]:+.4f}, {mean + half[i]:+.4f}]   per draw {each}')


if __name__ == '__main__':
    main()

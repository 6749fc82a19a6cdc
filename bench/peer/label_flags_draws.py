#!/usr/bin/env python3
"""The label-issue flag over several draws of the same injected noise (issue 19's symmetric 10 %).

    python3 bench/peer/label_flags_draws.py WORK SEED [SEED ...]

WORK holds, per injection seed S, what bench/label-flags-draws.sh writes with prunescope-cli
flags: S.npy (the two repeats' averaged out-of-sample probabilities), S-r0.npy and S-r1.npy (each
repeat's own) and S-default.csv (the default flag, with the injected truth); the flag as the
issue describes it (one cross-validation, top-m by self-confidence) is recomputed here from
S-r0.npy. Prints per draw the default's ranking cut at four sizes, recomputed here in numpy from
the probabilities (the noise posterior as engine/quality/label_quality.cpp defines it; the script
stops if its default set is not the CLI's):
  m         the confident joint's off-diagonal count on the averaged probabilities (the
            default before 2026-12-04);
  m+sqrt m  one standard error more (the default: engine::lowestQualitySize);
  mean m_r  the mean of each repeat's own count (confident learning's count on one model's
            held-out probabilities; averaging pulls probabilities below the class thresholds);
  P>=1/2    the samples whose posterior P(wrong) >= 1/2 once the probabilities are tempered,
            p^(1/tau), tau fitted by the likelihood of the given labels under the noise matrix
            (sum: the sum of P(wrong), the expected number of wrong labels);
and the sizes at which the ranking meets the issue's operating point (symmetric 10 %: precision
>= 0.90 and recall >= 0.93; pairs 20 %, when WORK's name says pairs: 0.83 and 0.94) as a multiple
of the number of wrong labels; then the default against the filed flag paired over the draws with
Student-t 95 % intervals.
A check for measurement only: nothing here is part of Prunescope."""
import csv
import sys

import numpy as np
from scipy import optimize, stats


def read_csv(path):
    labels, truth, flagged = [], [], []
    with open(path, newline='') as f:
        for row in csv.DictReader(f):
            labels.append(int(row['label']))
            truth.append(row['label_flipped'] == '1')
            flagged.append('label_issue' in row['flags'].split(';'))
    return np.array(labels), np.array(truth), np.array(flagged)


def noise_matrix(p, y):
    """T[y][j]: share of class j labelled y, from the directional noise counts."""
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
    excess = counts - shared
    # a direction counts only beyond 3 SDs of the difference of two Poisson counts; the rest is
    # spread evenly over the off-diagonal
    significant = excess > 3.0 * np.sqrt(counts + counts.T)
    spread = excess[off & ~significant].sum() / off.sum()
    directional = counts.copy()
    directional[off] = np.where(significant, excess, 0.0)[off] + np.median(shared[off]) + spread
    return directional / directional.sum(0, keepdims=True)


def noise_posterior(p, y, t=None):
    """1 - P(label wrong) under the noise matrix (label_quality.cpp)."""
    ty = (noise_matrix(p, y) if t is None else t)[y]
    return ty[np.arange(len(y)), y] * p[np.arange(len(y)), y] / (ty * p).sum(1)


def tempered(p, tau):
    logp = np.log(np.clip(p, 1e-12, 1)) / tau
    q = np.exp(logp - logp.max(1, keepdims=True))
    return q / q.sum(1, keepdims=True)


def fitted_temperature(p, y, t):
    """tau in [0.1, 2] maximising sum_i log sum_j T[y_i][j] p_j^(1/tau) / Z_i."""
    def loss(log_tau):
        return -np.log((t[y] * tempered(p, np.exp(log_tau))).sum(1)).sum()
    best = optimize.minimize_scalar(loss, bounds=(np.log(0.1), np.log(2.0)), method='bounded',
                                    options={'xatol': 1e-8})
    return float(np.exp(best.x))


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
    least_precision, least_recall = (0.83, 0.94) if 'pairs' in work else (0.90, 0.93)
    print('the default ranking cut at four sizes; dP, dR: against the flag as filed')
    paired = []
    for seed in seeds:
        p = np.load(f'{work}/{seed}.npy').astype(np.float64)
        repeats = [np.load(f'{work}/{seed}-r{r}.npy').astype(np.float64) for r in (0, 1)]
        if not np.allclose((repeats[0] + repeats[1]) / 2, p, atol=1e-6):
            sys.exit(f'seed {seed}: {seed}.npy is not the mean of {seed}-r0.npy and {seed}-r1.npy')
        labels, truth, cli = read_csv(f'{work}/{seed}-default.csv')
        t = noise_matrix(p, labels)
        quality = noise_posterior(p, labels, t)
        order = np.lexsort((np.arange(len(quality)), quality))
        m = off_diagonal_count(p, labels)
        own = [off_diagonal_count(r, labels) for r in repeats]

        def top(size, rank=order):
            chosen = np.zeros(len(quality), dtype=bool)
            chosen[rank[:size]] = True
            return chosen

        # The flag as filed: the first repeat alone, its own count, the lowest self-confidence.
        first = repeats[0][np.arange(len(labels)), labels]
        filed = top(own[0], np.lexsort((np.arange(len(first)), first)))

        at_m = top(m)
        default = top(int(round(m + np.sqrt(m))))
        if (default != cli).any():
            sys.exit(f'seed {seed}: the numpy set differs from the CLI flags in '
                     f'{int((default != cli).sum())} samples; the reimplementation is out of date')
        tau = fitted_temperature(p, labels, t)
        wrong = 1 - noise_posterior(tempered(p, tau), labels, t)
        calibrated = np.lexsort((np.arange(len(wrong)), -wrong))
        sets = [('m', at_m), ('m+sqrt m (default)', default),
                (f'mean m_r {own[0]},{own[1]}', top(int(np.floor(np.mean(own) + 0.5)))),
                (f'P>=1/2 tau {tau:.3f} sum {wrong.sum():.0f}',
                 top(int((wrong >= 0.5).sum()), calibrated))]
        wrong_labels = int(truth.sum())
        found = np.cumsum(truth[order])
        size = np.arange(1, len(order) + 1)
        meets = np.flatnonzero((found / size >= least_precision)
                               & (found / wrong_labels >= least_recall)) + 1
        window = (f'{meets[0]}-{meets[-1]} = {meets[0] / wrong_labels:.3f}-'
                  f'{meets[-1] / wrong_labels:.3f} x' if len(meets) else 'no size meets it, at')
        f = scores(filed, truth)
        print(f'{"seed " + seed:<29} flagged    P      R      F1     vs filed: dP      dR')
        for name, chosen in sets:
            a = scores(chosen, truth)
            print(f'  {name:<27} {int(chosen.sum()):>6} {a[0]:6.3f} {a[1]:6.3f} {a[2]:7.4f}  '
                  f'{a[0] - f[0]:+.4f} {a[1] - f[1]:+.4f}')
        print(f'  precision >= {least_precision:.2f} and recall >= {least_recall:.2f} at sizes '
              f'{window} the {wrong_labels} wrong labels; precision at that count '
              f'{found[wrong_labels - 1] / wrong_labels:.4f}')
        paired.append(np.array(scores(default, truth)) - np.array(f))
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

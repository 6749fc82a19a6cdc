#pragma once

// Paired comparisons of runs that share seeds (a KD weight against α = 0, a method against random
// pruning, one teacher against another): the mean per-seed difference with a Student-t interval.

#include <cstdint>
#include <vector>

namespace engine {

/// The regularised incomplete beta function I_x(a, b), for a, b > 0 and x in [0, 1].
double incompleteBeta(double a, double b, double x);
/// P(T ≤ t) for Student's t with df > 0 degrees of freedom.
double studentTCdf(double t, double df);
/// The t with P(T ≤ t) = p, p in (0, 1).
double studentTQuantile(double p, double df);

/// The per-pair differences a[i] − b[i]: their mean, sample std, a two-sided confidence interval
/// of the mean (Student t, n − 1 degrees of freedom) and the paired t-test's p-value, as
/// scipy.stats.ttest_rel(a, b) computes them. Interval and p are NaN for fewer than two pairs;
/// with n ≥ 2 pairs that are all equal the interval has zero width and p is NaN.
struct PairedDifference
{
    int64_t n = 0;
    double mean = 0;
    double std = 0;
    double low = 0; ///< interval bounds
    double high = 0;
    double t = 0;
    double p = 0;

    double halfWidth() const { return (high - low) / 2; }
    /// The interval excludes 0.
    bool significant() const { return low > 0 || high < 0; }
};
PairedDifference pairedDifference(const std::vector<double> &a, const std::vector<double> &b,
                                  double level = 0.95);

} // namespace engine

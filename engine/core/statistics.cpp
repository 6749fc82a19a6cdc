#include "engine/core/statistics.h"

#include <cmath>
#include <stdexcept>

namespace engine {

namespace {

/// The continued fraction of the incomplete beta function, by the modified Lentz method.
double betaFraction(double a, double b, double x)
{
    constexpr double tiny = 1e-300, eps = 1e-15;
    const double qab = a + b, qap = a + 1, qam = a - 1;
    double c = 1, d = 1 - qab * x / qap;
    d = 1 / (std::fabs(d) < tiny ? tiny : d);
    double h = d;
    for (int m = 1; m <= 500; ++m) {
        const int m2 = 2 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        d = 1 / (std::fabs(d) < tiny ? tiny : d);
        c = 1 + aa / c;
        c = std::fabs(c) < tiny ? tiny : c;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        d = 1 / (std::fabs(d) < tiny ? tiny : d);
        c = 1 + aa / c;
        c = std::fabs(c) < tiny ? tiny : c;
        const double step = d * c;
        h *= step;
        if (std::fabs(step - 1) < eps)
            break;
    }
    return h;
}

} // namespace

double incompleteBeta(double a, double b, double x)
{
    if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1))
        throw std::invalid_argument("incompleteBeta: a, b > 0 and x in [0, 1]");
    if (x == 0 || x == 1)
        return x;
    const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b)
                                  + a * std::log(x) + b * std::log1p(-x));
    // The fraction converges fast on this side of the mean; the other side by symmetry.
    if (x < (a + 1) / (a + b + 2))
        return front * betaFraction(a, b, x) / a;
    return 1 - front * betaFraction(b, a, 1 - x) / b;
}

double studentTCdf(double t, double df)
{
    if (std::isinf(t))
        return t > 0 ? 1.0 : 0.0;
    const double tail = 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t * t));
    return t > 0 ? 1 - tail : tail;
}

double studentTQuantile(double p, double df)
{
    if (!(p > 0) || !(p < 1))
        throw std::invalid_argument("studentTQuantile: p in (0, 1)");
    if (p < 0.5)
        return -studentTQuantile(1 - p, df);
    double low = 0, high = 1;
    while (studentTCdf(high, df) < p)
        high *= 2;
    for (int i = 0; i < 200 && high - low > 1e-13 * high; ++i) {
        const double mid = (low + high) / 2;
        (studentTCdf(mid, df) < p ? low : high) = mid;
    }
    return (low + high) / 2;
}

PairedDifference pairedDifference(const std::vector<double> &a, const std::vector<double> &b,
                                  double level)
{
    if (a.size() != b.size())
        throw std::invalid_argument("pairedDifference: a and b differ in length");
    PairedDifference d;
    d.n = static_cast<int64_t>(a.size());
    if (d.n == 0) {
        d.mean = d.std = d.low = d.high = d.t = d.p = NAN;
        return d;
    }
    double sum = 0;
    for (size_t i = 0; i < a.size(); ++i)
        sum += a[i] - b[i];
    d.mean = sum / double(d.n);
    if (d.n < 2) {
        d.std = d.low = d.high = d.t = d.p = NAN;
        return d;
    }
    double squares = 0;
    for (size_t i = 0; i < a.size(); ++i)
        squares += (a[i] - b[i] - d.mean) * (a[i] - b[i] - d.mean);
    d.std = std::sqrt(squares / double(d.n - 1));
    const double df = double(d.n - 1);
    const double error = d.std / std::sqrt(double(d.n));
    const double half = studentTQuantile(0.5 + level / 2, df) * error;
    d.low = d.mean - half;
    d.high = d.mean + half;
    if (error > 0) {
        d.t = d.mean / error;
        d.p = incompleteBeta(df / 2, 0.5, df / (df + d.t * d.t)); // both tails
    } else {
        d.t = d.p = NAN;
    }
    return d;
}

} // namespace engine

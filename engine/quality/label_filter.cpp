#include "engine/quality/label_filter.h"

#include "engine/core/enum_names.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace engine {

namespace {

// cleanlab's constants, kept so that the same probabilities give the same flags.
constexpr double kSlack
    = 1e-6; // a probability this close to a threshold or the maximum counts as reaching it
constexpr double kThresholdFloor = 2e-6;
constexpr double kAbsentClassThreshold = 2.0;

constexpr EnumNames<LabelFilter, 5> kFilters { {
    { LabelFilter::PruneByNoiseRate, "prune_by_noise_rate" },
    { LabelFilter::PruneByClass, "prune_by_class" },
    { LabelFilter::Both, "both" },
    { LabelFilter::ConfidentLearning, "confident_learning" },
    { LabelFilter::LowestQuality, "lowest_quality" },
} };
// The given label is the likeliest class, with the given label winning near-ties by kSlack and
// exact ties going to the lower index (numpy's argmax of p + kSlack·onehot(y)).
bool labelIsLikeliest(const ClassProbabilities &in, int64_t i)
{
    const int64_t y = in.labels[size_t(i)];
    const double py = in.at(i, y) + kSlack;
    for (int64_t j = 0; j < in.classes; ++j)
        if (j != y && (j < y ? in.at(i, j) >= py : in.at(i, j) > py))
            return false;
    return true;
}

std::vector<std::vector<int64_t>> samplesByClass(const ClassProbabilities &in)
{
    std::vector<std::vector<int64_t>> byClass(size_t(in.classes));
    for (int64_t i = 0; i < in.count(); ++i)
        byClass[size_t(in.labels[size_t(i)])].push_back(i);
    return byClass;
}

// The counts each cell is pruned by: the calibrated joint, except that a class whose calibrated
// diagonal rounded to 0 keeps one sample, taken evenly from its other cells (cleanlab's
// _keep_at_least_n_per_class with n = 1, truncating as it does).
std::vector<int64_t> pruneCounts(const ConfidentJoint &joint)
{
    const int64_t k = joint.classes;
    std::vector<int64_t> counts = joint.calibrated;
    for (int64_t g = 0; g < k; ++g) {
        const int64_t diagonal = joint.estimated(g, g);
        if (diagonal >= 1)
            continue;
        int64_t nonzero = 0;
        for (int64_t j = 0; j < k; ++j)
            nonzero += joint.estimated(g, j) != 0;
        const double share = 1.0 / double(std::max<int64_t>(nonzero - 1, 1));
        for (int64_t j = 0; j < k; ++j)
            if (j != g)
                counts[size_t(g * k + j)]
                    = int64_t(std::max(double(joint.estimated(g, j)) - share, 0.0));
        counts[size_t(g * k + g)] = 1;
    }
    return counts;
}

// prune by noise rate: for each off-diagonal cell, its count of class-g samples by p_j − p_g.
void pruneByNoiseRate(const ClassProbabilities &in, const ConfidentJoint &joint,
                      LabelIssueSelection &out)
{
    const int64_t k = in.classes;
    const auto counts = pruneCounts(joint);
    const auto byClass = samplesByClass(in);
    std::vector<double> bestMargin(size_t(in.count()), -2.0);
    for (int64_t g = 0; g < k; ++g) {
        std::vector<int64_t> members = byClass[size_t(g)];
        if (members.size() <= 1)
            continue;
        for (int64_t j = 0; j < k; ++j) {
            const int64_t take
                = std::min<int64_t>(counts[size_t(g * k + j)], int64_t(members.size()));
            if (j == g || take <= 0)
                continue;
            auto margin = [&](int64_t i) {
                return in.at(i, j) - in.at(i, g);
            };
            std::partial_sort(members.begin(), members.begin() + take, members.end(),
                              [&](int64_t a, int64_t b) {
                                  const double ma = margin(a), mb = margin(b);
                                  return ma != mb ? ma > mb : a < b;
                              });
            for (int64_t r = 0; r < take; ++r) {
                const int64_t i = members[size_t(r)];
                out.flagged[size_t(i)] = 1;
                if (margin(i) > bestMargin[size_t(i)]) {
                    bestMargin[size_t(i)] = margin(i);
                    out.suggested[size_t(i)] = j;
                }
            }
        }
    }
}

// prune by class: n_g − C[g][g] of class g's samples, the lowest p_g.
std::vector<uint8_t> pruneByClass(const ClassProbabilities &in, const ConfidentJoint &joint)
{
    const auto counts = pruneCounts(joint);
    std::vector<uint8_t> flagged(size_t(in.count()), 0);
    const auto byClass = samplesByClass(in);
    for (int64_t g = 0; g < in.classes; ++g) {
        std::vector<int64_t> members = byClass[size_t(g)];
        const int64_t take = std::min<int64_t>(
            int64_t(members.size()) - counts[size_t(g * in.classes + g)], int64_t(members.size()));
        if (members.size() <= 1 || take <= 0)
            continue;
        std::partial_sort(members.begin(), members.begin() + take, members.end(),
                          [&](int64_t a, int64_t b) {
                              const double pa = in.at(a, g), pb = in.at(b, g);
                              return pa != pb ? pa < pb : a < b;
                          });
        for (int64_t r = 0; r < take; ++r)
            flagged[size_t(members[size_t(r)])] = 1;
    }
    return flagged;
}

// numpy's np.sum of doubles: pairwise sums over 8 accumulators in blocks of 8,192 (its buffer),
// added in order. The calibration's rounding follows the sums' last bits, and near-ties in it
// decide which cell gains or loses one, so the same sums keep the counts cleanlab's.
double pairwiseSum(const double *a, size_t n)
{
    if (n < 8) {
        double r = -0.0;
        for (size_t i = 0; i < n; ++i)
            r += a[i];
        return r;
    }
    if (n <= 128) {
        double r[8];
        std::copy(a, a + 8, r);
        size_t i = 8;
        for (; i < n - n % 8; i += 8)
            for (size_t j = 0; j < 8; ++j)
                r[j] += a[i + j];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i)
            res += a[i];
        return res;
    }
    size_t half = n / 2;
    half -= half % 8;
    return pairwiseSum(a, half) + pairwiseSum(a + half, n - half);
}

double numpySum(const std::vector<double> &a)
{
    constexpr size_t kBuffer = 8192;
    double sum = 0;
    for (size_t start = 0; start < a.size(); start += kBuffer) {
        const double part = pairwiseSum(a.data() + start, std::min(kBuffer, a.size() - start));
        sum = start == 0 ? part : sum + part;
    }
    return sum;
}

} // namespace

std::string_view labelFilterName(LabelFilter f)
{
    return enumName(kFilters, f);
}

std::optional<LabelFilter> parseLabelFilter(std::string_view name)
{
    return parseEnum(kFilters, name);
}

std::string labelFilterNames()
{
    return enumChoices(kFilters);
}

int64_t ConfidentJoint::estimatedErrors() const
{
    int64_t sum = 0;
    for (int64_t g = 0; g < classes; ++g)
        for (int64_t j = 0; j < classes; ++j)
            if (g != j)
                sum += estimated(g, j);
    return sum;
}

std::vector<int64_t> roundKeepingTotal(const std::vector<double> &row)
{
    std::vector<int64_t> ints(row.size());
    int64_t rounded = 0;
    for (size_t j = 0; j < row.size(); ++j) {
        ints[j] = int64_t(std::nearbyint(row[j])); // the default rounding mode: half to even
        rounded += ints[j];
    }
    const int64_t missing = int64_t(std::nearbyint(numpySum(row))) - rounded;
    if (missing == 0)
        return ints;
    std::vector<size_t> order(row.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return row[a] - double(ints[a]) < row[b] - double(ints[b]);
    });
    if (missing > 0) // the largest remainders gain one; among equal ones the later index first
        std::reverse(order.begin(), order.end());
    const int64_t step = missing > 0 ? 1 : -1;
    for (int64_t r = 0; r < std::abs(missing); ++r)
        ints[order[size_t(r) % order.size()]] += step;
    return ints;
}

ConfidentJoint confidentJoint(const ClassProbabilities &in)
{
    const int64_t n = in.count(), k = in.classes;
    if (k < 2 || int64_t(in.p.size()) != n * k)
        throw std::invalid_argument("confident joint: " + std::to_string(in.p.size())
                                    + " probabilities for " + std::to_string(n) + " samples of "
                                    + std::to_string(k) + " classes (expected N × K, K ≥ 2)");
    ConfidentJoint cj;
    cj.classes = k;
    cj.classCounts.assign(size_t(k), 0);
    std::vector<double> sums(size_t(k), 0.0);
    for (int64_t i = 0; i < n; ++i) {
        const int64_t y = in.labels[size_t(i)];
        if (y < 0 || y >= k)
            throw std::invalid_argument("confident joint: sample " + std::to_string(i)
                                        + " has label " + std::to_string(y) + ", outside [0, "
                                        + std::to_string(k) + ")");
        ++cj.classCounts[size_t(y)];
        sums[size_t(y)] += in.at(i, y);
    }
    cj.thresholds.resize(size_t(k));
    for (int64_t j = 0; j < k; ++j)
        cj.thresholds[size_t(j)] = cj.classCounts[size_t(j)] == 0
            ? kAbsentClassThreshold
            : std::max(sums[size_t(j)] / double(cj.classCounts[size_t(j)]), kThresholdFloor);

    cj.counts.assign(size_t(k * k), 0);
    cj.confidentClass.assign(size_t(n), -1);
    for (int64_t i = 0; i < n; ++i) {
        int64_t reached = 0, only = -1, likeliest = 0;
        for (int64_t j = 0; j < k; ++j) {
            if (in.at(i, j) >= cj.thresholds[size_t(j)] - kSlack) {
                ++reached;
                only = j;
            }
            if (in.at(i, j) > in.at(i, likeliest))
                likeliest = j;
        }
        if (reached == 0)
            continue;
        const int64_t c = reached == 1 ? only : likeliest;
        cj.confidentClass[size_t(i)] = c;
        ++cj.counts[size_t(in.labels[size_t(i)] * k + c)];
    }
    for (int64_t g = 0; g < k; ++g)
        cj.counts[size_t(g * k + g)] = std::max<int64_t>(cj.counts[size_t(g * k + g)], 1);

    // Each row scaled to its class's count, the whole to N (a no-op but for the last bits, which
    // cleanlab's rounding sees), then each row rounded keeping its total.
    std::vector<double> scaled(size_t(k * k));
    for (int64_t g = 0; g < k; ++g) {
        int64_t rowSum = 0;
        for (int64_t j = 0; j < k; ++j)
            rowSum += cj.count(g, j);
        for (int64_t j = 0; j < k; ++j)
            scaled[size_t(g * k + j)]
                = double(cj.count(g, j)) / double(rowSum) * double(cj.classCounts[size_t(g)]);
    }
    // cleanlab's joint is a transposed (column-major) array, so numpy sums it column by column.
    std::vector<double> byColumn(scaled.size());
    for (int64_t g = 0; g < k; ++g)
        for (int64_t j = 0; j < k; ++j)
            byColumn[size_t(j * k + g)] = scaled[size_t(g * k + j)];
    const double total = numpySum(byColumn);
    cj.calibrated.resize(size_t(k * k));
    for (int64_t g = 0; g < k; ++g) {
        std::vector<double> row(static_cast<size_t>(k));
        for (int64_t j = 0; j < k; ++j)
            row[size_t(j)] = scaled[size_t(g * k + j)] / total * double(n);
        const auto ints = roundKeepingTotal(row);
        std::copy(ints.begin(), ints.end(), cj.calibrated.begin() + g * k);
    }
    return cj;
}

int64_t lowestQualitySize(int64_t m)
{
    return m <= 0 ? 0 : std::llround(double(m) + std::sqrt(double(m)));
}

LabelIssueSelection selectLabelIssues(const ClassProbabilities &in, const ConfidentJoint &joint,
                                      LabelFilter filter, LabelRanking ranking)
{
    const auto quality
        = filter == LabelFilter::LowestQuality ? labelQuality(in, ranking) : std::vector<double>();
    return selectLabelIssues(in, joint, filter, std::span<const double>(quality));
}

LabelIssueSelection selectLabelIssues(const ClassProbabilities &in, const ConfidentJoint &joint,
                                      LabelFilter filter, std::span<const double> quality)
{
    const int64_t n = in.count();
    LabelIssueSelection out;
    out.flagged.assign(size_t(n), 0);
    out.suggested.assign(in.labels.begin(), in.labels.end());
    auto offDiagonal = [&](int64_t i) {
        const int64_t c = joint.confidentClass[size_t(i)];
        return c >= 0 && c != in.labels[size_t(i)];
    };
    switch (filter) {
    case LabelFilter::PruneByNoiseRate:
        pruneByNoiseRate(in, joint, out);
        break;
    case LabelFilter::PruneByClass:
        out.flagged = pruneByClass(in, joint);
        break;
    case LabelFilter::Both: {
        const auto byClass = pruneByClass(in, joint);
        pruneByNoiseRate(in, joint, out);
        for (int64_t i = 0; i < n; ++i)
            out.flagged[size_t(i)] &= byClass[size_t(i)];
        break;
    }
    case LabelFilter::ConfidentLearning:
        for (int64_t i = 0; i < n; ++i)
            out.flagged[size_t(i)] = offDiagonal(i) ? 1 : 0;
        break;
    case LabelFilter::LowestQuality: {
        int64_t offTheDiagonal = 0;
        for (int64_t i = 0; i < n; ++i)
            offTheDiagonal += offDiagonal(i) && !labelIsLikeliest(in, i);
        const int64_t m = std::min(n, lowestQualitySize(offTheDiagonal));
        std::vector<int64_t> order(static_cast<size_t>(n));
        std::iota(order.begin(), order.end(), int64_t(0));
        std::partial_sort(order.begin(), order.begin() + m, order.end(), [&](int64_t a, int64_t b) {
            return quality[size_t(a)] != quality[size_t(b)]
                ? quality[size_t(a)] < quality[size_t(b)]
                : a < b;
        });
        for (int64_t r = 0; r < m; ++r)
            out.flagged[size_t(order[size_t(r)])] = 1;
        break;
    }
    }
    for (int64_t i = 0; i < n; ++i) {
        if (!out.flagged[size_t(i)]) {
            out.suggested[size_t(i)] = in.labels[size_t(i)];
            continue;
        }
        if (filter != LabelFilter::LowestQuality && labelIsLikeliest(in, i)) {
            out.flagged[size_t(i)] = 0;
            out.suggested[size_t(i)] = in.labels[size_t(i)];
            continue;
        }
        if (out.suggested[size_t(i)] == in.labels[size_t(i)])
            out.suggested[size_t(i)]
                = offDiagonal(i) ? joint.confidentClass[size_t(i)] : likeliestOtherClass(in, i);
    }
    return out;
}

} // namespace engine

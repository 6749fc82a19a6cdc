#include "engine/core/enum_names.h"
#include "engine/quality/label_filter.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

// The label-quality scores the label-issue flag ranks by, and the noise the posterior assumes.

namespace engine {

namespace {

// noise_posterior first: the default, and the first in --help and messages.
constexpr EnumNames<LabelRanking, 4> kRankings { {
    { LabelRanking::NoisePosterior, "noise_posterior" },
    { LabelRanking::SelfConfidence, "self_confidence" },
    { LabelRanking::NormalizedMargin, "normalized_margin" },
    { LabelRanking::ConfidenceWeightedEntropy, "confidence_weighted_entropy" },
} };

} // namespace

int64_t likeliestOtherClass(const ClassProbabilities &in, int64_t i)
{
    const int64_t y = in.labels[size_t(i)];
    int64_t best = -1;
    for (int64_t j = 0; j < in.classes; ++j)
        if (j != y && (best < 0 || in.at(i, j) > in.at(i, best)))
            best = j;
    return best < 0 ? y : best;
}

std::string_view labelRankingName(LabelRanking r)
{
    return enumName(kRankings, r);
}

std::optional<LabelRanking> parseLabelRanking(std::string_view name)
{
    return parseEnum(kRankings, name);
}

std::string labelRankingNames()
{
    return enumChoices(kRankings);
}

std::vector<double> noiseCounts(const ClassProbabilities &in)
{
    const int64_t n = in.count(), k = in.classes;
    std::vector<int64_t> predicted(static_cast<size_t>(n));
    std::vector<std::vector<double>> right(
        static_cast<size_t>(k)); // p_a of the samples labelled a, predicted a
    for (int64_t i = 0; i < n; ++i) {
        int64_t a = 0;
        for (int64_t j = 1; j < k; ++j)
            if (in.at(i, j) > in.at(i, a))
                a = j;
        predicted[size_t(i)] = a;
        if (a == in.labels[size_t(i)])
            right[size_t(a)].push_back(in.at(i, a));
    }
    std::vector<double> median(size_t(k), 2.0); // above any probability: a class never right
    for (int64_t a = 0; a < k; ++a) {
        auto &v = right[size_t(a)];
        if (v.empty())
            continue;
        const size_t mid = v.size() / 2;
        std::nth_element(v.begin(), v.begin() + long(mid), v.end());
        median[size_t(a)] = v[mid];
        if (v.size() % 2 == 0) // the mean of the two middle values, as numpy's median
            median[size_t(a)] = (v[mid] + *std::max_element(v.begin(), v.begin() + long(mid))) / 2;
    }
    std::vector<double> counts(size_t(k * k), 0.0);
    for (int64_t j = 0; j < k; ++j)
        counts[size_t(j * k + j)] = 1;
    for (int64_t i = 0; i < n; ++i) {
        const int64_t a = predicted[size_t(i)];
        if (in.at(i, a) >= median[size_t(a)])
            counts[size_t(in.labels[size_t(i)] * k + a)] += 1;
    }
    return counts;
}

std::vector<double> directionalNoise(const std::vector<double> &counts, int64_t k,
                                     double significance)
{
    if (int64_t(counts.size()) != k * k)
        throw std::invalid_argument("noise counts hold " + std::to_string(counts.size())
                                    + " values, expected " + std::to_string(k * k));
    std::vector<double> shared; // min(C[g][j], C[j][g]) of each off-diagonal cell
    for (int64_t g = 0; g < k; ++g)
        for (int64_t j = 0; j < k; ++j)
            if (g != j)
                shared.push_back(std::min(counts[size_t(g * k + j)], counts[size_t(j * k + g)]));
    if (shared.empty())
        return counts;
    std::sort(shared.begin(), shared.end());
    const size_t mid = shared.size() / 2;
    const double floor
        = shared.size() % 2 ? shared[mid] : (shared[mid - 1] + shared[mid]) / 2; // numpy's median
    // Excess within chance is read as symmetric noise: spread evenly over the off-diagonal, so
    // that on small data (nothing significant) the posterior still ranks like the self-confidence.
    std::vector<double> out = counts;
    double spread = 0;
    for (int64_t g = 0; g < k; ++g)
        for (int64_t j = 0; j < k; ++j)
            if (g != j) {
                const double ours = counts[size_t(g * k + j)], reverse = counts[size_t(j * k + g)];
                const double excess = ours - std::min(ours, reverse);
                const bool significant = excess > significance * std::sqrt(ours + reverse);
                out[size_t(g * k + j)] = significant ? excess : 0.0;
                spread += significant ? 0.0 : excess;
            }
    spread /= double(k * (k - 1));
    for (int64_t g = 0; g < k; ++g)
        for (int64_t j = 0; j < k; ++j)
            if (g != j)
                out[size_t(g * k + j)] += floor + spread;
    return out;
}

std::vector<double> labelQuality(const ClassProbabilities &in, LabelRanking ranking)
{
    std::vector<double> q(size_t(in.count()));
    std::vector<double> noise; // T[g][j], for NoisePosterior
    if (ranking == LabelRanking::NoisePosterior) {
        const int64_t k = in.classes;
        noise = directionalNoise(noiseCounts(in), k);
        for (int64_t j = 0; j < k; ++j) {
            double column = 0;
            for (int64_t g = 0; g < k; ++g)
                column += noise[size_t(g * k + j)];
            for (int64_t g = 0; g < k; ++g)
                noise[size_t(g * k + j)] /= column;
        }
    }
    const double logK = std::log(double(in.classes));
    for (int64_t i = 0; i < in.count(); ++i) {
        const int64_t y = in.labels[size_t(i)];
        const double py = in.at(i, y);
        switch (ranking) {
        case LabelRanking::SelfConfidence:
            q[size_t(i)] = py;
            break;
        case LabelRanking::NormalizedMargin:
            q[size_t(i)] = (py - in.at(i, likeliestOtherClass(in, i)) + 1) / 2;
            break;
        case LabelRanking::ConfidenceWeightedEntropy: {
            double h = 0;
            for (int64_t j = 0; j < in.classes; ++j)
                if (const double pj = in.at(i, j); pj > 0)
                    h -= pj * std::log(pj);
            const double x = h / logK / std::max(py, 1e-6);
            q[size_t(i)] = std::log1p(x) / std::max(x, 1e-6);
            break;
        }
        case LabelRanking::NoisePosterior: {
            const double *t = noise.data() + y * in.classes;
            double all = 0;
            for (int64_t j = 0; j < in.classes; ++j)
                all += t[j] * in.at(i, j);
            q[size_t(i)] = all > 0 ? t[y] * py / all : 1.0;
            break;
        }
        }
    }
    return q;
}

} // namespace engine

#include "engine/prune/selector.h"

#include "engine/prune/random_selection.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace engine {

namespace {

/// Members sorted from hardest to easiest; ties by the seeded random key.
void sortHardestFirst(std::vector<int64_t> &members, const std::vector<double> &difficulty,
                      const std::vector<uint64_t> &tieKey)
{
    std::sort(members.begin(), members.end(), [&](int64_t a, int64_t b) {
        if (difficulty[a] != difficulty[b])
            return difficulty[a] > difficulty[b];
        return tieKey[a] < tieKey[b];
    });
}

void selectStratified(const std::vector<int64_t> &members, const std::vector<double> &difficulty,
                      int64_t k, int64_t strata, SplitMix64 &rng, std::vector<int64_t> &out)
{
    std::vector<double> values;
    values.reserve(members.size());
    for (int64_t i : members)
        values.push_back(difficulty[i]);
    const std::vector<int64_t> bin = strataOf(values, strata);
    // Infinite scores (never-learned samples under Forgetting) form one stratum of their own.
    std::vector<std::vector<int64_t>> groups(strata + 1);
    for (size_t j = 0; j < members.size(); ++j)
        groups[bin[j] < 0 ? strata : bin[j]].push_back(members[j]);
    std::vector<int64_t> sizes;
    for (const auto &g : groups)
        sizes.push_back(static_cast<int64_t>(g.size()));
    const auto parts = allocateStrata(sizes, k);
    for (size_t g = 0; g < groups.size(); ++g) {
        auto pool = groups[g];
        for (int64_t i = 0; i < parts[g]; ++i) {
            const auto j
                = i + static_cast<int64_t>(rng.below(static_cast<uint64_t>(pool.size() - i)));
            std::swap(pool[i], pool[j]);
            out.push_back(pool[i]);
        }
    }
}

} // namespace

std::vector<int64_t> strataOf(const std::vector<double> &values, int64_t strata)
{
    double lo = INFINITY, hi = -INFINITY;
    for (double v : values)
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    std::vector<int64_t> bin(values.size(), -1);
    for (size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i]))
            continue;
        if (hi == lo) {
            bin[i] = 0;
            continue;
        }
        const auto b
            = static_cast<int64_t>(std::floor((values[i] - lo) / (hi - lo) * double(strata)));
        bin[i] = std::clamp<int64_t>(b, 0, strata - 1);
    }
    return bin;
}

std::vector<int64_t> allocateStrata(const std::vector<int64_t> &sizes, int64_t budget)
{
    std::vector<size_t> order(sizes.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return sizes[a] < sizes[b]; });
    std::vector<int64_t> parts(sizes.size(), 0);
    int64_t left = budget;
    int64_t nonEmpty = std::count_if(sizes.begin(), sizes.end(), [](int64_t s) { return s > 0; });
    for (size_t g : order) {
        if (sizes[g] == 0)
            continue;
        const int64_t share = nonEmpty == 1 ? left : left / nonEmpty;
        parts[g] = std::min(sizes[g], share);
        left -= parts[g];
        --nonEmpty;
    }
    return parts;
}

std::vector<int64_t> selectByScore(const std::vector<double> &scores,
                                   const std::vector<int64_t> &labels, int64_t numClasses,
                                   int64_t keptCount, const SelectionRule &rule, uint64_t seed)
{
    const auto n = static_cast<int64_t>(scores.size());
    if (static_cast<int64_t>(labels.size()) != n)
        throw std::invalid_argument("scores and labels differ in length");
    for (int64_t i = 0; i < n; ++i)
        if (std::isnan(scores[i]))
            throw std::invalid_argument("the score of sample " + std::to_string(i) + " is NaN");
    std::vector<double> difficulty(n);
    for (int64_t i = 0; i < n; ++i)
        difficulty[i] = rule.higherIsHarder ? scores[i] : -scores[i];
    SplitMix64 rng(seed);
    std::vector<uint64_t> tieKey(n);
    for (auto &key : tieKey)
        key = rng.next();

    std::vector<std::vector<int64_t>> groups(rule.classBalanced ? numClasses : 1);
    for (int64_t i = 0; i < n; ++i)
        groups[rule.classBalanced ? labels[i] : 0].push_back(i);
    // β drop: the hardest round(β·n_g) of each group go first.
    for (auto &g : groups) {
        sortHardestFirst(g, difficulty, tieKey);
        const auto drop = static_cast<size_t>(std::llround(rule.beta * double(g.size())));
        g.erase(g.begin(), g.begin() + static_cast<std::ptrdiff_t>(std::min(drop, g.size())));
    }
    std::vector<int64_t> sizes;
    for (const auto &g : groups)
        sizes.push_back(static_cast<int64_t>(g.size()));
    const int64_t available = std::accumulate(sizes.begin(), sizes.end(), int64_t(0));
    if (keptCount < 0 || keptCount > available)
        throw std::invalid_argument(
            "cannot keep " + std::to_string(keptCount) + " samples: "
            + (rule.beta > 0 ? std::to_string(available) + " are left after dropping the hardest β"
                             : std::to_string(available) + " exist"));
    const std::vector<int64_t> parts = rule.classBalanced ? allocateProportional(sizes, keptCount)
                                                          : std::vector<int64_t> { keptCount };

    std::vector<int64_t> kept;
    kept.reserve(keptCount);
    for (size_t gi = 0; gi < groups.size(); ++gi) {
        const auto &g = groups[gi]; // hardest first
        const int64_t k = parts[gi];
        const auto size = static_cast<int64_t>(g.size());
        switch (rule.direction) {
        case Direction::Hardest:
            kept.insert(kept.end(), g.begin(), g.begin() + k);
            break;
        case Direction::Easiest:
            kept.insert(kept.end(), g.end() - k, g.end());
            break;
        case Direction::Middle: {
            const int64_t start = (size - k) / 2;
            kept.insert(kept.end(), g.begin() + start, g.begin() + start + k);
            break;
        }
        case Direction::Stratified:
            selectStratified(g, difficulty, k, rule.strata, rng, kept);
            break;
        }
    }
    std::sort(kept.begin(), kept.end());
    return kept;
}

} // namespace engine

#include "engine/prune/random_selection.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace engine {

std::vector<int64_t> allocateProportional(const std::vector<int64_t> &sizes, int64_t total)
{
    const int64_t n = std::accumulate(sizes.begin(), sizes.end(), int64_t(0));
    if (total < 0 || total > n)
        throw std::invalid_argument("cannot allocate " + std::to_string(total) + " of "
                                    + std::to_string(n));
    std::vector<int64_t> parts(sizes.size(), 0);
    if (n == 0)
        return parts;
    std::vector<std::pair<__int128, size_t>> remainders;
    int64_t assigned = 0;
    for (size_t i = 0; i < sizes.size(); ++i) {
        // Exact integer arithmetic: share = sizes[i]·total / n.
        const __int128 product = static_cast<__int128>(sizes[i]) * total;
        parts[i] = static_cast<int64_t>(product / n);
        assigned += parts[i];
        remainders.push_back({ product % n, i });
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    for (size_t k = 0; assigned < total; ++k) {
        const size_t i = remainders[k % remainders.size()].second;
        if (parts[i] < sizes[i]) {
            ++parts[i];
            ++assigned;
        }
    }
    return parts;
}

namespace {

/// k distinct items of pool, chosen uniformly by a partial Fisher–Yates shuffle.
void sampleInto(std::vector<int64_t> pool, int64_t k, SplitMix64 &rng, std::vector<int64_t> &out)
{
    for (int64_t i = 0; i < k; ++i) {
        const auto j = i + static_cast<int64_t>(rng.below(static_cast<uint64_t>(pool.size() - i)));
        std::swap(pool[i], pool[j]);
        out.push_back(pool[i]);
    }
}

} // namespace

std::vector<int64_t> selectRandom(const std::vector<int64_t> &labels, int64_t numClasses,
                                  int64_t keptCount, bool classBalanced, uint64_t seed)
{
    const auto n = static_cast<int64_t>(labels.size());
    if (keptCount < 0 || keptCount > n)
        throw std::invalid_argument("kept count " + std::to_string(keptCount) + " is outside 0.."
                                    + std::to_string(n));
    SplitMix64 rng(seed);
    std::vector<int64_t> kept;
    kept.reserve(keptCount);
    if (!classBalanced) {
        std::vector<int64_t> all(n);
        std::iota(all.begin(), all.end(), 0);
        sampleInto(std::move(all), keptCount, rng, kept);
    } else {
        std::vector<std::vector<int64_t>> byClass(numClasses);
        for (int64_t i = 0; i < n; ++i)
            byClass.at(labels[i]).push_back(i);
        std::vector<int64_t> sizes;
        for (const auto &members : byClass)
            sizes.push_back(static_cast<int64_t>(members.size()));
        const auto parts = allocateProportional(sizes, keptCount);
        for (int64_t c = 0; c < numClasses; ++c)
            sampleInto(byClass[c], parts[c], rng, kept);
    }
    std::sort(kept.begin(), kept.end());
    return kept;
}

} // namespace engine

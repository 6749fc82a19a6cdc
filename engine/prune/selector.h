#pragma once

#include "engine/prune/method_registry.h"

#include <cstdint>
#include <vector>

namespace engine {

/// How a score becomes a kept subset.
struct SelectionRule
{
    Direction direction = Direction::Hardest;
    bool higherIsHarder = true;
    bool classBalanced = false;
    int64_t strata = 50; ///< Stratified: equal-width strata over the score range
    double beta = 0.0; ///< fraction of the hardest samples dropped before selecting (CCS)
};

/// Keeps exactly keptCount samples by rule, ascending. Ties in the score are broken by a random
/// order drawn from seed (so equal scores do not favour low indices); Stratified also samples
/// within strata with it. Class-balanced: class c keeps its largest-remainder share of keptCount
/// (of its samples left after the β drop) and the rule applies within each class. Throws
/// std::invalid_argument when keptCount exceeds the samples left after the β drop.
std::vector<int64_t> selectByScore(const std::vector<double> &scores,
                                   const std::vector<int64_t> &labels, int64_t numClasses,
                                   int64_t keptCount, const SelectionRule &rule, uint64_t seed);

/// CCS budget allocation: strata visited from the smallest; each takes
/// min(its size, remaining budget ÷ strata left, rounded down); the last takes what remains.
/// The parts sum to budget whenever budget ≤ the total size.
std::vector<int64_t> allocateStrata(const std::vector<int64_t> &sizes, int64_t budget);

/// Stratum of each value: floor((v − lo) / width) over `strata` equal-width bins of [lo, hi],
/// the maximum in the last bin; all values in bin 0 when hi = lo. Non-finite values get bin −1
/// (the caller keeps them apart).
std::vector<int64_t> strataOf(const std::vector<double> &values, int64_t strata);

} // namespace engine

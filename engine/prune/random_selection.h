#pragma once

#include "engine/core/rng.h"

#include <cstdint>
#include <string>
#include <vector>

namespace engine {

/// Splits total over groups in proportion to their sizes by largest remainder (ties to the lower
/// group index); the parts sum to total exactly and no part exceeds its group's size.
std::vector<int64_t> allocateProportional(const std::vector<int64_t> &sizes, int64_t total);

/// Random pruning: keptCount indices out of labels.size(), ascending.
/// Uniform: a seeded uniformly random subset. Class-balanced: per class, a uniformly random subset
/// whose size is the class's proportional share (allocateProportional), so every class keeps
/// fraction f of its samples up to rounding and the total is still exactly keptCount.
std::vector<int64_t> selectRandom(const std::vector<int64_t> &labels, int64_t numClasses,
                                  int64_t keptCount, bool classBalanced, uint64_t seed);

} // namespace engine

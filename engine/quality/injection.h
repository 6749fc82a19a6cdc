#pragma once

#include "engine/quality/injection_settings.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <torch/types.h>
#include <vector>

namespace engine {

struct LabelNoiseResult
{
    torch::Tensor labels; ///< int64 N, the noisy labels
    torch::Tensor flipped; ///< bool N, the truth: which labels were changed
};

/// Changes exactly round(rate·N) labels, chosen uniformly without replacement from the seed; every
/// changed label differs from the original. Throws std::invalid_argument for a rate outside
/// [0, 1] or fewer than 2 classes.
LabelNoiseResult injectLabelNoise(const torch::Tensor &labels, int64_t numClasses, double rate,
                                  LabelNoise mode, uint64_t seed);

struct CorruptionResult
{
    torch::Tensor images; ///< uint8 N×C×H×W, corrupted
    torch::Tensor kind; ///< int64 N: the Corruption applied, −1 for untouched images
    torch::Tensor source; ///< int64 N: for copies, the index of the original; −1 otherwise
};

/// Applies each kind to exactly round(fractionEach·N) images, the sets disjoint and drawn from the
/// seed; a copy replaces its image with another (untouched) image's pixels. Throws
/// std::invalid_argument when the kinds need more images than there are.
CorruptionResult injectCorruptions(const torch::Tensor &imagesU8,
                                   const std::vector<Corruption> &kinds, double fractionEach,
                                   uint64_t seed);

} // namespace engine

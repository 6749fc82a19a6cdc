#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <torch/types.h>
#include <vector>

namespace engine {

/// How injected label noise picks the wrong label: uniformly among the other classes, or the
/// fixed pair flip c → (c + 1) mod K of the noisy-label literature.
enum class LabelNoise { Symmetric, ClassPairs };

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

/// Image corruptions of the quality-flag benchmark: darken (x·0.15), brighten (0.15·x + 0.85·255),
/// Gaussian blur (σ 1.5 pixels), Gaussian noise (σ 60 grey levels, clamped), an exact copy of
/// another image, and near copies of another image (shifted by one pixel, or brightened by 5).
enum class Corruption {
    Darken,
    Brighten,
    Blur,
    Noise,
    Duplicate,
    ShiftedDuplicate,
    BrightDuplicate
};

std::string_view corruptionName(Corruption c);
std::optional<Corruption> parseCorruption(std::string_view name);
std::vector<Corruption> allCorruptions();

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

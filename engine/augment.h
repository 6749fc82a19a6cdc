#pragma once

#include "engine/selection.h"

#include <torch/types.h>

namespace engine {

/// Per-sample augmentation parameters: crop offsets in [0, 2·padding] and flip decisions.
struct AugmentDraw
{
    std::vector<int64_t> offsetY;
    std::vector<int64_t> offsetX;
    std::vector<bool> flip;
};

/// Draws the parameters for a batch on the CPU, so a seed gives the same augmentation on every
/// device.
AugmentDraw drawAugmentation(int64_t batch, int64_t padding, bool flip, SplitMix64 &rng);

/// Random crop after zero padding, and horizontal flip, of a uint8 B×C×H×W batch on its device,
/// in two gathers (the flip is folded into the column index).
torch::Tensor augmentBatch(const torch::Tensor &imagesU8, int64_t padding, const AugmentDraw &draw);

} // namespace engine

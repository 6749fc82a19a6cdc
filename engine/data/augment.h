#pragma once

#include "engine/core/rng.h"

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

/// A draw moved to the training device: B×1 int64 offsets and B×1 bool flips.
struct DeviceAugmentDraw
{
    torch::Tensor offsetY;
    torch::Tensor offsetX;
    torch::Tensor flip;

    static DeviceAugmentDraw upload(const AugmentDraw &draw, torch::Device device);
    /// Rows [start, end).
    DeviceAugmentDraw slice(int64_t start, int64_t end) const;
};

/// Entries [start, end) of a draw (what one batch of an epoch's draw uses).
AugmentDraw sliceDraw(const AugmentDraw &draw, int64_t start, int64_t end);

/// Random crop after zero padding, and horizontal flip, of a uint8 B×C×H×W batch on its device,
/// in two gathers (the flip is folded into the column index).
torch::Tensor augmentBatch(const torch::Tensor &imagesU8, int64_t padding, const AugmentDraw &draw);
/// The same with the draw already on the batch's device (no copy from the host per batch).
torch::Tensor augmentBatch(const torch::Tensor &imagesU8, int64_t padding,
                           const DeviceAugmentDraw &draw);

} // namespace engine

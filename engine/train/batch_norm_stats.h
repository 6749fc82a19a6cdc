#pragma once

// Batch-norm statistics for a model read before the end of its training (EL2N and GraNd on
// proxies at an early checkpoint or at initialisation): the running averages there still hold
// their initial or early values, so eval-mode predictions would use statistics that do not belong
// to the weights.

#include <cstdint>

namespace engine {

class Classifier;
struct DeviceData;

/// Training images the statistics are re-estimated on (the first ones, in the data's order).
inline constexpr int64_t kBatchNormImages = 5120;

/// Replaces every batch-norm layer's running mean and variance by their average over the first
/// `images` training images (normalised, not augmented; batches of 128, each batch's mean and
/// unbiased variance averaged with equal weight), leaving weights, momentum and train/eval mode
/// as they were. No gradient is recorded.
void reestimateBatchNorm(Classifier &model, const DeviceData &data, int64_t images);

} // namespace engine

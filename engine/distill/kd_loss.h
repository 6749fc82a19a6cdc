#pragma once

#include "engine/distill/kd_loss_settings.h"

#include <torch/types.h>

namespace engine {

struct KdLoss
{
    torch::Tensor total; ///< (1 − α)·CE + α·[τ²]·KL, a scalar
    torch::Tensor ce; ///< batch-mean cross-entropy with the given labels
    torch::Tensor
        kd; ///< batch-mean KL(softmax(z_t/τ) ‖ softmax(z_s/τ)), without τ²; undefined when α = 0
};

/// L = (1 − α)·CE(z_s, y) + α·τ²·KL(softmax(z_t/τ) ‖ softmax(z_s/τ)), KL summed over classes and
/// averaged over the batch. teacherLogits may be undefined when α = 0.
KdLoss kdLoss(const torch::Tensor &studentLogits, const torch::Tensor &teacherLogits,
              const torch::Tensor &labels, const KdSettings &settings, double labelSmoothing = 0.0);

} // namespace engine

#pragma once

namespace engine {

/// Distillation settings of one student run.
struct KdSettings
{
    double alpha = 0.0; ///< weight of the KD term, in [0, 1]; 0 = plain training
    double tau = 4.0; ///< temperature, > 0
    bool tauSquared
        = true; ///< multiply the KD term by τ² (Hinton et al.) so its gradients keep their scale
};

} // namespace engine

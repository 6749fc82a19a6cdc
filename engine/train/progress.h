#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace engine {

/// Test-set (validation at the end, and running training) figures at one evaluation point of a
/// training job.
struct EvalMetrics
{
    int64_t step = 0; ///< optimiser steps done
    double epoch = 0; ///< passes over the training subset done (fractional)
    double trainLoss = NAN; ///< mean training loss since the previous evaluation
    double trainAccuracy = NAN;
    double testLoss = NAN;
    double testAccuracy = NAN; ///< fraction in [0, 1]
    /// On the validation split, at the last evaluation point only (NaN elsewhere or without one).
    double validationLoss = NAN;
    double validationAccuracy = NAN;
    double lr = NAN; ///< learning rate of the last step
    double elapsedSeconds = 0;
};

/// Progress after one optimiser step (of a run, or of the teacher).
struct StepEvent
{
    std::optional<size_t> run; ///< empty while the teacher trains
    int64_t step = 0;
    int64_t totalSteps = 0;
    double epoch = 0;
    double elapsedSeconds = 0;
};

} // namespace engine

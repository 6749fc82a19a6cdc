#pragma once

#include "engine/train/schedule.h"

#include <cstdint>
#include <optional>

namespace engine {

/// How long a model trains: whole passes over its training set, or optimiser steps.
enum class BudgetUnit { Epochs, Steps };

struct Budget
{
    BudgetUnit unit = BudgetUnit::Epochs;
    int64_t value = 0;
};

/// A training recipe. Augmentation fields left unset are resolved per dataset when runs are
/// expanded (CIFAR: crop padding 4 and flips; 28×28 data: crop padding 2, no flips) and stored
/// resolved.
struct TrainRecipe
{
    Budget budget;
    int64_t batchSize = 128;
    double lr = 0.1; ///< peak learning rate
    double momentum = 0.9;
    bool nesterov = true;
    double weightDecay = 5e-4;
    Schedule schedule; ///< peakLr mirrors lr
    double labelSmoothing = 0.0;
    std::optional<int64_t> cropPadding;
    std::optional<bool> flip;
    int64_t evalPoints
        = 10; ///< test evaluations over a step budget; epoch budgets evaluate each epoch
};

} // namespace engine

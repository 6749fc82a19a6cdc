#pragma once

#include "engine/train/train_recipe.h"

#include <cstdint>
#include <vector>

namespace engine {

/// Total optimiser steps a recipe takes on n samples: epochs × ⌈n / batch⌉ (the last batch of an
/// epoch may be smaller), or the step budget itself.
int64_t totalSteps(const TrainRecipe &recipe, int64_t n);

/// Optimiser steps of one pass over n samples: ⌈n / batch⌉.
int64_t stepsPerEpoch(const TrainRecipe &recipe, int64_t n);

/// Passes over all n samples that a recipe completes.
int64_t completeEpochs(const TrainRecipe &recipe, int64_t n);

/// Step counts after which the test set is evaluated: the end of every epoch for an epoch budget,
/// evalPoints evenly spaced points for a step budget; always including the last step.
std::vector<int64_t> evaluationSteps(const TrainRecipe &recipe, int64_t n);

} // namespace engine

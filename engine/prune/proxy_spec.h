#pragma once

#include "engine/train/train_recipe.h"

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace engine {

/// The models a score trains on the full training set (EL2N, GraNd, Forgetting, ...).
struct ProxySpec
{
    std::string model;
    TrainRecipe recipe;
};

/// Where in proxy training a checkpointed score (EL2N, GraNd, uncertainty) is read: a step in
/// 0..total steps of the proxy recipe over n samples (0: at initialisation, for
/// checkpoint_unit "fraction" only).
int64_t checkpointStep(const nlohmann::json &settings, const TrainRecipe &proxy, int64_t n);

} // namespace engine

#include "engine/prune/proxy_spec.h"

#include "engine/train/budget.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace engine {

using nlohmann::json;

int64_t checkpointStep(const json &settings, const TrainRecipe &proxy, int64_t n)
{
    const double c = settings.value("checkpoint", 0.0);
    const int64_t total = totalSteps(proxy, n);
    if (settings.value("checkpoint_unit", "epochs") == "fraction")
        return std::llround(c * double(total)); // 0: at initialisation
    if (c <= 0)
        return total;
    if (settings.value("checkpoint_unit", "epochs") == "steps")
        return std::llround(c);
    return std::max<int64_t>(1, std::llround(c * double(stepsPerEpoch(proxy, n))));
}

} // namespace engine

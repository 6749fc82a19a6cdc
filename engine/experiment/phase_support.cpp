#include "engine/experiment/phase_support.h"

#include "engine/core/rng.h"
#include "engine/data/device_data.h"
#include "engine/models/model_factory.h"

#include <torch/torch.h>

namespace engine {

std::shared_ptr<Classifier> buildModelFor(const std::string &name, const DeviceData &data,
                                          uint64_t seed)
{
    return buildSeededModel(name, data.shape, data.numClasses, data.device, seed);
}

std::string errorText(const std::exception &e)
{
    if (const auto *c10 = dynamic_cast<const c10::Error *>(&e))
        return c10->what_without_backtrace();
    return e.what();
}

uint64_t derivedSeed(int64_t seed, SeedPurpose purpose)
{
    return SplitMix64(static_cast<uint64_t>(seed) ^ static_cast<uint64_t>(purpose)).next();
}

bool augments(const TrainRecipe &r)
{
    return r.cropPadding.value_or(0) > 0 || r.flip.value_or(false);
}

Augmentation augmentationOf(const TrainRecipe &r)
{
    return { r.cropPadding.value_or(0), r.flip.value_or(false) };
}

} // namespace engine

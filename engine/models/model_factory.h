#pragma once

#include "engine/models/classifier.h"

#include <memory>
#include <torch/types.h>

namespace engine {

/// Builds the model a registry name describes (see parseModelName); throws ConfigError for a name
/// the registry does not know or an input shape the model cannot take.
std::shared_ptr<Classifier> buildModel(std::string_view name, InputShape input, int64_t numClasses);

/// The same, initialised from seed and moved to device. Initialisation draws from LibTorch's
/// global generator: it is seeded and the model built under one lock, so concurrent jobs cannot
/// interleave their draws.
std::shared_ptr<Classifier> buildSeededModel(std::string_view name, InputShape input,
                                             int64_t numClasses, torch::Device device,
                                             uint64_t seed);

} // namespace engine

#pragma once

#include "engine/models/model_registry.h"

#include <string>

namespace engine {

/// Seconds one SGD step of the model takes here, timed over a few steps on random data (after a
/// warm-up step). The form uses it to estimate a sweep's time before any run has finished.
/// Throws ConfigError for an unknown model.
double measureStepSeconds(const std::string &model, InputShape input, int64_t numClasses,
                          int64_t batchSize, const std::string &device);

} // namespace engine

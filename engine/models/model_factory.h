#pragma once

#include "engine/models/classifier.h"

#include <memory>

namespace engine {

/// Builds the model a registry name describes (see parseModelName); throws ConfigError for a name
/// the registry does not know or an input shape the model cannot take.
std::shared_ptr<Classifier> buildModel(std::string_view name, InputShape input, int64_t numClasses);

} // namespace engine

#pragma once

#include "engine/data/input_shape.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace engine {

/// A parsed model name: family, depth (ResNets), width multiplier ("x4" suffix, default 1).
struct ModelName
{
    std::string family; ///< "smallcnn", "resnet" (CIFAR-style) or "image-resnet" (18, 34)
    int64_t depth = 0;
    double width = 1.0;
};

/// "smallcnn", "smallcnnx2", "resnet20", "resnet8x4", "resnet32x0.5", "resnet18", "resnet34x0.5";
/// nullopt when unknown.
std::optional<ModelName> parseModelName(std::string_view name);

/// The names the registry builds, for help texts and error messages.
std::string modelNameHelp();

/// Trainable parameters of the model a name describes (counted from the architecture, without
/// building it); 0 for an unknown name.
int64_t parameterCount(std::string_view name, InputShape input, int64_t numClasses);

/// Floating-point operations of one image's forward pass: two per multiply-add of the
/// convolutions and dense layers. Batch norm, activations, pooling and residual additions are left
/// out (under 1 % of the total for these models). 0 for an unknown name.
double forwardFlops(std::string_view name, InputShape input, int64_t numClasses);

/// Why the model cannot take inputs of that shape, or nullopt when it can.
std::optional<std::string> checkModelInput(std::string_view name, InputShape input);

} // namespace engine

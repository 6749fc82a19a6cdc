#pragma once

#include "engine/models/model_registry.h"

#include <torch/nn/module.h>
#include <torch/types.h>

namespace engine {

/// Every model the registry builds: logits from images, and the penultimate embedding that the
/// embedding-based pruning methods and quality checks use.
class Classifier : public torch::nn::Module
{
public:
    virtual torch::Tensor forward(torch::Tensor x) = 0;
    virtual torch::Tensor features(torch::Tensor x) = 0;
};

} // namespace engine

#pragma once

#include "engine/models/classifier.h"

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

namespace engine {

/// Two conv blocks and two dense layers, for 28×28 inputs (any size divisible by 4 works):
/// conv3×3 32w → BN → ReLU → max-pool 2, conv3×3 64w → BN → ReLU → max-pool 2,
/// FC (64w·H/4·W/4 → 128w) → ReLU → FC (→ classes). Width w scales every layer.
class SmallCnn : public Classifier
{
public:
    SmallCnn(InputShape input, int64_t numClasses, double width);
    torch::Tensor forward(torch::Tensor x) override;
    torch::Tensor features(torch::Tensor x) override;

private:
    torch::nn::Conv2d m_conv1 { nullptr };
    torch::nn::BatchNorm2d m_bn1 { nullptr };
    torch::nn::Conv2d m_conv2 { nullptr };
    torch::nn::BatchNorm2d m_bn2 { nullptr };
    torch::nn::Linear m_fc1 { nullptr };
    torch::nn::Linear m_fc2 { nullptr };
};

} // namespace engine

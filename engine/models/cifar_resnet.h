#pragma once

#include "engine/models/classifier.h"

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

namespace engine {

/// Basic residual block: conv3×3 → BN → ReLU → conv3×3 → BN, plus the input (through a 1×1
/// conv and BN when the shape changes), then ReLU.
class BasicBlock : public torch::nn::Module
{
public:
    BasicBlock(int64_t in, int64_t out, int64_t stride);
    torch::Tensor forward(torch::Tensor x);

private:
    torch::nn::Conv2d m_conv1 { nullptr };
    torch::nn::BatchNorm2d m_bn1 { nullptr };
    torch::nn::Conv2d m_conv2 { nullptr };
    torch::nn::BatchNorm2d m_bn2 { nullptr };
    torch::nn::Sequential m_shortcut { nullptr };
};

/// CIFAR-style ResNet (He et al. 2016, section 4.2): depth 6n+2, a 3×3 stem and three stages of
/// n basic blocks at 16w, 32w, 64w channels (strides 1, 2, 2), global average pooling, one linear
/// layer. Projection (1×1 conv) shortcuts where the shape changes. resnet8x4 means depth 8, w = 4.
class CifarResNet : public Classifier
{
public:
    CifarResNet(int64_t depth, double width, InputShape input, int64_t numClasses);
    torch::Tensor forward(torch::Tensor x) override;
    torch::Tensor features(torch::Tensor x) override;

private:
    torch::nn::Conv2d m_stem { nullptr };
    torch::nn::BatchNorm2d m_bn { nullptr };
    std::vector<std::shared_ptr<BasicBlock>> m_blocks;
    torch::nn::Linear m_fc { nullptr };
};

} // namespace engine

#pragma once

#include "engine/models/classifier.h"
#include "engine/models/resnet_layout.h"

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

/// A 3×3 stem, stages of basic blocks, global average pooling and one linear layer, with
/// projection (1×1 conv) shortcuts where the shape changes: what the CIFAR-style and the
/// ImageNet-style networks share. Modules are named stem, bn, layer<S>_<B>, fc.
class ResNet : public Classifier
{
public:
    ResNet(const ResNetLayout &layout, InputShape input, int64_t numClasses);
    torch::Tensor forward(torch::Tensor x) override;
    torch::Tensor features(torch::Tensor x) override;

private:
    torch::nn::Conv2d m_stem { nullptr };
    torch::nn::BatchNorm2d m_bn { nullptr };
    std::vector<std::shared_ptr<BasicBlock>> m_blocks;
    torch::nn::Linear m_fc { nullptr };
};

/// CIFAR-style ResNet: see cifarResNetLayout.
class CifarResNet : public ResNet
{
public:
    CifarResNet(int64_t depth, double width, InputShape input, int64_t numClasses)
        : ResNet(cifarResNetLayout(depth, width), input, numClasses)
    { }
};

} // namespace engine

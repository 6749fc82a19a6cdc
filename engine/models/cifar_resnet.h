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

/// base·width channels, rounded, at least 1 (the width multiplier of model names such as
/// resnet8x4).
int64_t scaledChannels(int64_t base, double width);

/// Channels and basic blocks per stage of a residual network; the stem has the first stage's
/// channels, and every stage after the first halves the resolution in its first block.
struct ResNetLayout
{
    std::vector<int64_t> channels;
    std::vector<int64_t> blocks;
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

/// Trainable parameters of a ResNet with that layout, counted without building it.
int64_t resNetParameterCount(const ResNetLayout &layout, int64_t inputChannels, int64_t numClasses);

/// CIFAR-style ResNet (He et al. 2016, section 4.2): depth 6n+2, three stages of n basic blocks
/// at 16w, 32w, 64w channels. resnet8x4 means depth 8, w = 4.
ResNetLayout cifarResNetLayout(int64_t depth, double width);

class CifarResNet : public ResNet
{
public:
    CifarResNet(int64_t depth, double width, InputShape input, int64_t numClasses)
        : ResNet(cifarResNetLayout(depth, width), input, numClasses)
    { }
};

} // namespace engine

#pragma once

#include "engine/models/cifar_resnet.h"

namespace engine {

/// ImageNet-style ResNet-18 / ResNet-34 (He et al. 2016, table 1) with the small-image stem used
/// for CIFAR-size inputs: one 3×3 convolution at stride 1 and no max pooling, then four stages of
/// basic blocks ([2, 2, 2, 2] or [3, 4, 6, 3]) at 64w, 128w, 256w, 512w channels (strides 1, 2,
/// 2, 2), global average pooling and one linear layer. 11.2 M parameters for ResNet-18 on
/// CIFAR-10.
class ImageResNet : public Classifier
{
public:
    ImageResNet(int64_t depth, double width, InputShape input, int64_t numClasses);
    torch::Tensor forward(torch::Tensor x) override;
    torch::Tensor features(torch::Tensor x) override;

    /// Blocks per stage for depth 18 or 34.
    static std::array<int64_t, 4> blocksPerStage(int64_t depth);

private:
    torch::nn::Conv2d m_stem { nullptr };
    torch::nn::BatchNorm2d m_bn { nullptr };
    std::vector<std::shared_ptr<BasicBlock>> m_blocks;
    torch::nn::Linear m_fc { nullptr };
};

} // namespace engine

#pragma once

// The shapes of the residual networks, without torch: what the registry counts parameters from
// and the modules are built from.

#include <cstdint>
#include <vector>

namespace engine {

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

/// Trainable parameters of a ResNet with that layout, counted without building it.
int64_t resNetParameterCount(const ResNetLayout &layout, int64_t inputChannels, int64_t numClasses);

/// Multiply-adds of one image's forward pass through its convolutions and the classifier, at
/// height × width input (every stride-2 block rounds the resolution up, as PyTorch does).
double resNetMultiplyAdds(const ResNetLayout &layout, int64_t inputChannels, int64_t height,
                          int64_t width, int64_t numClasses);

/// CIFAR-style ResNet (He et al. 2016, section 4.2): depth 6n+2, three stages of n basic blocks
/// at 16w, 32w, 64w channels. resnet8x4 means depth 8, w = 4.
ResNetLayout cifarResNetLayout(int64_t depth, double width);

/// ImageNet-style ResNet-18 / ResNet-34 (He et al. 2016, table 1) with the small-image stem used
/// for CIFAR-size inputs: one 3×3 convolution at stride 1 and no max pooling, then four stages of
/// basic blocks ([2, 2, 2, 2] or [3, 4, 6, 3]) at 64w, 128w, 256w, 512w channels (strides 1, 2,
/// 2, 2). 11.2 M parameters for ResNet-18 on CIFAR-10.
ResNetLayout imageResNetLayout(int64_t depth, double width);

} // namespace engine

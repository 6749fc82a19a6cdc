#pragma once

#include "engine/models/cifar_resnet.h"

namespace engine {

/// ImageNet-style ResNet-18 / ResNet-34 (He et al. 2016, table 1) with the small-image stem used
/// for CIFAR-size inputs: one 3×3 convolution at stride 1 and no max pooling, then four stages of
/// basic blocks ([2, 2, 2, 2] or [3, 4, 6, 3]) at 64w, 128w, 256w, 512w channels (strides 1, 2,
/// 2, 2). 11.2 M parameters for ResNet-18 on CIFAR-10.
ResNetLayout imageResNetLayout(int64_t depth, double width);

class ImageResNet : public ResNet
{
public:
    ImageResNet(int64_t depth, double width, InputShape input, int64_t numClasses)
        : ResNet(imageResNetLayout(depth, width), input, numClasses)
    { }
};

} // namespace engine

#pragma once

#include "engine/models/cifar_resnet.h"

namespace engine {

/// ImageNet-style ResNet with the small-image stem: see imageResNetLayout.
class ImageResNet : public ResNet
{
public:
    ImageResNet(int64_t depth, double width, InputShape input, int64_t numClasses)
        : ResNet(imageResNetLayout(depth, width), input, numClasses)
    { }
};

} // namespace engine

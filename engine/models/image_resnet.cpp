#include "engine/models/image_resnet.h"

namespace engine {

ResNetLayout imageResNetLayout(int64_t depth, double width)
{
    ResNetLayout layout;
    layout.blocks
        = depth == 34 ? std::vector<int64_t> { 3, 4, 6, 3 } : std::vector<int64_t> { 2, 2, 2, 2 };
    for (int64_t base : { 64, 128, 256, 512 })
        layout.channels.push_back(scaledChannels(base, width));
    return layout;
}

} // namespace engine

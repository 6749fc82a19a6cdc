#include "engine/models/resnet_layout.h"

#include <algorithm>
#include <cmath>

namespace engine {

int64_t scaledChannels(int64_t base, double width)
{
    return std::max<int64_t>(1, std::llround(double(base) * width));
}

ResNetLayout cifarResNetLayout(int64_t depth, double width)
{
    const int64_t n = (depth - 2) / 6;
    return { { scaledChannels(16, width), scaledChannels(32, width), scaledChannels(64, width) },
             { n, n, n } };
}

ResNetLayout imageResNetLayout(int64_t depth, double width)
{
    ResNetLayout layout;
    layout.blocks
        = depth == 34 ? std::vector<int64_t> { 3, 4, 6, 3 } : std::vector<int64_t> { 2, 2, 2, 2 };
    for (int64_t base : { 64, 128, 256, 512 })
        layout.channels.push_back(scaledChannels(base, width));
    return layout;
}

int64_t resNetParameterCount(const ResNetLayout &layout, int64_t inputChannels, int64_t numClasses)
{
    auto conv = [](int64_t in, int64_t out, int64_t k) {
        return in * out * k * k;
    };
    int64_t in = layout.channels.front();
    int64_t total = conv(inputChannels, in, 3) + 2 * in;
    for (size_t stage = 0; stage < layout.channels.size(); ++stage) {
        const int64_t out = layout.channels[stage];
        for (int64_t b = 0; b < layout.blocks[stage]; ++b) {
            total += conv(in, out, 3) + 2 * out + conv(out, out, 3) + 2 * out;
            if (in != out || (stage > 0 && b == 0))
                total += conv(in, out, 1) + 2 * out;
            in = out;
        }
    }
    return total + (in + 1) * numClasses;
}

double resNetMultiplyAdds(const ResNetLayout &layout, int64_t inputChannels, int64_t height,
                          int64_t width, int64_t numClasses)
{
    // A k×k convolution costs in·out·k² multiply-adds at each output pixel.
    const auto conv = [](int64_t in, int64_t out, int64_t k, int64_t pixels) {
        return double(in) * double(out) * double(k * k) * double(pixels);
    };
    int64_t in = layout.channels.front();
    int64_t h = height, w = width;
    double total = conv(inputChannels, in, 3, h * w);
    for (size_t stage = 0; stage < layout.channels.size(); ++stage) {
        const int64_t out = layout.channels[stage];
        for (int64_t b = 0; b < layout.blocks[stage]; ++b) {
            const bool halves = stage > 0 && b == 0;
            const int64_t oh = halves ? (h + 1) / 2 : h, ow = halves ? (w + 1) / 2 : w;
            total += conv(in, out, 3, oh * ow) + conv(out, out, 3, oh * ow);
            if (in != out || halves)
                total += conv(in, out, 1, oh * ow);
            in = out;
            h = oh;
            w = ow;
        }
    }
    return total + double(in) * double(numClasses);
}

} // namespace engine

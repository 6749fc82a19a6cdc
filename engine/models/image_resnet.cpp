#include "engine/models/image_resnet.h"

#include <cmath>
#include <torch/torch.h>

namespace engine {

namespace nn = torch::nn;

std::array<int64_t, 4> ImageResNet::blocksPerStage(int64_t depth)
{
    if (depth == 34)
        return { 3, 4, 6, 3 };
    return { 2, 2, 2, 2 };
}

ImageResNet::ImageResNet(int64_t depth, double width, InputShape input, int64_t numClasses)
{
    auto channels = [width](int64_t base) {
        return std::max<int64_t>(1, std::llround(base * width));
    };
    int64_t in = channels(64);
    m_stem = register_module(
        "stem", nn::Conv2d(nn::Conv2dOptions(input.channels, in, 3).padding(1).bias(false)));
    m_bn = register_module("bn", nn::BatchNorm2d(in));
    const auto blocks = blocksPerStage(depth);
    for (int stage = 0; stage < 4; ++stage) {
        const int64_t out = channels(int64_t(64) << stage);
        for (int64_t b = 0; b < blocks[stage]; ++b) {
            const int64_t stride = (stage > 0 && b == 0) ? 2 : 1;
            m_blocks.push_back(
                register_module("layer" + std::to_string(stage + 1) + "_" + std::to_string(b),
                                std::make_shared<BasicBlock>(in, out, stride)));
            in = out;
        }
    }
    m_fc = register_module("fc", nn::Linear(in, numClasses));
    for (auto &module : modules(false))
        if (auto *conv = module->as<nn::Conv2d>())
            nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
}

torch::Tensor ImageResNet::features(torch::Tensor x)
{
    x = torch::relu(m_bn(m_stem(x)));
    for (auto &block : m_blocks)
        x = block->forward(x);
    return torch::adaptive_avg_pool2d(x, { 1, 1 }).flatten(1);
}

torch::Tensor ImageResNet::forward(torch::Tensor x)
{
    return m_fc(features(x));
}

} // namespace engine

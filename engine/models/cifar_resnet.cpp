#include "engine/models/cifar_resnet.h"

#include <cmath>
#include <torch/torch.h>

namespace engine {

namespace nn = torch::nn;

namespace {
nn::Conv2d conv3x3(int64_t in, int64_t out, int64_t stride)
{
    return nn::Conv2d(nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false));
}
} // namespace

BasicBlock::BasicBlock(int64_t in, int64_t out, int64_t stride)
{
    m_conv1 = register_module("conv1", conv3x3(in, out, stride));
    m_bn1 = register_module("bn1", nn::BatchNorm2d(out));
    m_conv2 = register_module("conv2", conv3x3(out, out, 1));
    m_bn2 = register_module("bn2", nn::BatchNorm2d(out));
    if (stride != 1 || in != out)
        m_shortcut = register_module(
            "shortcut",
            nn::Sequential(nn::Conv2d(nn::Conv2dOptions(in, out, 1).stride(stride).bias(false)),
                           nn::BatchNorm2d(out)));
}

torch::Tensor BasicBlock::forward(torch::Tensor x)
{
    auto out = torch::relu(m_bn1(m_conv1(x)));
    out = m_bn2(m_conv2(out));
    return torch::relu(out + (m_shortcut ? m_shortcut->forward(x) : x));
}

ResNet::ResNet(const ResNetLayout &layout, InputShape input, int64_t numClasses)
{
    int64_t in = layout.channels.front();
    m_stem = register_module("stem", conv3x3(input.channels, in, 1));
    m_bn = register_module("bn", nn::BatchNorm2d(in));
    for (size_t stage = 0; stage < layout.channels.size(); ++stage) {
        for (int64_t b = 0; b < layout.blocks[stage]; ++b) {
            const int64_t stride = (stage > 0 && b == 0) ? 2 : 1;
            auto block = std::make_shared<BasicBlock>(in, layout.channels[stage], stride);
            m_blocks.push_back(register_module(
                "layer" + std::to_string(stage + 1) + "_" + std::to_string(b), block));
            in = layout.channels[stage];
        }
    }
    m_fc = register_module("fc", nn::Linear(in, numClasses));
    // torchvision's initialisation for residual networks.
    for (auto &module : modules(false)) {
        if (auto *conv = module->as<nn::Conv2d>())
            nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
    }
}

torch::Tensor ResNet::features(torch::Tensor x)
{
    x = torch::relu(m_bn(m_stem(x)));
    for (auto &block : m_blocks)
        x = block->forward(x);
    return torch::adaptive_avg_pool2d(x, { 1, 1 }).flatten(1);
}

torch::Tensor ResNet::forward(torch::Tensor x)
{
    return m_fc(features(x));
}

} // namespace engine

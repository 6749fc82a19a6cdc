#include "engine/models/small_cnn.h"

#include <cmath>
#include <torch/torch.h>

namespace engine {

namespace {
int64_t scaled(int64_t base, double width)
{
    return std::max<int64_t>(1, std::llround(base * width));
}
} // namespace

SmallCnn::SmallCnn(InputShape input, int64_t numClasses, double width)
{
    namespace nn = torch::nn;
    const int64_t c1 = scaled(32, width), c2 = scaled(64, width), hidden = scaled(128, width);
    m_conv1 = register_module(
        "conv1", nn::Conv2d(nn::Conv2dOptions(input.channels, c1, 3).padding(1).bias(false)));
    m_bn1 = register_module("bn1", nn::BatchNorm2d(c1));
    m_conv2
        = register_module("conv2", nn::Conv2d(nn::Conv2dOptions(c1, c2, 3).padding(1).bias(false)));
    m_bn2 = register_module("bn2", nn::BatchNorm2d(c2));
    m_fc1 = register_module("fc1", nn::Linear(c2 * (input.height / 4) * (input.width / 4), hidden));
    m_fc2 = register_module("fc2", nn::Linear(hidden, numClasses));
}

torch::Tensor SmallCnn::features(torch::Tensor x)
{
    x = torch::max_pool2d(torch::relu(m_bn1(m_conv1(x))), 2);
    x = torch::max_pool2d(torch::relu(m_bn2(m_conv2(x))), 2);
    return torch::relu(m_fc1(x.flatten(1)));
}

torch::Tensor SmallCnn::forward(torch::Tensor x)
{
    return m_fc2(features(x));
}

} // namespace engine

#include "engine/data/channels_last.h"

#include <torch/torch.h>

namespace engine {

namespace {

/// A copy with channels-last strides. Not contiguous(ChannelsLast): with one channel a
/// contiguous NCHW tensor already counts as channels-last and is returned as it is, and oneDNN,
/// which reads the layout from the strides, then runs that convolution in NCHW.
torch::Tensor restrided(const torch::Tensor &t)
{
    if (t.suggest_memory_format() == torch::MemoryFormat::ChannelsLast)
        return t;
    return torch::empty_like(t, torch::MemoryFormat::ChannelsLast).copy_(t);
}

} // namespace

void useChannelsLast(torch::nn::Module &model)
{
    torch::NoGradGuard noGrad;
    for (auto &p : model.parameters())
        if (p.dim() == 4)
            p.set_data(restrided(p.data()));
    for (auto &b : model.buffers())
        if (b.dim() == 4)
            b.set_data(restrided(b.data()));
}

torch::Tensor channelsLast(const torch::Tensor &x)
{
    return x.dim() == 4 ? restrided(x) : x;
}

} // namespace engine

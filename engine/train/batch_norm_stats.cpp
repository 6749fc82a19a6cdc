#include "engine/train/batch_norm_stats.h"

#include "engine/data/device_data.h"
#include "engine/models/classifier.h"

#include <torch/torch.h>

namespace engine {

namespace {

template<typename BatchNorm>
bool prepare(torch::nn::Module &m, std::vector<std::pair<BatchNorm *, c10::optional<double>>> &out)
{
    auto *bn = m.as<BatchNorm>();
    if (!bn)
        return false;
    out.emplace_back(bn, bn->options.momentum());
    bn->reset_running_stats();
    bn->options.momentum(c10::nullopt); // a cumulative average: every batch weighs the same
    return true;
}

} // namespace

void reestimateBatchNorm(Classifier &model, const DeviceData &data, int64_t images)
{
    std::vector<std::pair<torch::nn::BatchNorm1dImpl *, c10::optional<double>>> norms1d;
    std::vector<std::pair<torch::nn::BatchNorm2dImpl *, c10::optional<double>>> norms2d;
    for (const auto &m : model.modules(/*include_self=*/false))
        if (!prepare(*m, norms2d))
            prepare(*m, norms1d);
    if (norms1d.empty() && norms2d.empty())
        return;
    const bool wasTraining = model.is_training();
    model.train(true);
    {
        torch::NoGradGuard noGrad;
        const int64_t n = std::min(images, data.trainSize());
        for (int64_t start = 0; start < n; start += 128)
            model.forward(
                data.normalizer.apply(data.trainImages.slice(0, start, std::min(n, start + 128))));
    }
    model.train(wasTraining);
    for (auto &[bn, momentum] : norms1d)
        bn->options.momentum(momentum);
    for (auto &[bn, momentum] : norms2d)
        bn->options.momentum(momentum);
}

} // namespace engine

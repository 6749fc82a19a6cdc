#include "engine/train/pace_probe.h"

#include "engine/models/model_factory.h"
#include "engine/train/device.h"

#include <chrono>
#include <torch/torch.h>

namespace engine {

double measureStepSeconds(const std::string &model, InputShape input, int64_t numClasses,
                          int64_t batchSize, const std::string &device)
{
    const torch::Device where(resolveDevice(device));
    auto net = buildModel(model, input, numClasses);
    net->to(where);
    torch::optim::SGD optimizer(net->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));
    const auto x = torch::randn({ batchSize, input.channels, input.height, input.width }, where);
    const auto y = torch::randint(numClasses, { batchSize },
                                  torch::TensorOptions().dtype(torch::kInt64).device(where));
    auto step = [&] {
        optimizer.zero_grad();
        torch::nn::functional::cross_entropy(net->forward(x), y).backward();
        optimizer.step();
    };
    step(); // warm-up: allocations and kernel selection
    constexpr int kSteps = 3;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kSteps; ++i)
        step();
    if (where.is_cuda())
        torch::cuda::synchronize();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / kSteps;
}

} // namespace engine

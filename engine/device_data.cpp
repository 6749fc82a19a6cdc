#include "engine/device_data.h"

#include <torch/torch.h>

namespace engine {

Normalizer Normalizer::fromImages(const torch::Tensor &imagesU8, torch::Device device)
{
    const int64_t channels = imagesU8.size(1);
    // Per-channel sums in double precision: float32 sums of 47 M pixels lose digits.
    const auto pixels
        = imagesU8.transpose(0, 1).reshape({ channels, -1 }).to(torch::kDouble) / 255.0;
    const auto mean = pixels.mean(1);
    const auto std = pixels.std(1, /*unbiased=*/false).clamp_min(1e-6);
    Normalizer n;
    n.scale = (1.0 / (255.0 * std)).to(torch::kFloat).view({ 1, channels, 1, 1 }).to(device);
    n.shift = (-mean / std).to(torch::kFloat).view({ 1, channels, 1, 1 }).to(device);
    return n;
}

torch::Tensor Normalizer::apply(const torch::Tensor &imagesU8) const
{
    return torch::addcmul(shift, imagesU8.to(torch::kFloat), scale);
}

DeviceData DeviceData::upload(const Dataset &dataset, torch::Device device)
{
    DeviceData d;
    d.device = device;
    d.trainImages = dataset.train.images.to(device).contiguous();
    d.trainLabels = dataset.train.labels.to(device);
    d.testImages = dataset.test.images.to(device).contiguous();
    d.testLabels = dataset.test.labels.to(device);
    d.normalizer = Normalizer::fromImages(dataset.train.images, device);
    d.shape = { dataset.info.channels, dataset.info.height, dataset.info.width };
    d.numClasses = dataset.numClasses();
    return d;
}

} // namespace engine

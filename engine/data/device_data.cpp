#include "engine/data/device_data.h"

#include "engine/data/channels_last.h"

#include <sys/mman.h>
#include <torch/torch.h>
#include <unistd.h>

namespace engine {

Normalizer Normalizer::fromImages(const torch::Tensor &imagesU8, torch::Device device)
{
    // Per-channel histograms of the uint8 values, chunk by chunk: exact sums in a few kilobytes,
    // where a float copy of CIFAR-10 would take 600 MB.
    const int64_t channels = imagesU8.size(1);
    std::vector<double> sum(channels, 0.0), squares(channels, 0.0);
    double perChannel = 0;
    for (int64_t start = 0; start < imagesU8.size(0); start += 4096) {
        const auto chunk = imagesU8.slice(0, start, start + 4096).to(torch::kCPU);
        perChannel += double(chunk.numel() / channels);
        for (int64_t c = 0; c < channels; ++c) {
            const auto counts
                = torch::bincount(chunk.select(1, c).reshape({ -1 }).to(torch::kInt64), {}, 256)
                      .to(torch::kDouble);
            const auto values = torch::arange(256, torch::kDouble);
            sum[c] += (counts * values).sum().item<double>();
            squares[c] += (counts * values * values).sum().item<double>();
        }
    }
    std::vector<float> scale(channels), shift(channels);
    for (int64_t c = 0; c < channels; ++c) {
        const double mean = sum[c] / perChannel / 255.0;
        const double variance
            = std::max(0.0, squares[c] / perChannel / (255.0 * 255.0) - mean * mean);
        const double std = std::max(std::sqrt(variance), 1e-6);
        scale[c] = float(1.0 / (255.0 * std));
        shift[c] = float(-mean / std);
    }
    Normalizer n;
    n.scale = torch::tensor(scale).view({ 1, channels, 1, 1 }).to(device);
    n.shift = torch::tensor(shift).view({ 1, channels, 1, 1 }).to(device);
    return n;
}

torch::Tensor Normalizer::apply(const torch::Tensor &imagesU8) const
{
    // Channels-last, the layout the models' weights are kept in (see useChannelsLast).
    return torch::addcmul(shift, channelsLast(imagesU8).to(torch::kFloat), scale);
}

DeviceData DeviceData::upload(const Dataset &dataset, torch::Device device)
{
    DeviceData d;
    d.device = device;
    d.trainImages = dataset.train.images.to(device).contiguous();
    d.trainLabels = dataset.train.labels.to(device);
    d.testImages = dataset.test.images.to(device).contiguous();
    d.testLabels = dataset.test.labels.to(device);
    if (dataset.validation.size() > 0) {
        d.validationImages = dataset.validation.images.to(device).contiguous();
        d.validationLabels = dataset.validation.labels.to(device);
    }
    d.trainOrigin = dataset.trainOrigin;
    d.originalTrainSize = dataset.train.size() + dataset.validation.size();
    d.normalizer = Normalizer::fromImages(dataset.train.images, device);
    d.shape = { dataset.info.channels, dataset.info.height, dataset.info.width };
    d.numClasses = dataset.numClasses();
    if (dataset.train.fileBacked && device.is_cpu()) {
        const size_t row = static_cast<size_t>(d.trainImages[0].numel());
        const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
        d.prefetch = [images = d.trainImages, row, page](const torch::Tensor &indices) {
            const auto *base = static_cast<const uint8_t *>(images.data_ptr());
            const auto idx = indices.to(torch::kCPU).contiguous();
            const int64_t *p = idx.data_ptr<int64_t>();
            for (int64_t i = 0; i < idx.numel(); ++i) {
                const auto at = reinterpret_cast<uintptr_t>(base + size_t(p[i]) * row);
                const uintptr_t aligned = at / page * page;
                ::madvise(reinterpret_cast<void *>(aligned), at - aligned + row, MADV_WILLNEED);
            }
        };
    }
    return d;
}

} // namespace engine

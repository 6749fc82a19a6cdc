#include "engine/data/dataset.h"

#include "engine/core/content_hash.h"

#include <torch/torch.h>

namespace engine {

namespace {

uint64_t fnv1a(uint64_t hash, const torch::Tensor &t)
{
    const auto contiguous = t.contiguous();
    return engine::fnv1a(contiguous.data_ptr(), contiguous.numel() * contiguous.element_size(),
                         hash);
}

std::vector<int64_t> classCounts(const torch::Tensor &labels, int64_t numClasses)
{
    auto counts = torch::bincount(labels, {}, numClasses);
    return { counts.data_ptr<int64_t>(), counts.data_ptr<int64_t>() + numClasses };
}

} // namespace

void summarise(Dataset &data)
{
    const auto &shape = data.train.images.sizes();
    data.info.channels = shape[1];
    data.info.height = shape[2];
    data.info.width = shape[3];
    data.info.trainCounts = classCounts(data.train.labels, data.numClasses());
    data.info.testCounts = classCounts(data.test.labels, data.numClasses());
    uint64_t hash = kFnvOffset;
    for (const auto *t :
         { &data.train.images, &data.train.labels, &data.test.images, &data.test.labels })
        hash = fnv1a(hash, *t);
    data.info.fingerprint = hex64(hash);
}

} // namespace engine

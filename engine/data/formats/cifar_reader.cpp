#include "engine/data/formats/cifar_reader.h"

#include "engine/core/errors.h"
#include "engine/core/file_bytes.h"
#include "engine/core/limits.h"

#include <torch/torch.h>

namespace engine {

DatasetSplit readCifarRecords(const std::vector<std::filesystem::path> &files,
                              const CifarRecordLayout &layout)
{
    std::vector<torch::Tensor> images;
    std::vector<torch::Tensor> labels;
    for (const auto &file : files) {
        const std::vector<uint8_t> bytes = readAllBytes(file, kMaxCifarFileBytes);
        const int64_t n = cifarRecordCount(file, bytes, layout);
        auto fileImages = torch::empty({ n, 3, 32, 32 }, torch::kUInt8);
        auto fileLabels = torch::empty({ n }, torch::kInt64);
        decodeCifarRecords(file, bytes, layout, fileLabels.data_ptr<int64_t>(),
                           fileImages.data_ptr<uint8_t>());
        images.push_back(fileImages);
        labels.push_back(fileLabels);
    }
    if (images.empty())
        throw DataError("no CIFAR record files given");
    return { torch::cat(images), torch::cat(labels) };
}

} // namespace engine

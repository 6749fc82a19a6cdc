#include "engine/data/formats/cifar_reader.h"

#include "engine/core/errors.h"
#include "engine/core/file_bytes.h"
#include "engine/core/limits.h"

#include <torch/torch.h>

namespace engine {

namespace {
constexpr int64_t kPixels = 3 * 32 * 32;
}

DatasetSplit readCifarRecords(const std::vector<std::filesystem::path> &files,
                              const CifarRecordLayout &layout)
{
    const int64_t recordSize = layout.labelBytes + kPixels;
    std::vector<torch::Tensor> images;
    std::vector<torch::Tensor> labels;
    for (const auto &file : files) {
        const std::vector<uint8_t> bytes = readAllBytes(file, kMaxCifarFileBytes);
        const auto size = static_cast<int64_t>(bytes.size());
        if (size == 0 || size % recordSize != 0)
            throw DataError("'" + file.string() + "' is truncated or not a CIFAR binary file: "
                            + std::to_string(size) + " bytes is not a whole number of "
                            + std::to_string(recordSize) + "-byte records");
        const int64_t n = size / recordSize;
        auto fileImages = torch::empty({ n, 3, 32, 32 }, torch::kUInt8);
        auto fileLabels = torch::empty({ n }, torch::kInt64);
        auto *img = fileImages.data_ptr<uint8_t>();
        auto *lab = fileLabels.data_ptr<int64_t>();
        for (int64_t i = 0; i < n; ++i) {
            const uint8_t *record = bytes.data() + i * recordSize;
            const uint8_t label = record[layout.labelIndex];
            if (label >= layout.numClasses)
                throw DataError("'" + file.string() + "': label " + std::to_string(label)
                                + " of record " + std::to_string(i) + " is outside 0.."
                                + std::to_string(layout.numClasses - 1));
            lab[i] = label;
            std::memcpy(img + i * kPixels, record + layout.labelBytes, kPixels);
        }
        images.push_back(fileImages);
        labels.push_back(fileLabels);
    }
    if (images.empty())
        throw DataError("no CIFAR record files given");
    return { torch::cat(images), torch::cat(labels) };
}

} // namespace engine

#include "engine/data/formats/idx_reader.h"

#include "engine/data/formats/idx_format.h"

#include <torch/torch.h>

namespace engine {

torch::Tensor readIdxImages(const std::filesystem::path &file)
{
    torch::Tensor images;
    readIdxImageFile(file, [&](const IdxImageShape &s) {
        images = torch::empty({ int64_t(s.count), 1, int64_t(s.height), int64_t(s.width) },
                              torch::kUInt8);
        return images.data_ptr<uint8_t>();
    });
    return images;
}

torch::Tensor readIdxLabels(const std::filesystem::path &file, int64_t numClasses)
{
    torch::Tensor labels;
    readIdxLabelFile(file, numClasses, [&](uint64_t count) {
        labels = torch::empty({ int64_t(count) }, torch::kInt64);
        return labels.data_ptr<int64_t>();
    });
    return labels;
}

} // namespace engine

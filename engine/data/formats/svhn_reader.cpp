#include "engine/data/formats/svhn_reader.h"

#include <torch/torch.h>

namespace engine {

DatasetSplit readSvhnMat(const std::filesystem::path &file)
{
    const SvhnArrays arrays = readSvhnArrays(file);
    // Column-major 32×32×3×N: sample n holds [channel][column][row]; ours is [channel][row][col].
    auto images = torch::from_blob(const_cast<uint8_t *>(arrays.pixels.get()),
                                   { arrays.count, 3, 32, 32 }, torch::kUInt8)
                      .permute({ 0, 1, 3, 2 })
                      .contiguous();
    return { images, torch::tensor(arrays.labels, torch::kInt64) };
}

} // namespace engine

#pragma once

#include <filesystem>
#include <torch/types.h>

namespace engine {

/// IDX image file (magic 0x00000803: unsigned bytes, 3 dimensions) as uint8 N×1×H×W.
torch::Tensor readIdxImages(const std::filesystem::path &file);

/// IDX label file (magic 0x00000801) as int64 N; every label must lie in [0, numClasses).
torch::Tensor readIdxLabels(const std::filesystem::path &file, int64_t numClasses);

} // namespace engine

#pragma once

#include "engine/data/dataset.h"
#include "engine/data/formats/svhn_format.h"

#include <filesystem>

namespace engine {

/// Reads one SVHN "format 2" MATLAB file (train_32x32.mat, test_32x32.mat): X is
/// 32×32×3×N uint8 in MATLAB's column-major order, y is N×1 with labels 1..10 where 10 means the
/// digit 0. Returns N×3×32×32 images and labels 0..9; throws DataError naming the file and the
/// variable when the file is unreadable, truncated or shaped otherwise.
DatasetSplit readSvhnMat(const std::filesystem::path &file);

} // namespace engine

#pragma once

#include "engine/data/dataset.h"

#include <filesystem>
#include <vector>

namespace engine {

/// Layout of one CIFAR binary record: label bytes then 3×32×32 pixel bytes (channel-major).
struct CifarRecordLayout
{
    int labelBytes = 1; ///< 1 for CIFAR-10; 2 (coarse, fine) for CIFAR-100
    int labelIndex = 0; ///< which label byte is the class (1 = fine for CIFAR-100)
    int64_t numClasses = 10; ///< labels must lie in [0, numClasses)
};

/// Concatenates the records of the files into one split; throws DataError naming the file when
/// its size is not a whole number of records or a label is out of range.
DatasetSplit readCifarRecords(const std::vector<std::filesystem::path> &files,
                              const CifarRecordLayout &layout);

} // namespace engine

#pragma once

#include "engine/data/dataset.h"
#include "engine/data/formats/cifar_format.h"

#include <filesystem>
#include <vector>

namespace engine {

/// Concatenates the records of the files into one split; throws DataError naming the file when
/// its size is not a whole number of records or a label is out of range.
DatasetSplit readCifarRecords(const std::vector<std::filesystem::path> &files,
                              const CifarRecordLayout &layout);

} // namespace engine

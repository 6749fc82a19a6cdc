#pragma once

#include "engine/data/dataset_info.h"

#include <filesystem>
#include <memory>

namespace engine {

struct Dataset;

/// The format found in a folder; throws DataError listing the files that were looked for.
DatasetFormat detectDatasetFormat(const std::filesystem::path &dir);

/// Reads the dataset (validating it) and summarises it.
DatasetInfo inspectDataset(const std::filesystem::path &path, DatasetFormat format,
                           const ImageFolderOptions &options = {});

/// Loads and validates a dataset; throws DataError naming the file and the problem.
std::shared_ptr<const Dataset> loadDataset(const std::filesystem::path &path, DatasetFormat format,
                                           const ImageFolderOptions &options = {});

} // namespace engine

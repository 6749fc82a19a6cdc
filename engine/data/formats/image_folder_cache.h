#pragma once

#include "engine/data/formats/image_folder_reader.h"

#include <filesystem>
#include <optional>

namespace engine {

/// Writes a decoded image folder (and what its read reported) to a cache file, atomically.
void writeImageFolderCache(const std::filesystem::path &file, const Dataset &d,
                           const ImageFolderReport &report);
/// The dataset from a cache file, its images mapped from the file, or nullopt when the file is
/// absent or not a complete cache.
std::optional<Dataset> readImageFolderCache(const std::filesystem::path &file,
                                            ImageFolderReport &report);

} // namespace engine

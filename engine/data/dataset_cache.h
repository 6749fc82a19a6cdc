#pragma once

#include "engine/data/dataset_info.h"

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace engine {

struct Dataset;

/// Keeps the last few loaded datasets so a long-lived process (the window's worker) does not read
/// and validate the same files for every experiment. An entry is reused only while the folder's
/// files keep their names, sizes and modification times.
class DatasetCache
{
public:
    explicit DatasetCache(size_t capacity = 2);
    /// The dataset at path, loaded (and validated) if it is not cached; throws DataError.
    std::shared_ptr<const Dataset> get(const std::filesystem::path &path, DatasetFormat format,
                                       const ImageFolderOptions &options = {});

private:
    struct Entry
    {
        std::string key;
        std::string signature;
        std::shared_ptr<const Dataset> data;
    };
    std::mutex m_mutex;
    size_t m_capacity;
    std::vector<Entry> m_entries; ///< most recently used first
};

} // namespace engine

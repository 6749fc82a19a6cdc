#include "engine/data/dataset_cache.h"

#include "engine/data/dataset.h"
#include "engine/data/dataset_loader.h"

#include <algorithm>

namespace engine {

namespace fs = std::filesystem;

namespace {

/// Names, sizes and modification times of the files in the folder and its sub-folders down to
/// maxDepth (an image folder's files sit in train/<class>/).
std::string folderSignature(const fs::path &dir, int maxDepth)
{
    std::vector<std::string> parts;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const auto &entry = *it;
        if (it.depth() > maxDepth || !entry.is_regular_file(ec))
            continue;
        const auto time = entry.last_write_time(ec).time_since_epoch().count();
        parts.push_back(entry.path().string() + ":" + std::to_string(entry.file_size(ec)) + ":"
                        + std::to_string(time));
    }
    std::sort(parts.begin(), parts.end());
    std::string signature;
    for (const auto &p : parts)
        signature += p + "\n";
    return signature;
}

} // namespace

DatasetCache::DatasetCache(size_t capacity)
    : m_capacity(std::max<size_t>(1, capacity))
{ }

std::shared_ptr<const Dataset> DatasetCache::get(const fs::path &path, DatasetFormat format,
                                                 const ImageFolderOptions &options)
{
    const std::string key = fs::absolute(path).lexically_normal().string() + "|"
        + std::string(formatName(format)) + "|" + std::to_string(options.imageSize) + "|"
        + std::to_string(options.channels) + "|" + (options.skipCorrupt ? "skip" : "error");
    std::error_code ec;
    const std::string signature
        = fs::is_directory(path, ec) ? folderSignature(path, 3) : std::string();
    std::lock_guard lock(m_mutex);
    const auto hit = std::find_if(m_entries.begin(), m_entries.end(),
                                  [&](const Entry &e) { return e.key == key; });
    if (hit != m_entries.end() && hit->signature == signature && !signature.empty()) {
        Entry entry = *hit;
        m_entries.erase(hit);
        m_entries.insert(m_entries.begin(), entry);
        return entry.data;
    }
    if (hit != m_entries.end())
        m_entries.erase(hit);
    auto data = loadDataset(path, format, options);
    m_entries.insert(m_entries.begin(), { key, signature, data });
    if (m_entries.size() > m_capacity)
        m_entries.pop_back();
    return data;
}

} // namespace engine

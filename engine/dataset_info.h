#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace engine {

/// On-disk layouts the readers understand.
enum class DatasetFormat { Auto, Idx, Cifar10, Cifar100 };

std::string_view formatName(DatasetFormat format);
/// "auto", "idx", "cifar10", "cifar100"; nullopt for anything else.
std::optional<DatasetFormat> parseDatasetFormat(std::string_view text);
/// The names parseDatasetFormat() accepts, for error messages.
std::string datasetFormatChoices();

/// What `datasets inspect` prints: a torch-free summary of a loaded dataset.
struct DatasetInfo
{
    std::filesystem::path path;
    DatasetFormat format = DatasetFormat::Auto;
    std::string name; ///< "Fashion-MNIST", "MNIST", "CIFAR-10", ...
    int64_t channels = 0;
    int64_t height = 0;
    int64_t width = 0;
    std::vector<std::string> classNames;
    std::vector<int64_t> trainCounts; ///< per class
    std::vector<int64_t> testCounts;
    std::string fingerprint; ///< content hash of the training split, for cache keys

    int64_t trainSize() const;
    int64_t testSize() const;
};

/// The format found in a folder; throws DataError listing the files that were looked for.
DatasetFormat detectDatasetFormat(const std::filesystem::path &dir);

/// Reads the dataset (validating it) and summarises it.
DatasetInfo inspectDataset(const std::filesystem::path &path, DatasetFormat format);

/// The default dataset: Debian's dataset-fashion-mnist package.
inline constexpr const char *kDefaultDatasetPath = "/usr/share/datasets/fashion-mnist";

} // namespace engine

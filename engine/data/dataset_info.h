#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace engine {

/// On-disk layouts the readers understand.
enum class DatasetFormat { Auto, Idx, Cifar10, Cifar100, Svhn, ImageFolder };

std::string_view formatName(DatasetFormat format);
/// "auto", "idx", "cifar10", "cifar100", "svhn", "imagefolder"; nullopt for anything else.
std::optional<DatasetFormat> parseDatasetFormat(std::string_view text);
/// The names parseDatasetFormat() accepts, for error messages.
std::string datasetFormatChoices();

/// How an image-folder dataset becomes tensors (the other formats have one fixed shape).
struct ImageFolderOptions
{
    int imageSize = 32; ///< every image is resized (shorter side) and centre-cropped to this
    int channels = 3; ///< 3 = RGB, 1 = grey
    bool skipCorrupt = false; ///< leave unreadable images out (counted) instead of failing
    /// Where decoded tensors are cached ("" = no cache). The cache is a flat file that is
    /// memory-mapped on the next load, so data larger than memory is paged in as batches need it.
    std::filesystem::path cacheDir;
    int threads = 0; ///< decoding threads; 0 = one per core

    bool operator==(const ImageFolderOptions &) const = default;
};

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
    std::vector<int64_t> trainCounts; ///< per class (without the validation split)
    int64_t validationCount = 0; ///< images held out of the training split for validation
    int64_t validationSeed = 0;
    std::vector<int64_t> testCounts;
    std::string fingerprint; ///< content hash of the training split, for cache keys
    std::string loadNote; ///< how the data was read (decoding time, skipped files, cache)

    int64_t trainSize() const;
    int64_t testSize() const;
};

/// The default dataset: Debian's dataset-fashion-mnist package.
inline constexpr const char *kDefaultDatasetPath = "/usr/share/datasets/fashion-mnist";

} // namespace engine

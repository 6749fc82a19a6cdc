#pragma once

// CIFAR binary batches read without torch: the record checks on bytes in memory, so the parsing
// can be fuzzed on its own.

#include <cstdint>
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

/// Pixels of one CIFAR image.
inline constexpr int64_t kCifarPixels = 3 * 32 * 32;

/// The number of records in a batch file's bytes; throws DataError naming the file when its size
/// is not a whole, positive number of records.
int64_t cifarRecordCount(const std::filesystem::path &file, const std::vector<uint8_t> &bytes,
                         const CifarRecordLayout &layout);

/// Copies each record's class into labels[i] and pixels into pixels[i · 3072 …]; throws
/// DataError naming the file and the record when a label is out of range.
void decodeCifarRecords(const std::filesystem::path &file, const std::vector<uint8_t> &bytes,
                        const CifarRecordLayout &layout, int64_t *labels, uint8_t *pixels);

} // namespace engine

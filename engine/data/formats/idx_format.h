#pragma once

// IDX files (MNIST, Fashion-MNIST) read without torch: the header is checked before the caller is
// asked for memory, so a file cannot make the reader allocate more than it holds.

#include <cstdint>
#include <filesystem>
#include <functional>

namespace engine {

/// What an IDX image file declares: count images of height × width bytes.
struct IdxImageShape
{
    uint64_t count = 0, height = 0, width = 0;
};

/// Reads an IDX image file (magic 0x00000803: unsigned bytes, 3 dimensions), plain or gzip: checks
/// the header against the pixel and sample caps and against what the file can hold, then asks
/// into for count·height·width bytes and fills them. Throws DataError naming the file.
IdxImageShape readIdxImageFile(const std::filesystem::path &file,
                               const std::function<uint8_t *(const IdxImageShape &)> &into);

/// Reads an IDX label file (magic 0x00000801): asks into for count values and fills them; every
/// label must lie in [0, numClasses). Returns the count.
uint64_t readIdxLabelFile(const std::filesystem::path &file, int64_t numClasses,
                          const std::function<int64_t *(uint64_t count)> &into);

} // namespace engine

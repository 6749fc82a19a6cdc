#include "engine/data/formats/cifar_format.h"

#include "engine/core/errors.h"

#include <cstring>
#include <string>

namespace engine {

int64_t cifarRecordCount(const std::filesystem::path &file, const std::vector<uint8_t> &bytes,
                         const CifarRecordLayout &layout)
{
    const int64_t recordSize = layout.labelBytes + kCifarPixels;
    const auto size = static_cast<int64_t>(bytes.size());
    if (size == 0 || size % recordSize != 0)
        throw DataError("'" + file.string() + "' is truncated or not a CIFAR binary file: "
                        + std::to_string(size) + " bytes is not a whole number of "
                        + std::to_string(recordSize) + "-byte records");
    return size / recordSize;
}

void decodeCifarRecords(const std::filesystem::path &file, const std::vector<uint8_t> &bytes,
                        const CifarRecordLayout &layout, int64_t *labels, uint8_t *pixels)
{
    const int64_t recordSize = layout.labelBytes + kCifarPixels;
    const int64_t n = cifarRecordCount(file, bytes, layout);
    for (int64_t i = 0; i < n; ++i) {
        const uint8_t *record = bytes.data() + i * recordSize;
        const uint8_t label = record[layout.labelIndex];
        if (label >= layout.numClasses)
            throw DataError("'" + file.string() + "': label " + std::to_string(label)
                            + " of record " + std::to_string(i) + " is outside 0.."
                            + std::to_string(layout.numClasses - 1));
        labels[i] = label;
        std::memcpy(pixels + i * kCifarPixels, record + layout.labelBytes, kCifarPixels);
    }
}

} // namespace engine

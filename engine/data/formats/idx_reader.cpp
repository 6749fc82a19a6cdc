#include "engine/data/formats/idx_reader.h"

#include "engine/core/errors.h"
#include "engine/core/file_bytes.h"

#include <torch/torch.h>

namespace engine {

namespace {

constexpr uint32_t kImageMagic = 0x00000803;
constexpr uint32_t kLabelMagic = 0x00000801;

std::string hex(uint32_t value)
{
    char text[16];
    std::snprintf(text, sizeof text, "0x%08X", value);
    return text;
}

void checkMagic(const std::filesystem::path &file, const std::vector<uint8_t> &bytes,
                uint32_t expected, size_t headerBytes, const char *what)
{
    if (bytes.size() < 4)
        throw DataError("'" + file.string() + "' is too short to be an IDX file ("
                        + std::to_string(bytes.size()) + " bytes)");
    const uint32_t magic = readBigEndian32(bytes.data());
    if (magic != expected)
        throw DataError("'" + file.string() + "' has magic number " + hex(magic) + ", expected "
                        + hex(expected) + " for an IDX " + what + " file");
    if (bytes.size() < headerBytes)
        throw DataError("'" + file.string() + "' is truncated: its IDX header needs "
                        + std::to_string(headerBytes) + " bytes, the file holds "
                        + std::to_string(bytes.size()));
}

void checkPayload(const std::filesystem::path &file, size_t have, uint64_t expected,
                  const std::string &promise)
{
    if (have < expected)
        throw DataError("'" + file.string() + "' is truncated: its header promises " + promise
                        + " (" + std::to_string(expected) + " bytes), the file holds "
                        + std::to_string(have));
    if (have > expected)
        throw DataError("'" + file.string() + "' has " + std::to_string(have - expected)
                        + " bytes after the " + promise + " its header promises");
}

} // namespace

torch::Tensor readIdxImages(const std::filesystem::path &file)
{
    const std::vector<uint8_t> bytes = readAllBytes(file);
    checkMagic(file, bytes, kImageMagic, 16, "image");
    const uint64_t n = readBigEndian32(bytes.data() + 4);
    const uint64_t h = readBigEndian32(bytes.data() + 8);
    const uint64_t w = readBigEndian32(bytes.data() + 12);
    if (n == 0 || h == 0 || w == 0)
        throw DataError("'" + file.string() + "' declares an empty image set (" + std::to_string(n)
                        + " images of " + std::to_string(h) + "×" + std::to_string(w) + ")");
    checkPayload(file, bytes.size() - 16, n * h * w,
                 std::to_string(n) + " images of " + std::to_string(h) + "×" + std::to_string(w));
    auto images = torch::empty({ int64_t(n), 1, int64_t(h), int64_t(w) }, torch::kUInt8);
    std::memcpy(images.data_ptr<uint8_t>(), bytes.data() + 16, n * h * w);
    return images;
}

torch::Tensor readIdxLabels(const std::filesystem::path &file, int64_t numClasses)
{
    const std::vector<uint8_t> bytes = readAllBytes(file);
    checkMagic(file, bytes, kLabelMagic, 8, "label");
    const uint64_t n = readBigEndian32(bytes.data() + 4);
    if (n == 0)
        throw DataError("'" + file.string() + "' declares no labels");
    checkPayload(file, bytes.size() - 8, n, std::to_string(n) + " labels");
    auto labels = torch::empty({ int64_t(n) }, torch::kInt64);
    auto *out = labels.data_ptr<int64_t>();
    for (uint64_t i = 0; i < n; ++i) {
        const uint8_t label = bytes[8 + i];
        if (label >= numClasses)
            throw DataError("'" + file.string() + "': label " + std::to_string(label)
                            + " of sample " + std::to_string(i) + " is outside 0.."
                            + std::to_string(numClasses - 1));
        out[i] = label;
    }
    return labels;
}

} // namespace engine

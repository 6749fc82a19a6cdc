#include "engine/data/formats/idx_format.h"

#include "engine/core/errors.h"
#include "engine/core/file_bytes.h"
#include "engine/core/limits.h"
#include "engine/core/number_list.h"

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

std::string count(uint64_t n)
{
    return groupThousands(int64_t(n));
}

/// Reads the header (magic and sizes) without reading what it declares.
void readHeader(InputFile &in, uint8_t *header, size_t headerBytes, uint32_t expected,
                const char *what)
{
    const std::string name = "'" + in.path().string() + "'";
    const uint64_t got = in.read(header, headerBytes);
    if (got < 4)
        throw DataError(name + " is too short to be an IDX file (" + std::to_string(got)
                        + " bytes)");
    const uint32_t magic = readBigEndian32(header);
    if (magic != expected)
        throw DataError(name + " has magic number " + hex(magic) + ", expected " + hex(expected)
                        + " for an IDX " + what + " file");
    if (got < headerBytes)
        throw DataError(name + " is truncated: its IDX header needs " + std::to_string(headerBytes)
                        + " bytes, the file holds " + std::to_string(got));
}

/// Refuses a payload the file cannot hold before it is allocated: more bytes than the file (or
/// its gzip stream, at deflate's largest expansion) can contain.
void checkDeclared(const InputFile &in, uint64_t headerBytes, uint64_t payload,
                   const std::string &promise)
{
    const uint64_t room = in.maxContentBytes();
    if (payload > room - std::min(room, headerBytes))
        throw DataError("'" + in.path().string() + "' is truncated or not an IDX file: its header "
                        + "promises " + promise + " (" + count(payload) + " bytes), more than "
                        + (in.compressed()
                               ? "a gzip stream of " + count(in.fileBytes()) + " bytes can hold"
                               : "the file's " + count(in.fileBytes()) + " bytes"));
}

/// Reads exactly payload bytes, then refuses anything after them.
void readPayload(InputFile &in, void *into, uint64_t payload, const std::string &promise)
{
    const uint64_t have = in.read(into, payload);
    if (have < payload)
        throw DataError("'" + in.path().string() + "' is truncated: its header promises " + promise
                        + " (" + std::to_string(payload) + " bytes), the file holds "
                        + std::to_string(have));
    const uint64_t extra = in.skipRest(in.maxContentBytes());
    if (extra > 0)
        throw DataError("'" + in.path().string() + "' has " + std::to_string(extra)
                        + " bytes after the " + promise + " its header promises");
}

} // namespace

IdxImageShape readIdxImageFile(const std::filesystem::path &file,
                               const std::function<uint8_t *(const IdxImageShape &)> &into)
{
    InputFile in(file);
    uint8_t header[16];
    readHeader(in, header, sizeof header, kImageMagic, "image");
    const uint64_t n = readBigEndian32(header + 4);
    const uint64_t h = readBigEndian32(header + 8);
    const uint64_t w = readBigEndian32(header + 12);
    const std::string name = "'" + file.string() + "'";
    if (n == 0 || h == 0 || w == 0)
        throw DataError(name + " declares an empty image set (" + std::to_string(n) + " images of "
                        + std::to_string(h) + "×" + std::to_string(w) + ")");
    // h, w < 2^32 so h·w fits; with the cap, n·h·w < 2^58 fits too.
    if (h * w > kMaxImagePixels)
        throw DataError(name + " declares images of " + std::to_string(h) + "×" + std::to_string(w)
                        + " pixels; images up to " + count(kMaxImagePixels)
                        + " pixels (2^26) are read");
    if (n > kMaxSamples)
        throw DataError(name + " declares " + count(n) + " images; up to " + count(kMaxSamples)
                        + " are read");
    const uint64_t payload = n * h * w;
    const std::string promise
        = std::to_string(n) + " images of " + std::to_string(h) + "×" + std::to_string(w);
    checkDeclared(in, sizeof header, payload, promise);
    const IdxImageShape shape { n, h, w };
    readPayload(in, into(shape), payload, promise);
    return shape;
}

uint64_t readIdxLabelFile(const std::filesystem::path &file, int64_t numClasses,
                          const std::function<int64_t *(uint64_t count)> &into)
{
    InputFile in(file);
    uint8_t header[8];
    readHeader(in, header, sizeof header, kLabelMagic, "label");
    const uint64_t n = readBigEndian32(header + 4);
    if (n == 0)
        throw DataError("'" + file.string() + "' declares no labels");
    if (n > kMaxSamples)
        throw DataError("'" + file.string() + "' declares " + count(n) + " labels; up to "
                        + count(kMaxSamples) + " are read");
    const std::string promise = std::to_string(n) + " labels";
    checkDeclared(in, sizeof header, n, promise);
    std::vector<uint8_t> bytes(n);
    readPayload(in, bytes.data(), n, promise);
    int64_t *out = into(n);
    for (uint64_t i = 0; i < n; ++i) {
        const uint8_t label = bytes[i];
        if (label >= numClasses)
            throw DataError("'" + file.string() + "': label " + std::to_string(label)
                            + " of sample " + std::to_string(i) + " is outside 0.."
                            + std::to_string(numClasses - 1));
        out[i] = label;
    }
    return n;
}

} // namespace engine

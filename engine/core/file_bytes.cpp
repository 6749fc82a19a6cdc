#include "engine/core/file_bytes.h"

#include "engine/core/content_hash.h"
#include "engine/core/errors.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <zlib.h>

namespace engine {

std::vector<uint8_t> readAllBytes(const std::filesystem::path &file)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw DataError("cannot read '" + file.string() + "': no such file");
    gzFile in = gzopen(file.c_str(), "rb");
    if (!in)
        throw DataError("cannot open '" + file.string() + "': " + std::strerror(errno));
    gzbuffer(in, 1 << 20);
    std::vector<uint8_t> bytes;
    const auto fileSize = std::filesystem::file_size(file, ec);
    bytes.reserve(ec ? 0 : static_cast<size_t>(fileSize));
    std::vector<uint8_t> chunk(1 << 20);
    for (;;) {
        const int n = gzread(in, chunk.data(), static_cast<unsigned>(chunk.size()));
        if (n < 0)
            break;
        if (n == 0)
            break;
        bytes.insert(bytes.end(), chunk.begin(), chunk.begin() + n);
    }
    int err = Z_OK;
    const char *message = gzerror(in, &err);
    std::string what = message ? message : "";
    gzclose(in);
    if (err != Z_OK && err != Z_STREAM_END)
        throw DataError("'" + file.string() + "' is a corrupt or truncated gzip file (" + what
                        + ")");
    return bytes;
}

std::string fileContentHash(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw ConfigError("the teacher file '" + file.string() + "' cannot be opened");
    uint64_t hash = kFnvOffset;
    std::vector<char> buffer(1 << 16);
    while (in) {
        in.read(buffer.data(), std::streamsize(buffer.size()));
        hash = fnv1a(buffer.data(), size_t(in.gcount()), hash);
    }
    return hex64(hash);
}

} // namespace engine

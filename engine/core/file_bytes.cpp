#include "engine/core/file_bytes.h"

#include "engine/core/content_hash.h"
#include "engine/core/errors.h"
#include "engine/core/limits.h"
#include "engine/core/number_list.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <zlib.h>

namespace engine {

namespace fs = std::filesystem;

InputFile::InputFile(fs::path file)
    : m_file(std::move(file))
{
    std::error_code ec;
    const auto status = fs::status(m_file, ec);
    if (ec && ec != std::errc::no_such_file_or_directory)
        throw DataError("cannot read '" + m_file.string() + "': " + ec.message());
    if (!fs::exists(status))
        throw DataError("cannot read '" + m_file.string() + "': no such file");
    if (!fs::is_regular_file(status))
        throw DataError("cannot read '" + m_file.string() + "': not a regular file");
    m_fileBytes = fs::file_size(m_file, ec);
    if (ec)
        throw DataError("cannot read '" + m_file.string() + "': " + ec.message());
    m_in = gzopen(m_file.c_str(), "rb");
    if (!m_in)
        throw DataError("cannot open '" + m_file.string() + "': " + std::strerror(errno));
    gzbuffer(m_in, 1 << 20);
    m_compressed = gzdirect(m_in) == 0;
}

InputFile::~InputFile()
{
    if (m_in)
        gzclose(m_in);
}

uint64_t InputFile::maxContentBytes() const
{
    return m_compressed ? checkedProduct(m_fileBytes, kMaxDeflateRatio).value_or(UINT64_MAX)
                        : m_fileBytes;
}

uint64_t InputFile::read(void *into, uint64_t bytes)
{
    auto *out = static_cast<uint8_t *>(into);
    uint64_t done = 0;
    while (done < bytes) {
        const auto chunk = static_cast<unsigned>(std::min<uint64_t>(bytes - done, 1u << 30));
        const int n = gzread(m_in, out + done, chunk);
        if (n < 0) {
            int err = Z_OK;
            const char *message = gzerror(m_in, &err);
            throw DataError("'" + m_file.string() + "' is a corrupt or truncated gzip file ("
                            + (message ? message : "") + ")");
        }
        if (n == 0) {
            int err = Z_OK;
            const char *message = gzerror(m_in, &err);
            if (err != Z_OK && err != Z_STREAM_END)
                throw DataError("'" + m_file.string() + "' is a corrupt or truncated gzip file ("
                                + (message ? message : "") + ")");
            break;
        }
        done += uint64_t(n);
    }
    return done;
}

uint64_t InputFile::skipRest(uint64_t limit)
{
    std::vector<uint8_t> sink(1 << 16);
    uint64_t total = 0;
    while (total < limit) {
        const uint64_t n = read(sink.data(), std::min<uint64_t>(sink.size(), limit - total));
        if (n == 0)
            break;
        total += n;
    }
    return total;
}

std::vector<uint8_t> readAllBytes(const fs::path &file, uint64_t maxBytes)
{
    InputFile in(file);
    std::vector<uint8_t> bytes;
    bytes.reserve(static_cast<size_t>(std::min(in.fileBytes(), maxBytes)));
    std::vector<uint8_t> chunk(1 << 20);
    for (;;) {
        const uint64_t n = in.read(chunk.data(), chunk.size());
        if (n == 0)
            break;
        if (bytes.size() + n > maxBytes)
            throw DataError("'" + file.string() + "' holds more than "
                            + groupThousands(int64_t(maxBytes))
                            + " bytes (after decompression), more than this format allows");
        bytes.insert(bytes.end(), chunk.begin(), chunk.begin() + std::ptrdiff_t(n));
    }
    return bytes;
}

std::vector<uint8_t> readRawBytes(const fs::path &file, uint64_t maxBytes)
{
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        throw DataError("cannot read '" + file.string() + "': no such file");
    const uint64_t size = fs::file_size(file, ec);
    if (ec)
        throw DataError("cannot read '" + file.string() + "': " + ec.message());
    if (size > maxBytes)
        throw DataError("'" + file.string() + "' is " + groupThousands(int64_t(size))
                        + " bytes; files up to " + groupThousands(int64_t(maxBytes))
                        + " bytes are read");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw DataError("cannot open '" + file.string() + "': " + std::strerror(errno));
    std::vector<uint8_t> bytes(static_cast<size_t>(size));
    in.read(reinterpret_cast<char *>(bytes.data()), std::streamsize(size));
    bytes.resize(static_cast<size_t>(in.gcount()));
    return bytes;
}

std::string fileContentHash(const fs::path &file)
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

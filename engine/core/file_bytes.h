#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

typedef struct gzFile_s *gzFile;

namespace engine {

/// A file read as a stream, gunzipped when it is gzip-compressed (zlib reads plain files
/// unchanged), so a reader can check a header before it allocates for what the header declares.
class InputFile
{
public:
    /// Throws DataError naming the file when it is missing, not a regular file or unreadable.
    explicit InputFile(std::filesystem::path file);
    ~InputFile();
    InputFile(const InputFile &) = delete;
    InputFile &operator=(const InputFile &) = delete;

    const std::filesystem::path &path() const { return m_file; }
    bool compressed() const { return m_compressed; }
    /// The file's size on disk.
    uint64_t fileBytes() const { return m_fileBytes; }
    /// The most bytes the content can hold: the file's size, or for gzip deflate's largest
    /// expansion of it.
    uint64_t maxContentBytes() const;
    /// Reads up to bytes bytes; returns how many were read (fewer at the end). Throws DataError
    /// for a corrupt gzip stream.
    uint64_t read(void *into, uint64_t bytes);
    /// Reads and counts what is left, up to limit bytes (then stops counting).
    uint64_t skipRest(uint64_t limit);

private:
    std::filesystem::path m_file;
    gzFile m_in = nullptr;
    bool m_compressed = false;
    uint64_t m_fileBytes = 0;
};

/// The whole file, gunzipped when it is gzip-compressed. Throws DataError naming the file when
/// it cannot be opened, its gzip stream is corrupt, or its content exceeds maxBytes (the reading
/// stops there: a small compressed file cannot fill memory).
std::vector<uint8_t> readAllBytes(const std::filesystem::path &file, uint64_t maxBytes);

/// The file's bytes as they are on disk (no gunzipping), refused above maxBytes before reading.
std::vector<uint8_t> readRawBytes(const std::filesystem::path &file, uint64_t maxBytes);

/// A 64-bit FNV-1a hash of the file's bytes, in hex; throws ConfigError naming the file when it
/// cannot be opened. Identifies imported files by content, so a moved file keeps its identity.
std::string fileContentHash(const std::filesystem::path &file);

/// Reads a big-endian 32-bit unsigned integer at offset.
inline uint32_t readBigEndian32(const uint8_t *p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

} // namespace engine

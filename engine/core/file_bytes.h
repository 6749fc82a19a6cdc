#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace engine {

/// The whole file, gunzipped when it is gzip-compressed (zlib reads plain files unchanged).
/// Throws DataError naming the file when it cannot be opened or its gzip stream is corrupt.
std::vector<uint8_t> readAllBytes(const std::filesystem::path &file);

/// A 64-bit FNV-1a hash of the file's bytes, in hex; throws ConfigError naming the file when it
/// cannot be opened. Identifies imported files by content, so a moved file keeps its identity.
std::string fileContentHash(const std::filesystem::path &file);

/// Reads a big-endian 32-bit unsigned integer at offset.
inline uint32_t readBigEndian32(const uint8_t *p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

} // namespace engine

#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace storage {

/// Lower-case hex SHA-256 of a byte string (OpenSSL).
std::string sha256Hex(std::string_view bytes);

/// Lower-case hex SHA-256 of a file's contents; throws StoreError naming the file when it cannot
/// be read.
std::string sha256File(const std::filesystem::path &file);

} // namespace storage

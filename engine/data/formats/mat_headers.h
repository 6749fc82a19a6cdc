#pragma once

#include <filesystem>

namespace engine {

/// Walks a MATLAB v5 file's top-level data elements before matio reads it, because matio
/// allocates whatever a header declares (a 1 KB file can ask for gigabytes): every element must
/// fit in the file, every variable must be a numeric array of rank 2 to 8 with a short name, and
/// a compressed variable may not declare more than its compressed size can inflate to. Throws
/// DataError naming the file, the byte offset and the problem; v7.3 (HDF5) files are refused.
void checkMatHeaders(const std::filesystem::path &file);

} // namespace engine

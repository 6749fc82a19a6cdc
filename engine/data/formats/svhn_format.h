#pragma once

// SVHN's MATLAB files read without torch (matio), so the parsing can be fuzzed on its own.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

namespace engine {

/// The arrays of one SVHN "format 2" file, checked.
struct SvhnArrays
{
    int64_t count = 0;
    /// X as stored: 32×32×3×count uint8 in MATLAB's column-major order (owns matio's buffer).
    std::shared_ptr<const uint8_t> pixels;
    std::vector<int64_t> labels; ///< 0..9 (the file's 10 is the digit 0)
};

/// Reads train_32x32.mat or test_32x32.mat: every size the file declares is checked before it is
/// read; throws DataError naming the file and the variable when the file is unreadable,
/// truncated or shaped otherwise.
SvhnArrays readSvhnArrays(const std::filesystem::path &file);

/// Whether this build can read SVHN (it needs the matio library).
bool svhnSupported();

} // namespace engine

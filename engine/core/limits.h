#pragma once

// The sizes the readers accept, checked against what a file declares before anything is
// allocated, so a small hostile file cannot exhaust memory.

#include <cstddef>
#include <cstdint>
#include <optional>

namespace engine {

/// Pixels of one image, as declared by its file (2^26 = 67,108,864: an 8192×8192 photograph).
inline constexpr uint64_t kMaxImagePixels = uint64_t(1) << 26;
/// Bytes of one image file read into memory (JPEG or PNG) before decoding.
inline constexpr uint64_t kMaxImageFileBytes = uint64_t(256) << 20;
/// Bytes of one CIFAR batch file after decompression (the real ones are 30 MB).
inline constexpr uint64_t kMaxCifarFileBytes = uint64_t(2) << 30;
/// Bytes of an imported score or kept-subset file (ImageNet's scores as CSV are about 40 MB).
inline constexpr uint64_t kMaxScoreFileBytes = uint64_t(1) << 30;
/// Samples of one split of any dataset (ImageNet's train split has 1.28 million).
inline constexpr uint64_t kMaxSamples = uint64_t(1) << 27;
/// deflate's largest expansion: no gzip stream inflates to more than this many times its size.
inline constexpr uint64_t kMaxDeflateRatio = 1032;
/// A spec's text, and how deeply its JSON may nest (real specs nest 4 levels).
inline constexpr size_t kMaxSpecBytes = size_t(1) << 20;
inline constexpr int kMaxJsonDepth = 32;
/// Characters of a spec's name and other free-text fields.
inline constexpr size_t kMaxNameLength = 200;

/// a·b, or nullopt when it does not fit in 64 bits.
inline std::optional<uint64_t> checkedProduct(uint64_t a, uint64_t b)
{
    uint64_t product = 0;
    if (__builtin_mul_overflow(a, b, &product))
        return std::nullopt;
    return product;
}

} // namespace engine

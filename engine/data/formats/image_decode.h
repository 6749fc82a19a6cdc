#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace engine {

/// A decoded picture, interleaved (H×W×C), 8 bits per channel.
struct DecodedImage
{
    int width = 0;
    int height = 0;
    int channels = 0; ///< 1 (grey) or 3 (RGB)
    std::vector<uint8_t> pixels;
    /// The file's own size (a JPEG may decode at a reduced DCT scale): 0 = width × height
    int fileWidth = 0;
    int fileHeight = 0;
};

/// Decodes a JPEG or PNG file (told apart by content, not by name) into `channels` (1 or 3)
/// channels: colour is converted to grey by the decoder's luma weights, grey is replicated, PNG
/// alpha is composited onto black, 16-bit PNG is reduced to 8 bits. Throws DataError naming the
/// file and the decoder's reason; a JPEG with recoverable damage (truncated data) is an error too,
/// since training on a half-grey picture would be silent corruption. A JPEG is decoded at the
/// smallest DCT scale (1/8 … 1) whose shorter side still has at least minShorterSide pixels
/// (0 = full size), which spares most of the work when photos become small training images.
/// Images whose file declares more than 2^26 pixels, and files over 256 MiB, are refused before
/// anything is allocated for them.
DecodedImage decodeImageFile(const std::filesystem::path &file, int channels,
                             int minShorterSide = 0);
/// The same on bytes already in memory; file names them in messages.
DecodedImage decodeImageBytes(const std::filesystem::path &file, const std::vector<uint8_t> &bytes,
                              int channels, int minShorterSide = 0);

/// Encoders for tests and tools: quality 1..100. A 4-channel image is written as a CMYK JPEG.
void writeJpegFile(const std::filesystem::path &file, const DecodedImage &image, int quality = 90);
void writePngFile(const std::filesystem::path &file, const DecodedImage &image);

/// Scales the shorter side to `size` and crops the centre to size×size (torchvision's
/// Resize(size) + CenterCrop(size)), with an antialiased triangle filter when shrinking.
/// Returns C×size×size (channel-major) bytes.
std::vector<uint8_t> resizeCenterCrop(const DecodedImage &image, int size);

/// Whether this build can decode JPEG and PNG (libturbojpeg and libpng).
bool imageDecodingSupported();

} // namespace engine

#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace fixtures {

/// Images whose class is learnable: class c lights a bright block at its own place on a dim,
/// noisy background. Pixels are channel-major per image (N×C×H×W).
struct Images
{
    int64_t n = 0, channels = 1, height = 28, width = 28;
    std::vector<uint8_t> pixels;
    std::vector<uint8_t> labels;
};
Images patternImages(int64_t n, int64_t classes, int64_t channels, int64_t height, int64_t width,
                     uint64_t seed);

void writeBytes(const std::filesystem::path &file, const std::vector<uint8_t> &bytes);
void writeGzip(const std::filesystem::path &file, const std::vector<uint8_t> &bytes);

/// IDX files (big-endian header); gz compresses with zlib.
std::vector<uint8_t> idxImageBytes(const Images &images, uint32_t magic = 0x00000803);
std::vector<uint8_t> idxLabelBytes(const std::vector<uint8_t> &labels, uint32_t magic = 0x00000801);

/// train-/t10k- image and label files of a learnable 10-class 28×28 dataset in dir.
void writeIdxDataset(const std::filesystem::path &dir, int64_t trainN, int64_t testN, bool gz,
                     uint64_t seed = 1);

/// CIFAR binary records: label byte(s) then 3072 pixel bytes.
std::vector<uint8_t> cifarBytes(const Images &images, bool cifar100);
void writeCifar10Dataset(const std::filesystem::path &dir, int64_t perBatch, int batches,
                         int64_t testN);
void writeCifar100Dataset(const std::filesystem::path &dir, int64_t trainN, int64_t testN);

} // namespace fixtures

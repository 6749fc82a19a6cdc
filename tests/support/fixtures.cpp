#include "tests/support/fixtures.h"

#include <fstream>
#include <stdexcept>
#include <zlib.h>

namespace fixtures {

namespace {

void putBigEndian(std::vector<uint8_t> &out, uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<uint8_t>(v >> shift));
}

uint64_t nextRandom(uint64_t &state)
{
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
}

} // namespace

Images patternImages(int64_t n, int64_t classes, int64_t channels, int64_t height, int64_t width,
                     uint64_t seed)
{
    Images im;
    im.n = n;
    im.channels = channels;
    im.height = height;
    im.width = width;
    im.pixels.resize(n * channels * height * width);
    im.labels.resize(n);
    uint64_t state = seed;
    const int64_t cells = 4; // blocks on a 4×4 grid
    const int64_t bh = height / cells, bw = width / cells;
    for (int64_t i = 0; i < n; ++i) {
        const auto label = static_cast<uint8_t>(nextRandom(state) % classes);
        im.labels[i] = label;
        const int64_t cy = (label % (cells * cells)) / cells, cx = label % cells;
        for (int64_t c = 0; c < channels; ++c)
            for (int64_t y = 0; y < height; ++y)
                for (int64_t x = 0; x < width; ++x) {
                    const bool inBlock = y / bh == cy && x / bw == cx;
                    const int noise = static_cast<int>(nextRandom(state) % 40);
                    im.pixels[((i * channels + c) * height + y) * width + x]
                        = static_cast<uint8_t>(inBlock ? 200 + noise / 2 : noise);
                }
    }
    return im;
}

void writeBytes(const std::filesystem::path &file, const std::vector<uint8_t> &bytes)
{
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char *>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out)
        throw std::runtime_error("cannot write " + file.string());
}

void writeGzip(const std::filesystem::path &file, const std::vector<uint8_t> &bytes)
{
    gzFile out = gzopen(file.c_str(), "wb");
    if (!out
        || gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size()))
            != static_cast<int>(bytes.size()))
        throw std::runtime_error("cannot write " + file.string());
    gzclose(out);
}

std::vector<uint8_t> idxImageBytes(const Images &images, uint32_t magic)
{
    std::vector<uint8_t> out;
    putBigEndian(out, magic);
    putBigEndian(out, static_cast<uint32_t>(images.n));
    putBigEndian(out, static_cast<uint32_t>(images.height));
    putBigEndian(out, static_cast<uint32_t>(images.width));
    out.insert(out.end(), images.pixels.begin(), images.pixels.end());
    return out;
}

std::vector<uint8_t> idxLabelBytes(const std::vector<uint8_t> &labels, uint32_t magic)
{
    std::vector<uint8_t> out;
    putBigEndian(out, magic);
    putBigEndian(out, static_cast<uint32_t>(labels.size()));
    out.insert(out.end(), labels.begin(), labels.end());
    return out;
}

void writeIdxDataset(const std::filesystem::path &dir, int64_t trainN, int64_t testN, bool gz,
                     uint64_t seed)
{
    std::filesystem::create_directories(dir);
    const Images train = patternImages(trainN, 10, 1, 28, 28, seed);
    const Images test = patternImages(testN, 10, 1, 28, 28, seed + 1000);
    const std::string suffix = gz ? ".gz" : "";
    auto write = [&](const std::string &name, const std::vector<uint8_t> &bytes) {
        gz ? writeGzip(dir / (name + suffix), bytes) : writeBytes(dir / name, bytes);
    };
    write("train-images-idx3-ubyte", idxImageBytes(train));
    write("train-labels-idx1-ubyte", idxLabelBytes(train.labels));
    write("t10k-images-idx3-ubyte", idxImageBytes(test));
    write("t10k-labels-idx1-ubyte", idxLabelBytes(test.labels));
}

std::vector<uint8_t> cifarBytes(const Images &images, bool cifar100)
{
    std::vector<uint8_t> out;
    const int64_t pixels = 3 * 32 * 32;
    for (int64_t i = 0; i < images.n; ++i) {
        if (cifar100)
            out.push_back(static_cast<uint8_t>(images.labels[i] / 5)); // coarse label
        out.push_back(images.labels[i]);
        out.insert(out.end(), images.pixels.begin() + i * pixels,
                   images.pixels.begin() + (i + 1) * pixels);
    }
    return out;
}

void writeCifar10Dataset(const std::filesystem::path &dir, int64_t perBatch, int batches,
                         int64_t testN)
{
    std::filesystem::create_directories(dir);
    for (int b = 1; b <= batches; ++b)
        writeBytes(dir / ("data_batch_" + std::to_string(b) + ".bin"),
                   cifarBytes(patternImages(perBatch, 10, 3, 32, 32, 10 + b), false));
    writeBytes(dir / "test_batch.bin", cifarBytes(patternImages(testN, 10, 3, 32, 32, 99), false));
}

void writeCifar100Dataset(const std::filesystem::path &dir, int64_t trainN, int64_t testN)
{
    std::filesystem::create_directories(dir);
    writeBytes(dir / "train.bin", cifarBytes(patternImages(trainN, 100, 3, 32, 32, 7), true));
    writeBytes(dir / "test.bin", cifarBytes(patternImages(testN, 100, 3, 32, 32, 8), true));
}

} // namespace fixtures

#include "engine/data/formats/image_decode.h"

#include "engine/core/atomic_file.h"
#include "engine/core/errors.h"
#include "engine/core/file_bytes.h"
#include "engine/core/limits.h"
#include "engine/core/number_list.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>

#ifdef PRUNESCOPE_WITH_IMAGE_CODECS
#include <png.h>
#include <turbojpeg.h>
#endif

namespace engine {

namespace fs = std::filesystem;

namespace {

/// Triangle-filter taps for one axis: output i of `out` samples the source (length `in`) around
/// (i + offset + 0.5)/scale − 0.5, widened by 1/scale when shrinking so every source pixel counts.
struct Taps
{
    std::vector<int> first;
    std::vector<std::vector<float>> weights;
};

Taps taps(int in, int out, double scale, double offset)
{
    Taps t;
    const double support = std::max(1.0, 1.0 / scale);
    for (int i = 0; i < out; ++i) {
        const double centre = (i + offset + 0.5) / scale - 0.5;
        const int lo = std::max(0, static_cast<int>(std::floor(centre - support)) + 1);
        const int hi = std::min(in - 1, static_cast<int>(std::ceil(centre + support)) - 1);
        std::vector<float> w;
        double sum = 0;
        for (int s = lo; s <= hi; ++s) {
            const double v = std::max(0.0, 1.0 - std::abs(s - centre) / support);
            w.push_back(static_cast<float>(v));
            sum += v;
        }
        if (sum <= 0) { // the centre lies outside the source: take the nearest edge pixel
            const int s = std::clamp(static_cast<int>(std::lround(centre)), 0, in - 1);
            t.first.push_back(s);
            t.weights.push_back({ 1.0f });
            continue;
        }
        for (float &v : w)
            v = static_cast<float>(v / sum);
        t.first.push_back(lo);
        t.weights.push_back(std::move(w));
    }
    return t;
}

} // namespace

std::vector<uint8_t> resizeCenterCrop(const DecodedImage &image, int size)
{
    const int w = image.width, h = image.height, c = image.channels;
    const double scale = static_cast<double>(size) / std::min(w, h);
    const double resizedW = std::max<double>(size, std::round(w * scale));
    const double resizedH = std::max<double>(size, std::round(h * scale));
    const double left = std::floor((resizedW - size) / 2), top = std::floor((resizedH - size) / 2);
    const Taps tx = taps(w, size, resizedW / w, left);
    const Taps ty = taps(h, size, resizedH / h, top);

    std::vector<float> rows(static_cast<size_t>(h) * size * c); // horizontal pass: h × size × c
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < size; ++x)
            for (int k = 0; k < c; ++k) {
                float acc = 0;
                const auto &wts = tx.weights[x];
                for (size_t j = 0; j < wts.size(); ++j)
                    acc += wts[j]
                        * image.pixels[(static_cast<size_t>(y) * w + tx.first[x] + j) * c + k];
                rows[(static_cast<size_t>(y) * size + x) * c + k] = acc;
            }
    std::vector<uint8_t> out(static_cast<size_t>(c) * size * size);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
            for (int k = 0; k < c; ++k) {
                float acc = 0;
                const auto &wts = ty.weights[y];
                for (size_t j = 0; j < wts.size(); ++j)
                    acc += wts[j] * rows[((ty.first[y] + j) * size + x) * c + k];
                out[(static_cast<size_t>(k) * size + y) * size + x]
                    = static_cast<uint8_t>(std::clamp(std::lround(acc), 0L, 255L));
            }
    return out;
}

#ifdef PRUNESCOPE_WITH_IMAGE_CODECS

namespace {

/// Refuses an image whose declared size is over the pixel cap, before anything is allocated.
void checkDeclaredPixels(const fs::path &file, uint64_t width, uint64_t height, const char *kind)
{
    if (width * height > kMaxImagePixels) // both < 2^32: the product fits
        throw DataError("'" + file.string() + "' declares a " + kind + " of "
                        + std::to_string(width) + "×" + std::to_string(height) + " pixels ("
                        + groupThousands(int64_t(width * height)) + "); images up to "
                        + groupThousands(int64_t(kMaxImagePixels)) + " pixels (2^26) are read");
}

struct TjDestroyer
{
    void operator()(void *h) const { tjDestroy(h); }
};

DecodedImage decodeJpeg(const fs::path &file, const std::vector<uint8_t> &bytes, int channels,
                        int minShorterSide)
{
    std::unique_ptr<void, TjDestroyer> handle(tjInitDecompress());
    if (!handle)
        throw DataError("'" + file.string() + "': the JPEG decoder could not start");
    int width = 0, height = 0, subsampling = 0, colourspace = 0;
    auto *data = const_cast<unsigned char *>(bytes.data());
    if (tjDecompressHeader3(handle.get(), data, bytes.size(), &width, &height, &subsampling,
                            &colourspace)
        != 0)
        throw DataError("'" + file.string()
                        + "' is not a readable JPEG: " + tjGetErrorStr2(handle.get()));
    checkDeclaredPixels(file, uint64_t(width), uint64_t(height), "JPEG");
    const int fileWidth = width, fileHeight = height;
    if (minShorterSide > 0) {
        int count = 0;
        const tjscalingfactor *factors = tjGetScalingFactors(&count);
        int bestW = width, bestH = height;
        for (int i = 0; i < count; ++i) {
            const int w = TJSCALED(width, factors[i]), h = TJSCALED(height, factors[i]);
            if (std::min(w, h) >= minShorterSide && int64_t(w) * h < int64_t(bestW) * bestH) {
                bestW = w;
                bestH = h;
            }
        }
        width = bestW;
        height = bestH;
    }
    DecodedImage image { width, height, channels, {}, fileWidth, fileHeight };
    image.pixels.resize(static_cast<size_t>(width) * height * channels);
    // CMYK and YCCK JPEGs (a few in ImageNet, from print workflows) decode only to CMYK; they are
    // converted here as Adobe's inverted CMYK (what such files hold): R = C·K/255, and so on.
    const bool cmyk = colourspace == TJCS_CMYK || colourspace == TJCS_YCCK;
    std::vector<uint8_t> inks(cmyk ? static_cast<size_t>(width) * height * 4 : 0);
    if (tjDecompress2(handle.get(), data, bytes.size(), cmyk ? inks.data() : image.pixels.data(),
                      width, 0, height, cmyk ? TJPF_CMYK : (channels == 3 ? TJPF_RGB : TJPF_GRAY),
                      TJFLAG_STOPONWARNING)
        != 0)
        throw DataError("'" + file.string()
                        + "' is a damaged JPEG: " + tjGetErrorStr2(handle.get()));
    if (cmyk)
        for (size_t i = 0; i < static_cast<size_t>(width) * height; ++i) {
            const uint8_t *p = &inks[4 * i];
            const int r = p[0] * p[3] / 255, g = p[1] * p[3] / 255, b = p[2] * p[3] / 255;
            if (channels == 3) {
                image.pixels[3 * i] = uint8_t(r);
                image.pixels[3 * i + 1] = uint8_t(g);
                image.pixels[3 * i + 2] = uint8_t(b);
            } else {
                image.pixels[i] = uint8_t((299 * r + 587 * g + 114 * b + 500) / 1000);
            }
        }
    return image;
}

DecodedImage decodePng(const fs::path &file, const std::vector<uint8_t> &bytes, int channels)
{
    png_image png;
    std::memset(&png, 0, sizeof png);
    png.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&png, bytes.data(), bytes.size()))
        throw DataError("'" + file.string() + "' is not a readable PNG: " + png.message);
    if (uint64_t(png.width) * png.height > kMaxImagePixels) {
        png_image_free(&png);
        checkDeclaredPixels(file, png.width, png.height, "PNG");
    }
    png.format = channels == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
    DecodedImage image { static_cast<int>(png.width), static_cast<int>(png.height), channels, {} };
    image.pixels.resize(PNG_IMAGE_SIZE(png));
    png_color black { 0, 0, 0 };
    if (!png_image_finish_read(&png, &black, image.pixels.data(), 0, nullptr)) {
        const std::string message = png.message;
        png_image_free(&png);
        throw DataError("'" + file.string() + "' is a damaged PNG: " + message);
    }
    return image;
}

} // namespace

bool imageDecodingSupported()
{
    return true;
}

DecodedImage decodeImageBytes(const fs::path &file, const std::vector<uint8_t> &bytes, int channels,
                              int minShorterSide)
{
    if (channels != 1 && channels != 3)
        throw ConfigError("images can be decoded to 1 or 3 channels, not "
                          + std::to_string(channels));
    DecodedImage image;
    if (bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        image = decodeJpeg(file, bytes, channels, minShorterSide);
    else if (bytes.size() >= 8 && png_sig_cmp(bytes.data(), 0, 8) == 0)
        image = decodePng(file, bytes, channels);
    else
        throw DataError("'" + file.string() + "' is neither a JPEG nor a PNG file ("
                        + (bytes.empty() ? std::string("it is empty")
                                         : "its first bytes are not a JPEG or PNG signature")
                        + ")");
    if (image.width <= 0 || image.height <= 0)
        throw DataError("'" + file.string() + "' has no pixels");
    return image;
}

DecodedImage decodeImageFile(const fs::path &file, int channels, int minShorterSide)
{
    return decodeImageBytes(file, readRawBytes(file, kMaxImageFileBytes), channels, minShorterSide);
}

void writeJpegFile(const fs::path &file, const DecodedImage &image, int quality)
{
    std::unique_ptr<void, TjDestroyer> handle(tjInitCompress());
    unsigned char *out = nullptr;
    unsigned long size = 0;
    const int format
        = image.channels == 4 ? TJPF_CMYK : (image.channels == 3 ? TJPF_RGB : TJPF_GRAY);
    if (tjCompress2(handle.get(), image.pixels.data(), image.width, 0, image.height, format, &out,
                    &size, image.channels == 1 ? TJSAMP_GRAY : TJSAMP_444, quality, 0)
        != 0)
        throw DataError("'" + file.string()
                        + "' could not be encoded: " + tjGetErrorStr2(handle.get()));
    const std::string bytes(reinterpret_cast<const char *>(out), size);
    tjFree(out);
    writeFileAtomically(file, bytes);
}

void writePngFile(const fs::path &file, const DecodedImage &image)
{
    png_image png;
    std::memset(&png, 0, sizeof png);
    png.version = PNG_IMAGE_VERSION;
    png.width = image.width;
    png.height = image.height;
    png.format = image.channels == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
    writeFileAtomically(file, [&](const fs::path &temporary) {
        if (!png_image_write_to_file(&png, temporary.c_str(), 0, image.pixels.data(), 0, nullptr))
            throw DataError("'" + file.string() + "' could not be written: " + png.message);
    });
}

#else

bool imageDecodingSupported()
{
    return false;
}

DecodedImage decodeImageBytes(const fs::path &file, const std::vector<uint8_t> &, int, int)
{
    throw DataError("'" + file.string()
                    + "' cannot be decoded: this build has no JPEG/PNG decoders (it was built "
                      "without libturbojpeg and libpng)");
}

DecodedImage decodeImageFile(const fs::path &file, int channels, int minShorterSide)
{
    return decodeImageBytes(file, {}, channels, minShorterSide);
}

void writeJpegFile(const fs::path &file, const DecodedImage &, int)
{
    throw DataError("'" + file.string() + "': this build has no JPEG encoder");
}

void writePngFile(const fs::path &file, const DecodedImage &)
{
    throw DataError("'" + file.string() + "': this build has no PNG encoder");
}

#endif

} // namespace engine

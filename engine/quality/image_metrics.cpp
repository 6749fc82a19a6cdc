#include "engine/quality/image_metrics.h"

#include "engine/content_hash.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <torch/torch.h>

namespace engine {

namespace {

namespace F = torch::nn::functional;

torch::Tensor luma(const torch::Tensor &imagesU8)
{
    auto x = imagesU8.to(torch::kFloat) / 255.0;
    if (x.size(1) == 3)
        x = 0.299 * x.select(1, 0) + 0.587 * x.select(1, 1) + 0.114 * x.select(1, 2);
    else
        x = x.select(1, 0);
    return x; // N×H×W in [0, 1]
}

torch::Tensor filter(const torch::Tensor &y, std::vector<float> taps)
{
    const auto kernel = torch::tensor(taps).view({ 1, 1, 3, 3 });
    return F::conv2d(y.unsqueeze(1), kernel).squeeze(1); // valid: (H−2)×(W−2)
}

/// The image moved by (dy, dx) ∈ {−1, 0, 1}², the vacated row or column repeating its neighbour.
torch::Tensor shifted(const torch::Tensor &y, int dy, int dx)
{
    auto out = y;
    if (dx == 1)
        out = torch::cat({ out.slice(2, 0, 1), out.slice(2, 0, -1) }, 2);
    else if (dx == -1)
        out = torch::cat({ out.slice(2, 1), out.slice(2, -1) }, 2);
    if (dy == 1)
        out = torch::cat({ out.slice(1, 0, 1), out.slice(1, 0, -1) }, 1);
    else if (dy == -1)
        out = torch::cat({ out.slice(1, 1), out.slice(1, -1) }, 1);
    return out;
}

/// DCT-II basis of size n (rows: frequencies).
torch::Tensor dctMatrix(int64_t n)
{
    auto k = torch::arange(n, torch::kDouble).view({ -1, 1 });
    auto i = torch::arange(n, torch::kDouble).view({ 1, -1 });
    return torch::cos(M_PI / double(n) * (i + 0.5) * k).to(torch::kFloat);
}

} // namespace

ImageQuality measureImageQuality(const torch::Tensor &imagesU8)
{
    ImageQuality q;
    const int64_t n = imagesU8.size(0);
    const auto y = luma(imagesU8);
    const auto flat = y.flatten(1);
    const auto sorted = std::get<0>(flat.sort(1));
    const int64_t pixels = flat.size(1);
    const auto at = [&](double p) {
        return sorted.select(
            1, std::clamp<int64_t>(std::llround(p * double(pixels - 1)), 0, pixels - 1));
    };
    q.dark = 1 - at(0.99);
    q.light = at(0.01);

    const auto gx = y.diff(1, 2).abs().mean({ 1, 2 });
    const auto gy = y.diff(1, 1).abs().mean({ 1, 2 });
    const auto gradient = (gx + gy) / 2;
    const auto laplacian = filter(y, { 0, 1, 0, 1, -4, 1, 0, 1, 0 }).abs().mean({ 1, 2 });
    q.blurry = torch::where(gradient > 1e-6, 1 - (laplacian / (2 * gradient + 1e-12)).clamp(0, 1),
                            torch::zeros_like(gradient));

    const auto residual = filter(y * 255, { 1, -2, 1, -2, 4, -2, 1, -2, 1 }).abs().mean({ 1, 2 });
    q.noisy = (std::sqrt(M_PI / 2) * residual / 6 / 64).clamp(0, 1);

    const auto levels = imagesU8.to(torch::kFloat).mean(1).round().to(torch::kInt64).flatten(1);
    // One 256-bin histogram per image, all at once.
    const auto histograms
        = torch::zeros({ n, 256 }, torch::kDouble)
              .scatter_add_(1, levels, torch::ones(levels.sizes(), torch::kDouble));
    const auto p = histograms / histograms.sum(1, true);
    const auto entropy = -(p * torch::log2(p.clamp_min(1e-300))).sum(1);
    q.lowInformation = (1.0 - entropy / 8.0).clamp(0, 1).to(torch::kFloat);
    const auto contiguous = imagesU8.contiguous();
    const auto *bytes = contiguous.data_ptr<uint8_t>();
    const size_t perImage = size_t(contiguous[0].numel());
    const auto cosines = dctMatrix(32);
    // Bits: the 63 lowest AC coefficients of the 32×32 image above their median.
    const auto hashBits = [&](const torch::Tensor &image) {
        const auto small = F::interpolate(image.unsqueeze(1),
                                          F::InterpolateFuncOptions()
                                              .size(std::vector<int64_t> { 32, 32 })
                                              .mode(torch::kBilinear)
                                              .align_corners(false))
                               .squeeze(1);
        const auto dct = cosines.matmul(small).matmul(cosines.t()).slice(1, 0, 8).slice(2, 0, 8);
        const auto ac = dct.flatten(1).slice(1, 1);
        return ac.gt(std::get<0>(ac.median(1, true))).contiguous();
    };
    const auto pack = [](const torch::Tensor &bits, int64_t i) {
        const auto *b = bits.data_ptr<bool>();
        uint64_t hash = 0;
        for (int k = 0; k < 63; ++k)
            hash |= uint64_t(b[i * 63 + k]) << k;
        return hash;
    };
    const auto bits = hashBits(y);
    const torch::Tensor shiftedBits[4]
        = { hashBits(shifted(y, 0, 1)), hashBits(shifted(y, 0, -1)), hashBits(shifted(y, 1, 0)),
            hashBits(shifted(y, -1, 0)) };
    for (int64_t i = 0; i < n; ++i) {
        q.exactHash.push_back(fnv1a(bytes + size_t(i) * perImage, perImage));
        q.perceptualHash.push_back(pack(bits, i));
        q.shiftedHashes.push_back({ pack(shiftedBits[0], i), pack(shiftedBits[1], i),
                                    pack(shiftedBits[2], i), pack(shiftedBits[3], i) });
    }
    return q;
}

NearestHash nearestPerceptualHash(const ImageQuality &quality)
{
    const size_t n = quality.perceptualHash.size();
    NearestHash r { std::vector<int>(n, 64), std::vector<int64_t>(n, -1) };
    const auto &h = quality.perceptualHash;
    const auto &s = quality.shiftedHashes;
    const auto &e = quality.exactHash;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = i + 1; j < n; ++j) {
            if (e[i] == e[j])
                continue; // exact copies are their own flag
            int d = std::popcount(h[i] ^ h[j]);
            for (int k = 0; k < 4 && d > 0; ++k)
                d = std::min({ d, std::popcount(s[i][size_t(k)] ^ h[j]),
                               std::popcount(h[i] ^ s[j][size_t(k)]) });
            if (d < r.distance[i]) {
                r.distance[i] = d;
                r.nearest[i] = int64_t(j);
            }
            if (d < r.distance[j]) {
                r.distance[j] = d;
                r.nearest[j] = int64_t(i);
            }
        }
    return r;
}

} // namespace engine

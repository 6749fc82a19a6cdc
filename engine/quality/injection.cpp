#include "engine/quality/injection.h"

#include "engine/core/rng.h"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <torch/torch.h>

namespace engine {

namespace {

/// A seeded Fisher-Yates permutation of 0..n−1 (platform-independent, unlike std::shuffle).
std::vector<int64_t> shuffled(int64_t n, SplitMix64 &rng)
{
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), int64_t(0));
    for (int64_t i = n - 1; i > 0; --i)
        std::swap(order[size_t(i)], order[size_t(rng.below(uint64_t(i + 1)))]);
    return order;
}

/// Standard normal draws by Box-Muller from the seeded generator.
double normal(SplitMix64 &rng)
{
    const double u1 = (double(rng.next() >> 11) + 1.0) * 0x1.0p-53; // (0, 1]
    const double u2 = double(rng.next() >> 11) * 0x1.0p-53;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

torch::Tensor gaussianBlur(const torch::Tensor &imageU8, double sigma)
{
    const int64_t radius = static_cast<int64_t>(std::ceil(3 * sigma));
    auto taps = torch::arange(-radius, radius + 1, torch::kFloat);
    auto kernel = torch::exp(-taps * taps / (2 * sigma * sigma));
    kernel = kernel / kernel.sum();
    const int64_t c = imageU8.size(0);
    auto x = imageU8.to(torch::kFloat).unsqueeze(0); // 1×C×H×W
    namespace F = torch::nn::functional;
    // Edges repeat the border pixel, so a flat image stays flat.
    x = F::pad(x, F::PadFuncOptions({ radius, radius, 0, 0 }).mode(torch::kReplicate));
    x = F::conv2d(x, kernel.view({ 1, 1, 1, -1 }).repeat({ c, 1, 1, 1 }),
                  F::Conv2dFuncOptions().groups(c));
    x = F::pad(x, F::PadFuncOptions({ 0, 0, radius, radius }).mode(torch::kReplicate));
    x = F::conv2d(x, kernel.view({ 1, 1, -1, 1 }).repeat({ c, 1, 1, 1 }),
                  F::Conv2dFuncOptions().groups(c));
    return x.squeeze(0).round().clamp(0, 255).to(torch::kUInt8);
}

} // namespace

LabelNoiseResult injectLabelNoise(const torch::Tensor &labels, int64_t numClasses, double rate,
                                  LabelNoise mode, uint64_t seed)
{
    if (!(rate >= 0 && rate <= 1))
        throw std::invalid_argument("label noise rate " + std::to_string(rate)
                                    + " is outside [0, 1]");
    if (numClasses < 2)
        throw std::invalid_argument("label noise needs at least 2 classes");
    const int64_t n = labels.size(0);
    const int64_t count = std::llround(rate * double(n));
    SplitMix64 rng(seed);
    const auto order = shuffled(n, rng);
    LabelNoiseResult r { labels.to(torch::kInt64).clone(), torch::zeros({ n }, torch::kBool) };
    auto *y = r.labels.data_ptr<int64_t>();
    auto *flipped = r.flipped.data_ptr<bool>();
    for (int64_t k = 0; k < count; ++k) {
        const auto i = size_t(order[size_t(k)]);
        const int64_t original = y[i];
        if (mode == LabelNoise::ClassPairs) {
            y[i] = (original + 1) % numClasses;
        } else {
            // One of the other K − 1 classes, uniformly.
            const auto other = int64_t(rng.below(uint64_t(numClasses - 1)));
            y[i] = other >= original ? other + 1 : other;
        }
        flipped[i] = true;
    }
    return r;
}

CorruptionResult injectCorruptions(const torch::Tensor &imagesU8,
                                   const std::vector<Corruption> &kinds, double fractionEach,
                                   uint64_t seed)
{
    if (!(fractionEach >= 0 && fractionEach <= 1))
        throw std::invalid_argument("corruption fraction " + std::to_string(fractionEach)
                                    + " is outside [0, 1]");
    const int64_t n = imagesU8.size(0);
    const int64_t each = std::llround(fractionEach * double(n));
    int64_t copies = 0;
    for (Corruption c : kinds)
        copies += (c == Corruption::Duplicate || c == Corruption::ShiftedDuplicate
                   || c == Corruption::BrightDuplicate)
            ? 1
            : 0;
    // Every corrupted image, plus one untouched original per copy.
    if (each * int64_t(kinds.size() + size_t(copies)) > n)
        throw std::invalid_argument("corrupting " + std::to_string(each) + " images for each of "
                                    + std::to_string(kinds.size()) + " kinds needs more than the "
                                    + std::to_string(n) + " images");
    SplitMix64 rng(seed);
    const auto order = shuffled(n, rng);
    CorruptionResult r { imagesU8.clone(), torch::full({ n }, -1, torch::kInt64),
                         torch::full({ n }, -1, torch::kInt64) };
    auto *kind = r.kind.data_ptr<int64_t>();
    auto *source = r.source.data_ptr<int64_t>();
    size_t next = 0;
    // Originals of copies come from the end of the permutation, never corrupted themselves.
    size_t nextOriginal = size_t(n);
    for (Corruption c : kinds) {
        for (int64_t k = 0; k < each; ++k) {
            const int64_t i = order[next++];
            kind[i] = int64_t(c);
            auto image = r.images[i];
            const auto x = imagesU8[i].to(torch::kFloat);
            switch (c) {
            case Corruption::Darken:
                image.copy_((x * 0.15).round().to(torch::kUInt8));
                break;
            case Corruption::Brighten:
                image.copy_((x * 0.15 + 0.85 * 255).round().clamp(0, 255).to(torch::kUInt8));
                break;
            case Corruption::Blur:
                image.copy_(gaussianBlur(imagesU8[i], 1.5));
                break;
            case Corruption::Noise: {
                auto noise = torch::empty(x.sizes(), torch::kFloat);
                auto *p = noise.data_ptr<float>();
                for (int64_t j = 0; j < noise.numel(); ++j)
                    p[j] = float(60.0 * normal(rng));
                image.copy_((x + noise).round().clamp(0, 255).to(torch::kUInt8));
                break;
            }
            case Corruption::Duplicate:
            case Corruption::ShiftedDuplicate:
            case Corruption::BrightDuplicate: {
                const int64_t from = order[--nextOriginal];
                source[i] = from;
                auto original = imagesU8[from];
                if (c == Corruption::ShiftedDuplicate) // one pixel right, the first column repeated
                    original = torch::cat({ original.slice(2, 0, 1), original.slice(2, 0, -1) }, 2);
                else if (c == Corruption::BrightDuplicate)
                    original = (original.to(torch::kInt16) + 5).clamp(0, 255).to(torch::kUInt8);
                image.copy_(original);
                break;
            }
            }
        }
    }
    return r;
}

} // namespace engine

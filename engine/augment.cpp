#include "engine/augment.h"

#include <torch/torch.h>

namespace engine {

AugmentDraw drawAugmentation(int64_t batch, int64_t padding, bool flip, SplitMix64 &rng)
{
    AugmentDraw d;
    d.offsetY.resize(batch, padding);
    d.offsetX.resize(batch, padding);
    d.flip.resize(batch, false);
    for (int64_t i = 0; i < batch; ++i) {
        if (padding > 0) {
            d.offsetY[i] = static_cast<int64_t>(rng.below(2 * padding + 1));
            d.offsetX[i] = static_cast<int64_t>(rng.below(2 * padding + 1));
        }
        if (flip)
            d.flip[i] = (rng.next() >> 63) != 0;
    }
    return d;
}

torch::Tensor augmentBatch(const torch::Tensor &x, int64_t padding, const AugmentDraw &draw)
{
    const int64_t b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    const auto cpu = torch::TensorOptions().dtype(torch::kInt64);
    const auto dev = torch::TensorOptions().dtype(torch::kInt64).device(x.device());
    auto oy = torch::from_blob(const_cast<int64_t *>(draw.offsetY.data()), { b, 1 }, cpu)
                  .to(x.device());
    auto ox = torch::from_blob(const_cast<int64_t *>(draw.offsetX.data()), { b, 1 }, cpu)
                  .to(x.device());
    std::vector<uint8_t> flipBytes(draw.flip.begin(), draw.flip.end());
    auto flips = torch::from_blob(flipBytes.data(), { b, 1 }, torch::kUInt8)
                     .to(x.device())
                     .to(torch::kBool);

    const auto rows = oy + torch::arange(h, dev).view({ 1, h });
    const auto ascending = torch::arange(w, dev).view({ 1, w });
    const auto cols = ox + torch::where(flips, (w - 1) - ascending, ascending);
    const auto padded
        = padding > 0 ? torch::constant_pad_nd(x, { padding, padding, padding, padding }, 0) : x;
    const auto byRows
        = padded.gather(2, rows.view({ b, 1, h, 1 }).expand({ b, c, h, padded.size(3) }));
    return byRows.gather(3, cols.view({ b, 1, 1, w }).expand({ b, c, h, w }));
}

} // namespace engine

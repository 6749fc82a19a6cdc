#include "engine/data/augment.h"

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

DeviceAugmentDraw DeviceAugmentDraw::upload(const AugmentDraw &draw, torch::Device device)
{
    const int64_t b = static_cast<int64_t>(draw.offsetY.size());
    const auto cpu = torch::TensorOptions().dtype(torch::kInt64);
    std::vector<uint8_t> flipBytes(draw.flip.begin(), draw.flip.end());
    DeviceAugmentDraw d;
    d.offsetY = torch::from_blob(const_cast<int64_t *>(draw.offsetY.data()), { b, 1 }, cpu)
                    .to(device, /*non_blocking=*/false, /*copy=*/true);
    d.offsetX = torch::from_blob(const_cast<int64_t *>(draw.offsetX.data()), { b, 1 }, cpu)
                    .to(device, false, true);
    d.flip = torch::from_blob(flipBytes.data(), { b, 1 }, torch::kUInt8)
                 .to(device, false, true)
                 .to(torch::kBool);
    return d;
}

DeviceAugmentDraw DeviceAugmentDraw::slice(int64_t start, int64_t end) const
{
    return { offsetY.slice(0, start, end), offsetX.slice(0, start, end),
             flip.slice(0, start, end) };
}

AugmentDraw sliceDraw(const AugmentDraw &draw, int64_t start, int64_t end)
{
    AugmentDraw d;
    d.offsetY.assign(draw.offsetY.begin() + start, draw.offsetY.begin() + end);
    d.offsetX.assign(draw.offsetX.begin() + start, draw.offsetX.begin() + end);
    d.flip.assign(draw.flip.begin() + start, draw.flip.begin() + end);
    return d;
}

torch::Tensor augmentBatch(const torch::Tensor &x, int64_t padding, const AugmentDraw &draw)
{
    return augmentBatch(x, padding, DeviceAugmentDraw::upload(draw, x.device()));
}

torch::Tensor augmentBatch(const torch::Tensor &x, int64_t padding, const DeviceAugmentDraw &draw)
{
    const int64_t b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    const auto dev = torch::TensorOptions().dtype(torch::kInt64).device(x.device());
    const auto rows = draw.offsetY + torch::arange(h, dev).view({ 1, h });
    const auto ascending = torch::arange(w, dev).view({ 1, w });
    const auto cols = draw.offsetX + torch::where(draw.flip, (w - 1) - ascending, ascending);
    const auto padded
        = padding > 0 ? torch::constant_pad_nd(x, { padding, padding, padding, padding }, 0) : x;
    const auto byRows
        = padded.gather(2, rows.view({ b, 1, h, 1 }).expand({ b, c, h, padded.size(3) }));
    return byRows.gather(3, cols.view({ b, 1, 1, w }).expand({ b, c, h, w }));
}

} // namespace engine

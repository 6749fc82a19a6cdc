#pragma once

#include <array>
#include <cstdint>
#include <torch/types.h>
#include <vector>

namespace engine {

/// Per-image quality measurements, after CleanVision's checks but defined so that each is
/// independent of the others' causes (a darkened image is not "blurry"): every score is in [0, 1],
/// higher meaning more of the issue, and flags are score ≥ threshold.
struct ImageQuality
{
    torch::Tensor dark; ///< 1 − 99th percentile of luma: nothing in the image is bright
    torch::Tensor light; ///< 1st percentile of luma: nothing in the image is dark
    /// 1 − min(1, mean|∇²Y| / (2·mean|∇Y|)): the Laplacian's share of the gradient energy, which a
    /// blur removes and a brightness scaling does not change (0 for an image without gradients)
    torch::Tensor blurry;
    /// Immerkær's noise estimate σ = √(π/2)·mean|Y∗M|/6 (M the 3×3 mask that annihilates planes),
    /// in grey levels, divided by 64 and clipped to 1
    torch::Tensor noisy;
    torch::Tensor lowInformation; ///< 1 − (entropy of the 256-bin grey histogram) / 8 bits
    std::vector<uint64_t> exactHash; ///< FNV-1a of the pixels: equal for exact copies
    /// 64-bit DCT hash of the 32×32 luma (bits: the 63 lowest AC coefficients above their
    /// median): a one-pixel shift or a brightness offset moves it by a few bits at most
    std::vector<uint64_t> perceptualHash;
    /// The same hash of the image moved one pixel right, left, down and up (edges repeated): a
    /// copy shifted by a pixel matches one of them even where the shift flips many bits.
    std::vector<std::array<uint64_t, 4>> shiftedHashes;
};

/// Measures uint8 N×C×H×W images (C = 1 or 3; luma 0.299 R + 0.587 G + 0.114 B).
ImageQuality measureImageQuality(const torch::Tensor &imagesU8);

/// For each image, the smallest Hamming distance of its perceptual hash (or of one of its shifted
/// hashes) to another image's that is not an exact copy of it (64 when there is none), and that
/// nearest image's index (−1).
struct NearestHash
{
    std::vector<int> distance;
    std::vector<int64_t> nearest;
};
NearestHash nearestPerceptualHash(const ImageQuality &quality);

} // namespace engine

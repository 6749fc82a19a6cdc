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

/// Near copies: for each image, the other image (not an exact copy of it) that it matches best
/// once a one-pixel shift and a brightness offset are undone. Candidates are the images whose
/// perceptual hash, or one of the shifted hashes, lies within maxHashDistance bits (found through
/// an index on five 13-bit bands of the hash: certainly when that distance is at most 4, often
/// beyond); each candidate
/// is compared pixel by pixel: the mean absolute difference over the overlap, after subtracting
/// each image's mean there, minimised over the nine shifts of at most one pixel, in [0, 1] of
/// the grey range. Pixel comparison is what keeps similar-looking but different items (two plain
/// T-shirts) apart: their hashes are close, their pixels are not.
struct NearestHash
{
    std::vector<int> distance; ///< Hamming distance to the chosen candidate (64: none)
    std::vector<int64_t> nearest; ///< its index, −1 when there is no candidate
    /// the aligned pixel difference to it; differences of 0.1 and more are not measured
    /// exactly (they read 0.1, or 1 when there is no candidate at all)
    std::vector<float> difference;
};
NearestHash findNearDuplicates(const torch::Tensor &imagesU8, const ImageQuality &quality,
                               int maxHashDistance = 7);

} // namespace engine

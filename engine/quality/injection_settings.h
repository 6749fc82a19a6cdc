#pragma once

// What a spec says to inject, without torch: the spec, the form and the CLI read these.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace engine {

/// How injected label noise picks the wrong label: uniformly among the other classes, or the
/// fixed pair flip c → (c + 1) mod K of the noisy-label literature.
enum class LabelNoise { Symmetric, ClassPairs };

/// "symmetric" or "pairs", as dataset.inject.label_mode writes them.
std::string_view labelNoiseName(LabelNoise mode);
std::optional<LabelNoise> parseLabelNoise(std::string_view name);

/// Image corruptions of the quality-flag benchmark: darken (x·0.15), brighten (0.15·x + 0.85·255),
/// Gaussian blur (σ 1.5 pixels), Gaussian noise (σ 60 grey levels, clamped), an exact copy of
/// another image, and near copies of another image (shifted by one pixel, or brightened by 5).
enum class Corruption {
    Darken,
    Brighten,
    Blur,
    Noise,
    Duplicate,
    ShiftedDuplicate,
    BrightDuplicate
};

std::string_view corruptionName(Corruption c);
std::optional<Corruption> parseCorruption(std::string_view name);
std::vector<Corruption> allCorruptions();

/// Noise injected into the training split (dataset.inject in a spec), seeded so that the same
/// spec always corrupts the same samples. The test split is never touched.
struct InjectionSpec
{
    double labelNoise = 0; ///< share of training labels changed
    LabelNoise labelMode = LabelNoise::Symmetric;
    double corruptEach = 0; ///< share of training images per corruption kind
    std::vector<Corruption> corruptions; ///< empty with corruptEach > 0 = every kind
    int64_t seed = 0;

    bool any() const { return labelNoise > 0 || corruptEach > 0; }
    std::vector<Corruption> kinds() const
    {
        return corruptions.empty() ? allCorruptions() : corruptions;
    }
    bool operator==(const InjectionSpec &) const = default;
};

} // namespace engine

#include "engine/quality/injection_settings.h"

#include "engine/core/enum_names.h"

namespace engine {

namespace {

constexpr EnumNames<LabelNoise, 2> kLabelNoiseNames { {
    { LabelNoise::Symmetric, "symmetric" },
    { LabelNoise::ClassPairs, "pairs" },
} };

constexpr EnumNames<Corruption, 7> kCorruptionNames { {
    { Corruption::Darken, "darken" },
    { Corruption::Brighten, "brighten" },
    { Corruption::Blur, "blur" },
    { Corruption::Noise, "noise" },
    { Corruption::Duplicate, "duplicate" },
    { Corruption::ShiftedDuplicate, "shifted_duplicate" },
    { Corruption::BrightDuplicate, "bright_duplicate" },
} };

} // namespace

std::string_view corruptionName(Corruption c)
{
    return enumName(kCorruptionNames, c);
}

std::vector<Corruption> allCorruptions()
{
    std::vector<Corruption> all;
    for (const auto &[c, name] : kCorruptionNames)
        all.push_back(c);
    return all;
}

std::optional<Corruption> parseCorruption(std::string_view name)
{
    return parseEnum(kCorruptionNames, name);
}

std::string_view labelNoiseName(LabelNoise mode)
{
    return enumName(kLabelNoiseNames, mode);
}

std::optional<LabelNoise> parseLabelNoise(std::string_view name)
{
    return parseEnum(kLabelNoiseNames, name);
}

} // namespace engine

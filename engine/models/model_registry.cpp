#include "engine/models/model_registry.h"

#include "engine/models/resnet_layout.h"

#include <charconv>
#include <cmath>

namespace engine {

namespace {

std::optional<double> parsePositive(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !(value > 0)
        || !std::isfinite(value))
        return std::nullopt;
    return value;
}

/// Splits "resnet8x4" into base "resnet8" and width 4.
std::optional<std::pair<std::string_view, double>> splitWidth(std::string_view name)
{
    const auto x = name.rfind('x');
    if (x == std::string_view::npos || x + 1 >= name.size()
        || !(std::isdigit(static_cast<unsigned char>(name[x + 1]))))
        return std::pair { name, 1.0 };
    const auto width = parsePositive(name.substr(x + 1));
    if (!width || *width > 16)
        return std::nullopt;
    return std::pair { name.substr(0, x), *width };
}

} // namespace

std::optional<ModelName> parseModelName(std::string_view name)
{
    const auto split = splitWidth(name);
    if (!split)
        return std::nullopt;
    const auto [base, width] = *split;
    if (base == "smallcnn")
        return ModelName { "smallcnn", 0, width };
    if (base.starts_with("resnet")) {
        const std::string_view digits = base.substr(6);
        int64_t depth = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), depth);
        if (ec != std::errc() || end != digits.data() + digits.size())
            return std::nullopt;
        // 18 and 34 are not 6n + 2, so they cannot mean a CIFAR-style depth.
        if (depth == 18 || depth == 34)
            return ModelName { "image-resnet", depth, width };
        if (depth < 8 || depth > 1202 || (depth - 2) % 6 != 0)
            return std::nullopt;
        return ModelName { "resnet", depth, width };
    }
    return std::nullopt;
}

std::string modelNameHelp()
{
    return "smallcnn[xW] (28×28 inputs), resnet{8,14,20,32,44,56,110}[xW] (CIFAR-style, any "
           "depth 6n+2), resnet18[xW] and resnet34[xW] (ImageNet-style, small-image stem); W is a "
           "width multiplier in (0, 16], e.g. smallcnnx0.5, resnet8x4";
}

std::optional<std::string> checkModelInput(std::string_view name, InputShape input)
{
    const auto parsed = parseModelName(name);
    if (!parsed)
        return "unknown model '" + std::string(name) + "'; known: " + modelNameHelp();
    if (parsed->family == "smallcnn" && (input.height < 4 || input.width < 4))
        return "smallcnn needs images of at least 4×4 pixels, the dataset has "
            + std::to_string(input.height) + "×" + std::to_string(input.width);
    if (parsed->family != "smallcnn" && (input.height < 8 || input.width < 8))
        return "resnet needs images of at least 8×8 pixels, the dataset has "
            + std::to_string(input.height) + "×" + std::to_string(input.width);
    return std::nullopt;
}

int64_t parameterCount(std::string_view name, InputShape input, int64_t numClasses)
{
    const auto parsed = parseModelName(name);
    if (!parsed)
        return 0;
    auto scaled = [w = parsed->width](int64_t base) {
        return std::max<int64_t>(1, std::llround(base * w));
    };
    auto conv = [](int64_t in, int64_t out, int64_t k) {
        return in * out * k * k;
    };
    if (parsed->family == "smallcnn") {
        const int64_t c1 = scaled(32), c2 = scaled(64), hidden = scaled(128);
        return conv(input.channels, c1, 3) + 2 * c1 + conv(c1, c2, 3) + 2 * c2
            + (c2 * (input.height / 4) * (input.width / 4) + 1) * hidden
            + (hidden + 1) * numClasses;
    }
    const ResNetLayout layout = parsed->family == "image-resnet"
        ? imageResNetLayout(parsed->depth, parsed->width)
        : cifarResNetLayout(parsed->depth, parsed->width);
    return resNetParameterCount(layout, input.channels, numClasses);
}

double forwardFlops(std::string_view name, InputShape input, int64_t numClasses)
{
    const auto parsed = parseModelName(name);
    if (!parsed)
        return 0;
    if (parsed->family == "smallcnn") {
        const int64_t c1 = scaledChannels(32, parsed->width),
                      c2 = scaledChannels(64, parsed->width),
                      hidden = scaledChannels(128, parsed->width);
        const double pixels = double(input.height * input.width);
        const double pooled = double((input.height / 2) * (input.width / 2));
        const double flat = double(c2 * (input.height / 4) * (input.width / 4));
        return 2.0
            * (double(input.channels * c1 * 9) * pixels + double(c1 * c2 * 9) * pooled
               + flat * double(hidden) + double(hidden * numClasses));
    }
    const ResNetLayout layout = parsed->family == "image-resnet"
        ? imageResNetLayout(parsed->depth, parsed->width)
        : cifarResNetLayout(parsed->depth, parsed->width);
    return 2.0 * resNetMultiplyAdds(layout, input.channels, input.height, input.width, numClasses);
}

} // namespace engine

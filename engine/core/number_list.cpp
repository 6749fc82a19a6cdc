#include "engine/core/number_list.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace engine {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

/// Rounds away the binary noise of a + k·step (0.30000000000000004 → 0.3).
double tidy(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.12g", v);
    return std::strtod(text, nullptr);
}

} // namespace

std::string formatNumber(double value)
{
    char text[32];
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
        std::snprintf(text, sizeof text, "%.0f", value);
        return text;
    }
    const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    return ec == std::errc() ? std::string(text, end) : std::to_string(value);
}

std::variant<std::vector<double>, std::string> parseNumberList(std::string_view text)
{
    std::vector<std::string_view> items;
    for (size_t start = 0;;) {
        const size_t comma = text.find(',', start);
        items.push_back(trim(text.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    if (items.size() == 1 && items[0].empty())
        return std::string("the list is empty");
    std::vector<double> values;
    for (size_t i = 0; i < items.size(); ++i) {
        const std::string_view item = items[i];
        if (item == "..." || item == "…") {
            if (values.size() < 2 || i + 1 >= items.size() || items[i - 1] == "...")
                return std::string(
                    "\"...\" needs two values before it and one after, as in 0.1, 0.2, ..., 1.0");
            continue;
        }
        if (item.empty())
            return "item " + std::to_string(i + 1) + " is empty";
        double value = 0;
        const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
        if (ec != std::errc() || end != item.data() + item.size() || !std::isfinite(value))
            return "'" + std::string(item) + "' is not a finite number";
        if (i >= 1 && (items[i - 1] == "..." || items[i - 1] == "…")) {
            const double a = values[values.size() - 2], b = values.back();
            const double step = b - a;
            if (step == 0)
                return std::string("the two values before \"...\" are equal, so there is no step");
            const double count = (value - b) / step;
            const long long n = std::llround(count);
            if (n < 1 || std::fabs(count - double(n)) > 1e-6)
                return formatNumber(value) + " is not reached from " + formatNumber(b)
                    + " in steps of " + formatNumber(tidy(step));
            if (n > 100000)
                return "the range expands to more than 100000 values";
            for (long long k = 1; k <= n; ++k)
                values.push_back(tidy(b + double(k) * step));
            continue;
        }
        values.push_back(value);
    }
    return values;
}

std::string groupThousands(int64_t value)
{
    const std::string digits = std::to_string(value < 0 ? -value : value);
    std::string out = value < 0 ? "-" : "";
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

} // namespace engine

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace engine {

/// Parses "0.1, 0.2, 0.5" and ellipsis ranges "0.1, 0.2, ..., 1.0" (the step is the difference of
/// the two values before "...", and the last value must be reached exactly). Returns the values or
/// a message saying what is wrong.
std::variant<std::vector<double>, std::string> parseNumberList(std::string_view text);

/// The shortest text that reads back as the same double ("0.02", "4", "1e-05").
std::string formatNumber(double value);

/// "60,000": digits grouped by three with commas.
std::string groupThousands(int64_t value);

} // namespace engine

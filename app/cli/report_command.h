#pragma once

#include <string>

namespace cli {

struct ReportOptions
{
    std::string store;
    std::string output; ///< .html
};

/// `prunescope-cli report WS.db -o report.html`. Exit codes: 0, 2 for a missing or unreadable
/// store or an output that would replace an input.
int reportCommand(const ReportOptions &options);

} // namespace cli

#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace storage {
class Store;
}

namespace cli {

struct ResultsOptions
{
    std::string store;
    std::string format = "table"; ///< table, csv, json
    std::string view = "all"; ///< all, runs, groups, teachers, compare
    std::optional<std::string> experiment;
};

/// `prunescope-cli results DB`. Exit codes: 0, or 2 for a missing or unreadable store / bad option.
int resultsCommand(const ResultsOptions &options);

/// The group table (mean ± std over seeds) and the paired comparisons of the runs of these
/// experiments, as `run` prints them at the end.
void printExperimentResults(storage::Store &store, const std::vector<int64_t> &experimentIds,
                            std::ostream &out);

} // namespace cli

#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

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

/// The group table (mean ± std over seeds) of one experiment, as `run` prints it at the end.
void printExperimentResults(storage::Store &store, int64_t experimentId, std::ostream &out);

} // namespace cli

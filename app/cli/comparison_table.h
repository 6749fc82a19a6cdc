#pragma once

// The paired comparisons of `results --view compare` and of the end of `run`.

#include "app/cli/text_table.h"
#include "storage/comparisons.h"

#include <nlohmann/json_fwd.hpp>
#include <vector>

namespace cli {

/// csv: full precision and empty cells for what is missing; otherwise rounded for people.
TextTable comparisonTable(const std::vector<storage::Comparison> &comparisons, bool csv);
nlohmann::json comparisonsJson(const std::vector<storage::Comparison> &comparisons);

/// The best α per kept fraction (chosen on validation, reported on test).
TextTable bestAlphaTable(const std::vector<storage::BestAlpha> &rows, bool csv);
nlohmann::json bestAlphasJson(const std::vector<storage::BestAlpha> &rows);

} // namespace cli

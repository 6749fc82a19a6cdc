#pragma once

// `results --view compute`: what each group's result cost (teacher, scores, student) beside its
// accuracy, with the Pareto front of accuracy against total compute marked.

#include "app/cli/text_table.h"
#include "storage/compute.h"

#include <iosfwd>
#include <nlohmann/json_fwd.hpp>
#include <vector>

namespace cli {

/// Every group with FLOPs (amortised and standalone) and seconds; csv: full precision, empty cells
/// for what is unknown.
TextTable computeTable(const std::vector<storage::ComputeRow> &amortised,
                       const std::vector<storage::ComputeRow> &standalone,
                       const std::vector<storage::ComputeRow> &seconds, bool csv);
nlohmann::json computeJson(const std::vector<storage::ComputeRow> &amortised,
                           const std::vector<storage::ComputeRow> &standalone,
                           const std::vector<storage::ComputeRow> &seconds);
/// The table with its heading and the note on how shared work is charged.
void printCompute(const std::vector<storage::ComputeRow> &amortised,
                  const std::vector<storage::ComputeRow> &standalone,
                  const std::vector<storage::ComputeRow> &seconds, std::ostream &out);

} // namespace cli

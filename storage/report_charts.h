#pragma once

// The report's two charts as SVG text, and the curve label they and its tables share.

#include "storage/compute.h"
#include "storage/results.h"

#include <string>
#include <vector>

namespace storage {

/// "el2n (balanced) · KD α 0.5, τ 4, teacher resnet20" or "random · no KD".
std::string curveLabel(const GroupSummary &g);

/// Test accuracy (mean ± std) against kept fraction, one curve per setting, for one dataset and
/// student; log x when the fractions span 20× or more.
std::string accuracyChart(const std::vector<GroupSummary> &groups, const std::string &dataset,
                          const std::string &student);

/// Test accuracy against total FLOPs (amortised) for one dataset, with the Pareto front.
std::string computeChart(const std::vector<ComputeRow> &rows, const std::string &dataset);

} // namespace storage

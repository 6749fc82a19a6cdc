#pragma once

// From a spec to its runs: fractions × α × seeds, α(f), kept counts, and the names runs are shown
// by.

#include "engine/experiment/spec.h"

#include <string>
#include <vector>

namespace engine {

/// Expands methods × fractions × α × seeds into runs, resolving dataset-dependent defaults.
/// Problems that need the dataset (a fraction keeping no sample, a model that cannot take the
/// images) are appended to problems.
std::vector<RunConfig> expandRuns(const ExperimentSpec &spec, const DatasetInfo &dataset,
                                  std::vector<Problem> &problems);

/// The method as results list it: "el2n", or "el2n easiest" when the direction is not the
/// method's default.
std::string methodLabel(const RunConfig &run);
/// "random · f=0.02 · α=0.5 · τ=4 · seed 1".
std::string runDisplayName(const RunConfig &run);

/// α(f) of a schedule: piecewise linear in log f between its points (sorted by fraction),
/// constant beyond the first and last point.
double scheduledAlpha(const std::vector<AlphaPoint> &schedule, double fraction);

/// The α values fraction f runs with: the fixed list and the scheduled value, ascending, distinct.
std::vector<double> alphasFor(const ExperimentSpec &spec, double fraction);

/// Whether any run of the spec distils (needs a teacher).
bool needsTeacher(const ExperimentSpec &spec);

/// Kept count for fraction f of n samples: round(f·n).
int64_t keptCountFor(double fraction, int64_t n);

} // namespace engine

#pragma once

// What each result cost: the student's training, the teacher it distils from and the pruning
// score it selects on, in nominal FLOPs (engine/train/compute_cost.h) and in wall seconds. The
// teacher and a score are computed once and shared; `Charging` says how a run pays for them.

#include "storage/results.h"

#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace storage {

class Store;

enum class Measure { Flops, Seconds };
/// Amortised: a shared teacher or score is divided equally among the finished runs of the
/// workspace that use it (what the sweep cost per result). Standalone: each run pays for its
/// teacher and score in full (what one such result costs on its own).
enum class Charging { Amortised, Standalone };

std::string_view measureName(Measure m); ///< "flops", "seconds"
std::string_view chargingName(Charging c); ///< "amortised", "standalone"

/// "4.89 TFLOP", "812 GFLOP" (three significant figures); "—" for NaN.
std::string flopsText(double flops);

struct PhaseCost
{
    double flops = NAN; ///< NaN when unknown (stored before FLOPs were counted, imported)
    double seconds = NAN;
    double get(Measure m) const { return m == Measure::Flops ? flops : seconds; }
};

/// One finished run's costs; teacher and scores are the whole shared artifact's.
struct RunCost
{
    PhaseCost student;
    PhaseCost teacher; ///< zero without a teacher
    PhaseCost scores; ///< zero for random pruning and subsets
    int64_t teacherUsers = 0; ///< finished runs distilling from the same teacher (0: none)
    int64_t scoreUsers = 0; ///< finished runs selecting on the same score (0: none)

    /// The teacher's and the score's part under a charging rule.
    double teacherPart(Measure m, Charging c) const;
    double scorePart(Measure m, Charging c) const;
    /// Student + teacher + scores; NaN when any part is unknown.
    double total(Measure m, Charging c) const;
};

/// Every finished run's costs by run id, read from the workspace.
std::map<int64_t, RunCost> runCosts(Store &store);

/// One group's (one setting at one kept fraction) mean cost over its runs, by part.
struct GroupCost
{
    double student = NAN, teacher = NAN, scores = NAN;
    double total = NAN; ///< NaN when a run's cost is unknown
    int64_t unknown = 0; ///< runs whose cost is unknown
};
GroupCost groupCost(const GroupSummary &group, const std::map<int64_t, RunCost> &costs, Measure m,
                    Charging c);
/// The same over any runs (the points of a chart curve).
GroupCost costOfRuns(const std::vector<int64_t> &runIds, const std::map<int64_t, RunCost> &costs,
                     Measure m, Charging c);

/// Which points are on the Pareto front of accuracy against cost: no other point is at most as
/// costly and strictly more accurate. Ties in cost keep the more accurate; points with a NaN
/// cost or accuracy are never on it.
std::vector<bool> paretoFront(const std::vector<double> &cost, const std::vector<double> &accuracy);

/// A group with its cost, and whether it is on its dataset's Pareto front of accuracy against
/// total cost. The front is chosen on mean validation accuracy when every group of the dataset
/// has one (on test otherwise, and `frontOnTest` says so), like every other "best".
struct ComputeRow
{
    GroupSummary group;
    GroupCost cost;
    bool onFront = false;
    bool frontOnTest = false;
};
std::vector<ComputeRow> computeRows(const std::vector<GroupSummary> &groups,
                                    const std::map<int64_t, RunCost> &costs, Measure m, Charging c);

} // namespace storage

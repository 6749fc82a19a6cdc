#pragma once

// The comparisons results are read for, each paired by seed: a KD weight against α = 0, a
// pruning method against random pruning, one teacher against another, at the same kept fraction
// and otherwise the same setting.

#include "engine/core/statistics.h"
#include "storage/results.h"

#include <string>
#include <vector>

namespace storage {

/// KdSubsetVsFullData: a kept fraction below 1 with KD against the whole training split without.
enum class ComparisonKind { KdVsNoKd, MethodVsRandom, TeacherVsTeacher, KdSubsetVsFullData };
std::string_view comparisonKindName(ComparisonKind kind); ///< "kd-vs-no-kd", …

struct Comparison
{
    ComparisonKind kind;
    GroupSummary a; ///< the treatment (KD, the method, the first teacher)
    GroupSummary b; ///< what it is compared against (α = 0, random, the other teacher)
    /// a − b per seed over the seeds both groups ran (test accuracy, as a fraction).
    engine::PairedDifference paired;
    /// The same on validation accuracy, where every paired run has one (n = 0 otherwise).
    engine::PairedDifference pairedValidation;
};

/// Every comparison the groups allow, ordered by kind, then as the groups are. Groups are
/// matched on their whole identity except what is compared (runs stored before validation
/// splits still compare among themselves).
std::vector<Comparison> pairedComparisons(const std::vector<GroupSummary> &groups);

/// "α = 0.5, τ = 4, teacher resnet20", "el2n", "teacher resnet56 (α = 0.5)": what a side is.
std::string sideLabel(const Comparison &c, bool treatment);

} // namespace storage

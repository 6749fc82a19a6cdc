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

/// a − b over the seeds both sides ran (a[i] pairs with b[j] where seedsA[i] == seedsB[j]).
engine::PairedDifference pairedBySeed(const std::vector<int64_t> &seedsA,
                                      const std::vector<double> &a,
                                      const std::vector<int64_t> &seedsB,
                                      const std::vector<double> &b);

/// Every comparison the groups allow, ordered by kind, then as the groups are. Groups are
/// matched on their whole identity except what is compared (runs stored before validation
/// splits still compare among themselves).
std::vector<Comparison> pairedComparisons(const std::vector<GroupSummary> &groups);

/// The best KD weight of one kept fraction in one setting (method, recipe, teacher, τ): the α
/// whose mean validation accuracy is highest, with the test accuracy it reaches. Where a group of
/// the fraction has runs without validation accuracy the choice falls back to test, and says so.
struct BestAlpha
{
    GroupSummary best; ///< ties: the smallest α
    std::vector<double> tied; ///< every α with the top mean
    double fraction = 0;
    int candidates = 0; ///< α values compared
    bool chosenOnTest = false;
};
/// One row per (setting, teacher, τ, kept fraction) with at least two α values (α = 0 counts
/// whatever the teacher).
std::vector<BestAlpha> bestAlphas(const std::vector<GroupSummary> &groups);

/// "α = 0.5, τ = 4, teacher resnet20", "el2n", "teacher resnet56 (α = 0.5)": what a side is.
std::string sideLabel(const Comparison &c, bool treatment);

} // namespace storage

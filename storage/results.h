#pragma once

#include "storage/run_row.h"

#include <compare>
#include <vector>

namespace storage {

/// Mean and sample standard deviation (n − 1 in the denominator; NaN for fewer than two values).
struct MeanStd
{
    double mean = 0;
    double std = 0;
    int64_t n = 0;
};
MeanStd meanStd(const std::vector<double> &values);

/// Runs that differ only in their seed form one group.
struct GroupKey
{
    std::string dataset;
    std::string studentModel;
    std::string method;
    bool classBalanced = false;
    double fraction = 0;
    double alpha = 0;
    std::string teacherModel; ///< empty without distillation
    double tau = 0; ///< 0 when α = 0 (τ has no effect there)
    std::string groupKey; ///< the full identity without the seed: recipes, teacher, dataset

    auto operator<=>(const GroupKey &) const = default;
};

struct GroupSummary
{
    GroupKey key;
    std::string curveKey; ///< shared by the groups of one chart curve (all but the kept fraction)
    std::string baseKey; ///< shared by the curves of one setting that differ in distillation only
    /// The identity without the seed and the pruning method (and its settings): groups that
    /// differ in method only share it. Empty when the stored config cannot be read.
    std::string methodFreeKey;
    /// The identity without the seed and the teacher: groups that differ in teacher only.
    std::string teacherFreeKey;
    std::string configJson; ///< its first run's stored config: what names the group's recipe
    int64_t keptCount = 0;
    MeanStd accuracy; ///< test accuracy as a fraction
    double minAccuracy = 0;
    double maxAccuracy = 0;
    std::vector<int64_t> seeds; ///< ascending
    std::vector<double> accuracies; ///< in the order of seeds
    std::vector<int64_t> runIds;
    /// Validation accuracy over the runs that have one (trained with a validation split).
    MeanStd validation;
    std::vector<double> validationAccuracies; ///< in the order of seeds; NaN where a run has none

    /// Every run has a validation accuracy: choices among groups can be made on validation.
    bool validated() const { return accuracy.n > 0 && validation.n == accuracy.n; }
};

/// Groups the finished runs (status done with an accuracy) by their whole identity except the seed
/// (so runs of other recipes, teachers or datasets never share a group), ordered by dataset,
/// student, method, fraction, α, teacher and τ.
std::vector<GroupSummary> summariseGroups(const std::vector<RunRow> &runs);

} // namespace storage

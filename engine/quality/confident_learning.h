#pragma once

#include <torch/types.h>
#include <vector>

namespace engine {

/// Label-issue scores from out-of-sample class probabilities (Northcutt et al.'s confident
/// learning): per-class thresholds t_k = the mean of p(k|x) over the samples labelled k; among
/// the classes whose probability reaches their own threshold (p_j ≥ t_j), the most probable one
/// is the sample's confident class, and the sample is a likely label error when that class is not
/// its given label (the confident joint's off-diagonal). That class is the suggested label.
struct LabelIssues
{
    std::vector<double> thresholds; ///< t_k per class (NaN for a class no sample carries)
    torch::Tensor selfConfidence; ///< p_y, in [0, 1]; low = suspect
    torch::Tensor normalizedMargin; ///< (p_y − max_{j≠y} p_j + 1) / 2, in [0, 1]; low = suspect
    torch::Tensor likelyError; ///< bool
    torch::Tensor suggested; ///< int64 suggested label (= the given one where no error)
};

/// probabilities: N×K rows summing to 1 (out-of-sample); labels: int64 N in [0, K). Throws
/// std::invalid_argument on mismatched shapes or labels out of range.
LabelIssues findLabelIssues(const torch::Tensor &probabilities, const torch::Tensor &labels);

} // namespace engine

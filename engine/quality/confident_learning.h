#pragma once

#include "engine/quality/label_filter.h"

#include <torch/types.h>
#include <vector>

namespace engine {

/// How the label-issue flag chooses and ranks (see label_filter.h).
struct LabelIssueOptions
{
    /// Measured on Fashion-MNIST with injected noise (README, "Label issues"): it keeps the
    /// precision that prune by noise rate loses under symmetric noise.
    LabelFilter filter = LabelFilter::LowestQuality;
    LabelRanking ranking = LabelRanking::NoisePosterior;
    /// The share w of the teacher in the probabilities confident learning reads:
    /// (1 − w) · out of sample + w · the teacher's (in-sample: it trained on these labels).
    /// Ignored without a teacher.
    double teacherWeight = 0;
};

/// Label issues from out-of-sample class probabilities (Northcutt et al.'s confident learning):
/// the confident joint of given × likely true classes, calibrated to the given labels' counts,
/// and the samples the chosen filter picks from it (by default, per off-diagonal cell, its
/// estimated count of the samples with the largest margin for that cell's class).
struct LabelIssues
{
    LabelIssueOptions options;
    /// float N×K, what the filter read: the out-of-sample probabilities, or their blend with the
    /// teacher's when options.teacherWeight > 0 and a teacher was there
    torch::Tensor probabilities;
    bool teacherBlended = false;
    ConfidentJoint joint;
    std::vector<double> thresholds; ///< t_k per class (2 for a class no sample carries)
    torch::Tensor selfConfidence; ///< p_y, in [0, 1]; low = suspect
    torch::Tensor normalizedMargin; ///< (p_y − max_{j≠y} p_j + 1) / 2, in [0, 1]; low = suspect
    torch::Tensor quality; ///< float, the options' ranking score in [0, 1]; low = suspect
    torch::Tensor likelyError; ///< bool, picked by the filter
    torch::Tensor suggested; ///< int64 likely true label (= the given one where no error)
};

/// probabilities: N×K rows summing to 1 (out-of-sample); labels: int64 N in [0, K). Throws
/// std::invalid_argument on mismatched shapes or labels out of range.
LabelIssues findLabelIssues(const torch::Tensor &probabilities, const torch::Tensor &labels,
                            const LabelIssueOptions &options = {});

} // namespace engine

#include "engine/quality/confident_learning.h"

#include <stdexcept>
#include <torch/torch.h>

namespace engine {

LabelIssues findLabelIssues(const torch::Tensor &probabilities, const torch::Tensor &labels,
                            const LabelIssueOptions &options)
{
    if (probabilities.dim() != 2 || labels.dim() != 1 || probabilities.size(0) != labels.size(0))
        throw std::invalid_argument("findLabelIssues needs N×K probabilities and N labels");
    const int64_t n = probabilities.size(0), k = probabilities.size(1);
    const auto p = probabilities.to(torch::kCPU, torch::kDouble).contiguous();
    const auto y = labels.to(torch::kCPU, torch::kInt64).contiguous();
    const ClassProbabilities in { { p.data_ptr<double>(), size_t(n * k) },
                                  { y.data_ptr<int64_t>(), size_t(n) },
                                  k };
    LabelIssues r;
    r.options = options;
    r.probabilities = probabilities.to(torch::kCPU, torch::kFloat).contiguous();
    r.joint = confidentJoint(in);
    r.thresholds = r.joint.thresholds;
    auto tensorOf = [&](const std::vector<double> &v) {
        return torch::tensor(v, torch::kDouble).to(torch::kFloat);
    };
    // The ranking's quality once: the score, and the order LowestQuality picks by.
    const auto quality = labelQuality(in, options.ranking);
    r.quality = tensorOf(quality);
    r.selfConfidence = options.ranking == LabelRanking::SelfConfidence
        ? r.quality
        : tensorOf(labelQuality(in, LabelRanking::SelfConfidence));
    r.normalizedMargin = options.ranking == LabelRanking::NormalizedMargin
        ? r.quality
        : tensorOf(labelQuality(in, LabelRanking::NormalizedMargin));
    const auto picked = selectLabelIssues(in, r.joint, options.filter, quality);
    r.likelyError
        = torch::from_blob(const_cast<uint8_t *>(picked.flagged.data()), { n }, torch::kUInt8)
              .to(torch::kBool)
              .clone();
    r.suggested = torch::tensor(picked.suggested, torch::kInt64);
    return r;
}

} // namespace engine

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
    r.joint = confidentJoint(in);
    r.thresholds = r.joint.thresholds;
    auto tensorOf = [&](const std::vector<double> &v) {
        return torch::tensor(v, torch::kDouble).to(torch::kFloat);
    };
    r.selfConfidence = tensorOf(labelQuality(in, LabelRanking::SelfConfidence));
    r.normalizedMargin = tensorOf(labelQuality(in, LabelRanking::NormalizedMargin));
    r.quality = options.ranking == LabelRanking::SelfConfidence ? r.selfConfidence
        : options.ranking == LabelRanking::NormalizedMargin
        ? r.normalizedMargin
        : tensorOf(labelQuality(in, options.ranking));
    const auto picked = selectLabelIssues(in, r.joint, options.filter, options.ranking);
    r.likelyError
        = torch::from_blob(const_cast<uint8_t *>(picked.flagged.data()), { n }, torch::kUInt8)
              .to(torch::kBool)
              .clone();
    r.suggested = torch::tensor(picked.suggested, torch::kInt64);
    return r;
}

} // namespace engine

#include "engine/quality/confident_learning.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <torch/torch.h>

namespace engine {

LabelIssues findLabelIssues(const torch::Tensor &probabilities, const torch::Tensor &labels)
{
    if (probabilities.dim() != 2 || labels.dim() != 1 || probabilities.size(0) != labels.size(0))
        throw std::invalid_argument("findLabelIssues needs N×K probabilities and N labels");
    const int64_t k = probabilities.size(1);
    const auto p = probabilities.to(torch::kDouble);
    const auto y = labels.to(torch::kInt64);
    if (y.numel() > 0 && (y.min().item<int64_t>() < 0 || y.max().item<int64_t>() >= k))
        throw std::invalid_argument("findLabelIssues: a label is outside [0, K)");
    LabelIssues r;
    auto t = torch::full({ k }, std::numeric_limits<double>::quiet_NaN(), torch::kDouble);
    for (int64_t c = 0; c < k; ++c) {
        const auto mine = y.eq(c);
        if (mine.any().item<bool>())
            t[c] = p.select(1, c).masked_select(mine).mean();
    }
    r.thresholds.assign(t.data_ptr<double>(), t.data_ptr<double>() + k);
    const auto given = p.gather(1, y.unsqueeze(1)).squeeze(1);
    r.selfConfidence = given.to(torch::kFloat);
    const auto others = p.scatter(1, y.unsqueeze(1), -1.0);
    r.normalizedMargin = ((given - std::get<0>(others.max(1)) + 1) / 2).to(torch::kFloat);
    // Classes at or above their own threshold (a class without samples never qualifies).
    const auto reaches = p.ge(t.unsqueeze(0)) & t.isnan().logical_not().unsqueeze(0);
    const auto candidates = torch::where(reaches, p, torch::full_like(p, -1.0));
    const auto [best, bestClass] = candidates.max(1);
    r.suggested = torch::where(best.ge(0), bestClass, p.argmax(1));
    // An error when some other class reaches its threshold and is the best such class.
    r.likelyError = best.ge(0) & bestClass.ne(y);
    r.suggested = torch::where(r.likelyError, r.suggested, y);
    return r;
}

} // namespace engine

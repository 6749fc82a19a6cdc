#include "engine/distill/kd_loss.h"

#include <torch/torch.h>

namespace engine {

KdLoss kdLoss(const torch::Tensor &studentLogits, const torch::Tensor &teacherLogits,
              const torch::Tensor &labels, const KdSettings &s, double labelSmoothing)
{
    namespace F = torch::nn::functional;
    KdLoss loss;
    loss.ce = F::cross_entropy(studentLogits, labels,
                               F::CrossEntropyFuncOptions().label_smoothing(labelSmoothing));
    if (s.alpha <= 0.0) {
        loss.total = loss.ce;
        return loss;
    }
    const auto logPs = torch::log_softmax(studentLogits.to(torch::kFloat) / s.tau, 1);
    const auto logPt = torch::log_softmax(teacherLogits.to(torch::kFloat) / s.tau, 1);
    loss.kd = (logPt.exp() * (logPt - logPs)).sum(1).mean();
    const double scale = s.tauSquared ? s.tau * s.tau : 1.0;
    loss.total = (1.0 - s.alpha) * loss.ce + (s.alpha * scale) * loss.kd;
    return loss;
}

} // namespace engine

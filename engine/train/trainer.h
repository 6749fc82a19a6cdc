#pragma once

#include "engine/data/device_data.h"
#include "engine/distill/kd_loss.h"
#include "engine/distill/teacher_memo.h"
#include "engine/models/classifier.h"
#include "engine/train/budget.h"
#include "engine/train/progress.h"
#include "engine/train/train_recipe.h"

#include <functional>
#include <stop_token>

namespace engine {

/// The teacher's contribution to a KD step: logits precomputed for every training sample (when
/// the inputs are not augmented) or the frozen model run on each batch.
struct TeacherSignal
{
    Classifier *model = nullptr;
    torch::Tensor cachedLogits; ///< N_train × classes on the device, or undefined
    /// Logits of augmented views seen before (CPU); used when the batches are augmented and the
    /// memo's padding and flip match the recipe's.
    TeacherMemo *memo = nullptr;
};

struct TrainJob
{
    const DeviceData *data = nullptr;
    torch::Tensor
        indices; ///< int64 training-set indices to train on (the kept subset), on the device
    TrainRecipe recipe; ///< augmentation resolved
    uint64_t seed = 0; ///< batch order and augmentation
    KdSettings kd;
    TeacherSignal teacher;
    std::function<void(const StepEvent &)> onStep;
    std::function<void(const EvalMetrics &)> onEval;
    /// Each minibatch's indices, logits (before the update, detached) and labels: what
    /// training-dynamics scores (Forgetting, AUM, dynamic uncertainty) are made of.
    std::function<void(const torch::Tensor &indices, const torch::Tensor &logits,
                       const torch::Tensor &labels)>
        onBatch;
    /// After every step with the steps done; returning false ends training there (a proxy read
    /// at an early checkpoint does not train on).
    std::function<bool(int64_t stepsDone)> afterStep;
    std::stop_token stop;
};

struct TrainResult
{
    EvalMetrics final;
    int64_t steps = 0;
    int64_t samples = 0; ///< training images seen (each epoch's last batch may be smaller)
    double seconds = 0;
};

/// Trains model in place with SGD on the job's subset, evaluating on the test split at the
/// recipe's evaluation points. Throws Cancelled (checked before every step) when stop fires.
TrainResult train(Classifier &model, const TrainJob &job);

/// Images per forward pass when nothing is learned (evaluation, logits, scores): 128 on the CPU,
/// where larger batches fall out of the caches (a batch of 1,000 ran the small CNN at a third of
/// the speed), 1,000 on a GPU.
int64_t inferenceBatch(torch::Device device);

/// Mean cross-entropy and accuracy of model (in eval mode, no autograd) on images/labels.
std::pair<double, double> evaluate(Classifier &model, const torch::Tensor &imagesU8,
                                   const torch::Tensor &labels, const Normalizer &normalizer);

/// f(normalised images) for every image, 1,000 at a time, in inference mode with the model in
/// eval mode, concatenated.
torch::Tensor inferBatches(Classifier &model, const torch::Tensor &imagesU8,
                           const Normalizer &normalizer,
                           const std::function<torch::Tensor(const torch::Tensor &)> &f);

/// Logits of model for every image, in inference mode.
torch::Tensor predictLogits(Classifier &model, const torch::Tensor &imagesU8,
                            const Normalizer &normalizer);

} // namespace engine

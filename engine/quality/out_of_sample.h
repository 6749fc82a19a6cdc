#pragma once

#include "engine/quality/sample_quality.h"

#include <functional>
#include <stop_token>
#include <torch/types.h>

namespace engine {

struct Dataset;

/// Stratified K-fold assignment: within each class, a seeded shuffle dealt round-robin to the
/// folds, so every fold holds each class in proportion. Returns int64 N with values 0..K−1.
torch::Tensor stratifiedFolds(const torch::Tensor &labels, int64_t numClasses, int folds,
                              uint64_t seed);

/// Out-of-sample class probabilities for every training sample: K models of options.model, each
/// trained from its own seed on the other folds (no augmentation, one-cycle SGD), predicting the
/// held-out fold. onProgress(stage, share done). Throws Cancelled, ConfigError.
torch::Tensor
outOfSampleProbabilities(const Dataset &dataset, const OutOfSampleOptions &options,
                         const std::function<void(const std::string &, double)> &onProgress,
                         std::stop_token stop);

/// The out-of-sample probabilities of in.oos.repeats cross-validations (fold seeds seed + r), each
/// read from in.store when it is there, else trained and stored; their mean. fromStore: no repeat
/// was trained now. Throws ConfigError for repeats outside 1–10 or a seed outside [0, 9e15].
torch::Tensor outOfSampleEnsemble(const Dataset &data, const QualityInputs &in, bool &fromStore);

} // namespace engine

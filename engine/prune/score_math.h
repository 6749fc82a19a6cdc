#pragma once

#include "engine/data/device_data.h"
#include "engine/models/classifier.h"

#include <cstdint>
#include <string>
#include <torch/types.h>
#include <vector>

namespace engine {

/// ‖softmax(z) − onehot(y)‖₂ per row of logits z (N×C) and labels y (N).
torch::Tensor el2nOf(const torch::Tensor &logits, const torch::Tensor &labels);

/// Per-row uncertainty of softmax(z): "entropy" −Σ p log p, "margin" p₍₁₎ − p₍₂₎,
/// "least_confidence" 1 − max p.
torch::Tensor uncertaintyOf(const torch::Tensor &logits, const std::string &measure);

/// ‖∇_θ CE(model(x_i), y_i)‖₂ for each sample over every trainable parameter, one sample at a
/// time in eval mode (batch-norm running statistics), so samples do not interact.
torch::Tensor gradNormAll(Classifier &model, const torch::Tensor &inputs,
                          const torch::Tensor &labels);

/// The same over the last linear layer only, in closed form: logits = W·a + b with
/// a = model.features(x) gives ∇_W = (p − e_y)·aᵀ, ∇_b = p − e_y, so
/// the norm is ‖p − e_y‖₂·√(‖a‖² + 1).
torch::Tensor gradNormLast(Classifier &model, const torch::Tensor &inputs,
                           const torch::Tensor &labels);

/// What proxy training shows of each sample at each presentation (the training minibatch's
/// logits before the update): forgetting events, margins and p(given label) per epoch. Kept on
/// the training device and updated with a few batched tensor operations per step.
class TrainingDynamics
{
public:
    /// maxEpochs bounds the presentations of any one sample (the history's rows).
    TrainingDynamics(int64_t n, int64_t maxEpochs, torch::Device device);
    /// indices are distinct within one call (a minibatch of an epoch's permutation).
    void record(const torch::Tensor &indices, const torch::Tensor &logits,
                const torch::Tensor &labels);

    /// Presentations that every sample has had (complete epochs).
    int64_t completeEpochs() const;
    /// Correct → incorrect transitions; never-correct samples +inf or 0.
    torch::Tensor forgetting(bool neverLearnedInfinite) const;
    /// Mean over presentations of z_y − max_{j≠y} z_j.
    torch::Tensor aum() const;
    /// Mean over sliding windows of `window` complete epochs of the population std of p(y).
    torch::Tensor dynamicUncertainty(int64_t window) const;

private:
    torch::Tensor m_count, m_prevCorrect, m_everCorrect, m_forgets, m_marginSum, m_history;
};

/// Distance from each row of x (n×d) to the nearest of k centroids found by k-means (k-means++
/// initialisation drawn from seed, Lloyd iterations until no assignment changes, at most 100).
torch::Tensor kmeansDistance(const torch::Tensor &x, int64_t k, uint64_t seed);

/// Distance from each row of x to the component-wise median of the rows (the mean of the two
/// middle values for an even count, as NumPy's median).
torch::Tensor distanceToMedian(const torch::Tensor &x);

/// Herding order of the rows of x: at step t (from 1) the row minimising ‖t·μ − (S + x)‖,
/// S the sum of the rows picked before; lowest index on ties. Returns each row's position.
/// farthest: the row maximising ‖(t·μ − S) − x‖ instead, as DeepCore's Herding does.
std::vector<int64_t> herdingOrder(const torch::Tensor &x, bool farthest = false);

/// k-center greedy order of the rows of x from row `start`: each step picks the row farthest from
/// its nearest picked row (lowest index on ties). Returns each row's position.
std::vector<int64_t> kcenterOrder(const torch::Tensor &x, int64_t start);

/// Embeddings (model.features) of every image, in inference mode, batched.
torch::Tensor embeddingsOf(Classifier &model, const torch::Tensor &imagesU8,
                           const Normalizer &normalizer);

} // namespace engine

#pragma once

#include "engine/data/augment.h"
#include "engine/models/classifier.h"

#include <cstdint>
#include <mutex>
#include <optional>
#include <torch/types.h>

namespace engine {

/// The frozen teacher's logits for augmented images, kept as they are first computed. A random
/// crop with padding p and a flip can show an image in only (2p+1)²·2 ways (50 for Fashion-MNIST's
/// p = 2), while a sweep asks for the same views over and over: runs that differ only in α draw
/// identical batches, small kept fractions revisit each image hundreds of times, and every seed
/// revisits the same images. Entries are exact: each is the teacher's output for that view, the
/// same numbers as running it online up to float summation order, and computed in one canonical
/// batch shape, so they do not depend on which run met the view first: a run gives the same
/// result in a sweep, alone, or in a Slurm task. Safe to share between runs trained side by side.
/// CPU only: on a GPU, finding which views are missing would stall the device on every step, and
/// the teacher's forward pass there is cheap.
class TeacherMemo
{
public:
    /// Bytes a memo of n images would take, or nullopt when it is over the memory budget
    /// (kMaxBytes), in which case the teacher runs on every batch.
    static std::optional<int64_t> bytesFor(int64_t n, int64_t padding, bool flip, int64_t classes);
    static constexpr int64_t kMaxBytes = int64_t(1) << 30;

    TeacherMemo(int64_t n, int64_t padding, bool flip, int64_t classes);

    int64_t padding() const { return m_padding; }
    bool flip() const { return m_flip; }

    /// Teacher logits (B × classes, float) for the augmented batch inputs of the training images
    /// indices drawn with draw; runs teacher (in inference mode) on the views not seen before.
    torch::Tensor logits(Classifier &teacher, const torch::Tensor &indices, const AugmentDraw &draw,
                         const torch::Tensor &inputs);

    int64_t computed() const { return m_computed; }
    int64_t reused() const { return m_reused; }

private:
    int64_t m_padding;
    bool m_flip;
    int64_t m_views;
    std::mutex m_mutex;
    torch::Tensor m_logits; ///< (n·views) × classes
    torch::Tensor m_known; ///< n·views bool
    int64_t m_computed = 0;
    int64_t m_reused = 0;
};

} // namespace engine

#pragma once

// The nominal compute a run is charged, so that settings can be compared at equal cost on any
// device: FLOPs from the architecture (models/model_registry.h forwardFlops), not from what the
// kernels happened to do. Caches that save passes (the teacher's logits, the memo of augmented
// views) save wall time; they are not credited in FLOPs.

#include <cstdint>

namespace engine {

/// FLOPs of training on `samples` images: the backward pass costs about twice the forward (one
/// product for the input gradients, one for the weight gradients), so three forward passes each.
inline double trainingFlops(double forwardFlops, int64_t samples)
{
    return 3.0 * forwardFlops * double(samples);
}

/// FLOPs of `samples` forward passes with nothing learned (scores read, embeddings, KD logits).
inline double inferenceFlops(double forwardFlops, int64_t samples)
{
    return forwardFlops * double(samples);
}

} // namespace engine

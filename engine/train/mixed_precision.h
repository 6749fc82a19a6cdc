#pragma once

#include <torch/types.h>

namespace engine {

/// bf16 autocast over a scope on a CUDA device: convolutions and matrix products run on tensor
/// cores in bfloat16 while weights, the optimiser and reductions stay float (bf16 keeps float's
/// exponent range, so no loss scaling is needed, unlike fp16). On the CPU it does nothing:
/// Debian's LibTorch has no bf16 CPU kernels that beat its float ones. Autocast state belongs to
/// the calling thread, so runs trained side by side do not disturb one another.
class MixedPrecision
{
public:
    explicit MixedPrecision(torch::Device device);
    ~MixedPrecision();
    MixedPrecision(const MixedPrecision &) = delete;
    MixedPrecision &operator=(const MixedPrecision &) = delete;

    bool active() const { return m_active; }

private:
    bool m_active = false;
    bool m_wasEnabled = false;
};

} // namespace engine

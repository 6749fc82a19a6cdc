#include "engine/train/mixed_precision.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

namespace engine {

// LibTorch 2.4 made autocast's switches per device type and deprecated the CUDA-only ones.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define PRUNESCOPE_AUTOCAST_PER_DEVICE 1
#endif

MixedPrecision::MixedPrecision(torch::Device device)
{
    if (!device.is_cuda())
        return;
    m_active = true;
#ifdef PRUNESCOPE_AUTOCAST_PER_DEVICE
    m_wasEnabled = at::autocast::is_autocast_enabled(at::kCUDA);
    at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
    at::autocast::set_autocast_enabled(at::kCUDA, true);
#else
    m_wasEnabled = at::autocast::is_enabled();
    at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
    at::autocast::set_enabled(true);
#endif
    at::autocast::increment_nesting();
}

MixedPrecision::~MixedPrecision()
{
    if (!m_active)
        return;
    // The cast weights are cached for the scope's life; the cache is freed when the outermost
    // scope ends, as torch.autocast does.
    if (at::autocast::decrement_nesting() == 0)
        at::autocast::clear_cache();
#ifdef PRUNESCOPE_AUTOCAST_PER_DEVICE
    at::autocast::set_autocast_enabled(at::kCUDA, m_wasEnabled);
#else
    at::autocast::set_enabled(m_wasEnabled);
#endif
}

} // namespace engine

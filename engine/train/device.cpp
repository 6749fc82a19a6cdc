#include "engine/train/device.h"

#include "engine/core/errors.h"

#include <charconv>
#include <climits>
#include <malloc.h>
#include <sched.h>
#include <thread>
#include <torch/cuda.h>
#include <torch/torch.h>
#include <torch/version.h>
#if defined(PRUNESCOPE_WITH_CUDA) && __has_include(<ATen/cuda/CUDAContext.h>)
#include <ATen/cuda/CUDAContext.h>
#endif

namespace engine {

std::string resolveDevice(const std::string &requested)
{
    const bool cuda = torch::cuda::is_available();
    if (requested == "auto" || requested.empty())
        return cuda ? "cuda:0" : "cpu";
    if (requested == "cpu")
        return "cpu";
    if (!cuda)
        throw ConfigError("device: '" + requested
                          + "' was asked for, but no CUDA device is available "
                            "(this LibTorch build or machine has none); use \"cpu\" or \"auto\"");
    const std::string device = requested == "cuda" ? "cuda:0" : requested;
    int64_t index = -1;
    const auto [end, ec] = std::from_chars(device.data() + 5, device.data() + device.size(), index);
    if (ec != std::errc() || end != device.data() + device.size() || index < 0
        || index >= static_cast<int64_t>(torch::cuda::device_count()))
        throw ConfigError("device: '" + requested + "' does not exist; this machine has "
                          + std::to_string(torch::cuda::device_count()) + " CUDA device(s)");
    return device;
}

std::string describeDevice(const std::string &device)
{
    if (device == "cpu")
        return "CPU · " + std::to_string(torch::get_num_threads()) + " threads";
#if defined(PRUNESCOPE_WITH_CUDA) && __has_include(<ATen/cuda/CUDAContext.h>)
    if (device.starts_with("cuda:")) {
        const int index = std::stoi(device.substr(5));
        return device + " · " + at::cuda::getDeviceProperties(index)->name;
    }
#endif
    return device;
}

void useThreads(int n)
{
    if (n > 0)
        torch::set_num_threads(n);
}

void useAllCores()
{
    // The CPUs this process may run on, not the machine's: a cluster node shared by several jobs
    // (Slurm's task/affinity or cgroup plugins) gives each its own set.
    unsigned cores = std::thread::hardware_concurrency();
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof allowed, &allowed) == 0 && CPU_COUNT(&allowed) > 0)
        cores = static_cast<unsigned>(CPU_COUNT(&allowed));
    if (cores > 0)
        torch::set_num_threads(static_cast<int>(cores));
    // glibc serves blocks above its mmap threshold (at most 32 MB by default) with fresh mmap()s
    // and trims the heap top eagerly, so every batch's activations were page-faulted in again:
    // evaluation of 10,000 Fashion-MNIST images took 2.7 s, 2.1 s of it in the kernel. Keeping
    // such blocks on the heap makes it 0.7 s.
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
}

std::string libTorchVersion()
{
    return TORCH_VERSION;
}

} // namespace engine

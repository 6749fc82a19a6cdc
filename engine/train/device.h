#pragma once

#include <string>

namespace engine {

/// The device a request resolves to ("auto" → CUDA when present, else the CPU); throws
/// ConfigError when CUDA is asked for and absent.
std::string resolveDevice(const std::string &requested);

/// "CPU · 2 threads" or "cuda:0 · <GPU name>".
std::string describeDevice(const std::string &device);

/// Prepares the process for training: LibTorch's intra-op threads = the number of cores (it
/// defaults to fewer here), and glibc's allocator keeps large blocks instead of unmapping them.
void useAllCores();
/// LibTorch's intra-op threads = n (a cluster task uses the CPUs Slurm gave it; one thread makes
/// a run's float results independent of the machine's core count).
void useThreads(int n);

/// The LibTorch this program was built against ("1.13.0"), for reports and bug reports.
std::string libTorchVersion();

} // namespace engine

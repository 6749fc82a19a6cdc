#pragma once

#include <c10/core/Stream.h>
#include <optional>
#include <torch/types.h>

namespace engine {

/// For the life of the object, the calling thread's work on a CUDA device goes to a stream of its
/// own from LibTorch's pool, so runs trained side by side on one GPU overlap instead of queuing
/// on the default stream. Does nothing on the CPU. Uses the device-generic guard interface, so
/// it compiles against a CPU-only LibTorch too.
class WorkerStream
{
public:
    explicit WorkerStream(torch::Device device);
    ~WorkerStream();
    WorkerStream(const WorkerStream &) = delete;
    WorkerStream &operator=(const WorkerStream &) = delete;

private:
    std::optional<c10::Stream> m_previous;
};

} // namespace engine

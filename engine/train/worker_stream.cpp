#include "engine/train/worker_stream.h"

#include <c10/core/impl/VirtualGuardImpl.h>

namespace engine {

WorkerStream::WorkerStream(torch::Device device)
{
    if (!device.is_cuda())
        return;
    const c10::impl::VirtualGuardImpl impl(device.type());
    const c10::Device target(device.type(), device.has_index() ? device.index() : 0);
    impl.setDevice(target);
    m_previous = impl.exchangeStream(impl.getStreamFromGlobalPool(target));
}

WorkerStream::~WorkerStream()
{
    if (!m_previous)
        return;
    const c10::impl::VirtualGuardImpl impl(m_previous->device_type());
    impl.synchronizeStream(impl.getStream(m_previous->device()));
    impl.exchangeStream(*m_previous);
}

} // namespace engine

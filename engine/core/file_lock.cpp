#include "engine/core/file_lock.h"

#include "engine/core/errors.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace engine {

FileLock FileLock::acquire(const std::filesystem::path &file, std::stop_token stop,
                           const std::function<void()> &onWait)
{
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        throw std::runtime_error("cannot open the lock file '" + file.string()
                                 + "': " + std::strerror(errno));
    FileLock lock(fd);
    bool told = false;
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR)
            throw std::runtime_error("cannot lock '" + file.string()
                                     + "': " + std::strerror(errno));
        if (!told && onWait) {
            onWait();
            told = true;
        }
        if (stop.stop_requested())
            throw Cancelled();
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return lock;
}

FileLock::FileLock(FileLock &&other) noexcept
    : m_fd(other.m_fd)
{
    other.m_fd = -1;
}

FileLock::~FileLock()
{
    if (m_fd >= 0)
        ::close(m_fd); // closing the last descriptor releases the flock
}

} // namespace engine

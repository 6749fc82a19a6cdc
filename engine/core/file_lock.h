#pragma once

#include <filesystem>
#include <functional>
#include <stop_token>

namespace engine {

/// An exclusive advisory lock (flock) on a lock file, held by this object: the claim one process
/// takes before work another process might start too (training a shared teacher). The kernel
/// releases it when the process ends, even by SIGKILL, so a crash never leaves a stale claim.
class FileLock
{
public:
    /// Takes the lock, creating the file and its folder if needed. While another process holds
    /// it, calls onWait once and polls every 200 ms; throws Cancelled when stop fires meanwhile,
    /// std::runtime_error naming the file when it cannot be opened.
    static FileLock acquire(const std::filesystem::path &file, std::stop_token stop,
                            const std::function<void()> &onWait = {});
    FileLock(FileLock &&other) noexcept;
    FileLock &operator=(FileLock &&) = delete;
    FileLock(const FileLock &) = delete;
    ~FileLock();

private:
    explicit FileLock(int fd)
        : m_fd(fd)
    { }
    int m_fd = -1;
};

} // namespace engine

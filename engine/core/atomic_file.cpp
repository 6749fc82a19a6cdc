#include "engine/core/atomic_file.h"

#include "engine/core/errors.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace engine {

namespace fs = std::filesystem;

namespace {

std::string reason(int error)
{
    return std::strerror(error);
}

/// Flushes a file or folder to disk; false (errno set) when it cannot be opened or synced.
bool syncPath(const fs::path &path, int flags)
{
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return ok;
}

/// The process's umask, read without changing it (umask(2) would, for every thread at once).
mode_t currentUmask()
{
    static const mode_t mask = [] {
        FILE *status = std::fopen("/proc/self/status", "r");
        unsigned value = 022;
        if (status) {
            char line[256];
            while (std::fgets(line, sizeof line, status))
                if (std::sscanf(line, "Umask: %o", &value) == 1)
                    break;
            std::fclose(status);
        }
        return mode_t(value);
    }();
    return mask;
}

} // namespace

AtomicFile::AtomicFile(fs::path target)
    : m_target(std::move(target))
{
    std::error_code ec;
    if (m_target.empty() || m_target.filename().empty())
        throw OutputError("'" + m_target.string() + "' names no file: give a file name");
    if (fs::is_directory(m_target, ec))
        throw OutputError("'" + m_target.string() + "' is a folder: give a file name in it");
    const fs::path folder = m_target.has_parent_path() ? m_target.parent_path() : fs::path(".");
    if (!fs::is_directory(folder, ec))
        throw OutputError("cannot write '" + m_target.string() + "': the folder '" + folder.string()
                          + "' does not exist");
    std::string name = (folder / ("." + m_target.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0)
        throw OutputError("cannot write '" + m_target.string() + "': " + reason(errno));
    // mkstemp makes the file private (0600); the target gets what a plain open would give it.
    ::fchmod(fd, 0666 & ~currentUmask());
    ::close(fd);
    m_temporary = name;
}

AtomicFile::~AtomicFile()
{
    if (!m_committed && !m_temporary.empty())
        ::unlink(m_temporary.c_str());
}

void AtomicFile::commit()
{
    const auto fail = [&](const char *step) {
        const int error = errno;
        ::unlink(m_temporary.c_str());
        m_committed = true; // nothing left to remove
        throw OutputError("cannot write '" + m_target.string() + "' (" + step
                          + "): " + reason(error));
    };
    if (!syncPath(m_temporary, O_RDONLY))
        fail("flushing to disk");
    if (::rename(m_temporary.c_str(), m_target.c_str()) != 0)
        fail("renaming into place");
    m_committed = true;
    // The rename is durable once the folder's entry is: without this a crash can lose it.
    const fs::path folder = m_target.has_parent_path() ? m_target.parent_path() : fs::path(".");
    syncPath(folder, O_RDONLY | O_DIRECTORY);
}

void writeFileAtomically(const fs::path &target, std::string_view bytes)
{
    writeFileAtomically(target, [&](const fs::path &temporary) {
        const int fd = ::open(temporary.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (fd < 0)
            throw OutputError("cannot write '" + target.string() + "': " + reason(errno));
        size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                const int error = n < 0 ? errno : ENOSPC;
                ::close(fd);
                throw OutputError("cannot write '" + target.string() + "': " + reason(error));
            }
            done += size_t(n);
        }
        if (::close(fd) != 0)
            throw OutputError("cannot write '" + target.string() + "': " + reason(errno));
    });
}

void writeFileAtomically(const fs::path &target, const std::function<void(const fs::path &)> &write)
{
    AtomicFile file(target);
    write(file.temporaryPath());
    file.commit();
}

} // namespace engine

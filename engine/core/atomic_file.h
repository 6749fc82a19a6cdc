#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

namespace engine {

/// A file written whole or not at all: the bytes go to a temporary file with a unique name in the
/// target's folder (so the rename never crosses file systems and two writers never share it),
/// which commit() flushes to disk and renames over the target. A file never committed is removed,
/// so a failure or an exception leaves the target as it was and no temporary behind.
class AtomicFile
{
public:
    /// Creates the temporary file; throws OutputError naming the target when its folder is missing
    /// or not writable, or when the target is a folder.
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;

    const std::filesystem::path &target() const { return m_target; }
    /// Where to write; a writer that opens paths itself (torch::save, Qt's image writers) may
    /// reopen and truncate it.
    const std::filesystem::path &temporaryPath() const { return m_temporary; }
    /// fsyncs the temporary file, renames it over the target and fsyncs the folder; throws
    /// OutputError naming the target when any step fails (the temporary is then removed).
    void commit();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_temporary;
    bool m_committed = false;
};

/// Writes bytes to target through an AtomicFile.
void writeFileAtomically(const std::filesystem::path &target, std::string_view bytes);

/// Lets write fill the temporary path (by any means), then commits; on an exception the target is
/// untouched and the temporary removed.
void writeFileAtomically(const std::filesystem::path &target,
                         const std::function<void(const std::filesystem::path &)> &write);

} // namespace engine

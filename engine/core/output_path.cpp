#include "engine/core/output_path.h"

#include "engine/core/errors.h"

#include <optional>
#include <sys/stat.h>

namespace engine {

namespace fs = std::filesystem;

namespace {

struct FileId
{
    dev_t device;
    ino_t inode;
    bool operator==(const FileId &) const = default;
};

std::optional<FileId> idOf(const fs::path &path)
{
    struct stat st
    {
    };
    if (::stat(path.c_str(), &st) != 0)
        return std::nullopt;
    return FileId { st.st_dev, st.st_ino };
}

fs::path folderOf(const fs::path &path)
{
    return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

/// True when path, or any folder above it, is the folder with that id.
bool inside(const fs::path &path, const FileId &folder)
{
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
    if (ec)
        return false;
    for (;;) {
        if (idOf(p) == folder)
            return true;
        if (!p.has_relative_path())
            return false;
        p = p.parent_path();
    }
}

} // namespace

bool sameFile(const fs::path &a, const fs::path &b)
{
    const auto ia = idOf(a), ib = idOf(b);
    if (ia && ib)
        return *ia == *ib;
    if (ia || ib)
        return false;
    const auto fa = idOf(folderOf(a)), fb = idOf(folderOf(b));
    return fa && fa == fb && a.filename() == b.filename();
}

void checkOutputPath(const fs::path &output, const std::vector<ProtectedPath> &inputs,
                     const std::string &option)
{
    const std::string head = option + " '" + output.string() + "'";
    const std::string tail = ": choose another file; nothing was written";
    std::error_code ec;
    if (output.empty() || output.filename().empty())
        throw OutputError(head + " names no file" + tail);
    if (fs::is_directory(output, ec))
        throw OutputError(head + " is a folder: give a file name in it; nothing was written");
    const fs::path folder = folderOf(output);
    if (!fs::is_directory(folder, ec))
        throw OutputError(head + ": the folder '" + folder.string()
                          + "' does not exist; nothing was written");
    for (const auto &input : inputs) {
        if (input.path.empty())
            continue;
        if (input.folder) {
            const auto id = idOf(input.path);
            if (id && inside(output, *id))
                throw OutputError(head + " is inside " + input.what + " '" + input.path.string()
                                  + "'" + tail);
        } else if (sameFile(output, input.path)) {
            throw OutputError(head + " is " + input.what + " '" + input.path.string() + "'" + tail);
        }
    }
}

} // namespace engine

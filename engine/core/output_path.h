#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace engine {

/// A file or folder an output must never replace or write into, and what it is ("the workspace",
/// "the spec") for the message.
struct ProtectedPath
{
    std::filesystem::path path;
    std::string what;
    bool folder = false; ///< nothing may be written anywhere inside it
};

/// Refuses an output path before any work is done: throws OutputError naming the option, the path
/// and what it would replace when it is one of the protected files (compared by device and inode,
/// so another spelling, a symbolic or a hard link is caught; a file not there yet by its folder's
/// inode and its name), lies inside a protected folder, is a folder, or sits in a folder that
/// does not exist.
void checkOutputPath(const std::filesystem::path &output, const std::vector<ProtectedPath> &inputs,
                     const std::string &option);

/// True when a and b are the same file: same device and inode when both exist, else the same
/// folder (by inode) and the same name.
bool sameFile(const std::filesystem::path &a, const std::filesystem::path &b);

} // namespace engine

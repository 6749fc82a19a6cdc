#pragma once

// What every fuzz target shares: the readers take paths, so each input is written to a file of
// this process's own in /dev/shm (memory, not disk) under the name the reader expects.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace fuzz {

/// Writes the input to a per-process file with that name and returns its path.
inline std::filesystem::path inputFile(const std::string &name, const uint8_t *data, size_t size)
{
    static const std::filesystem::path dir = [] {
        const std::filesystem::path d
            = std::filesystem::path(std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp")
            / ("prunescope-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    const std::filesystem::path file = dir / name;
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char *>(data), std::streamsize(size));
    return file;
}

} // namespace fuzz

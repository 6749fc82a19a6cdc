#pragma once

// Running the scheduler's programs (sbatch, squeue, sacct, scancel, scontrol) and reading what
// they print: argv only, never a shell, so no value is ever parsed as shell syntax.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cluster {

struct ProgramResult
{
    int exitCode = -1; ///< -1: could not be started
    std::string out;
    std::string err;
};

/// The program's path when it is on the PATH.
std::optional<std::filesystem::path> onPath(const std::string &program);

/// Runs argv[0] (looked up on the PATH) with the rest as arguments and waits for it.
ProgramResult runProgram(const std::vector<std::string> &argv);

} // namespace cluster

#pragma once

// The batch scripts of a sweep: readable, self-contained (absolute paths, the spec beside them,
// the exact command line in a comment), `set -euo pipefail`, one log per job and task.

#include "app/cli/slurm_sweep.h"

#include <string>

namespace cli {

/// Resources every job of the sweep asks for (empty or 0: Slurm's default).
struct SlurmResources
{
    std::string partition, gres, mem, time, account;
    int cpusPerTask = 0;
    int maxParallel = 0; ///< array throttle: at most this many tasks at once (0: no limit)
    int graceSeconds = 120; ///< time-limit warning: the task stops its run and requeues itself
};

std::string prepareScript(const Sweep &sweep, const SlurmResources &resources,
                          const std::filesystem::path &cli, const std::filesystem::path &workdir);
std::string tasksScript(const Sweep &sweep, const SlurmResources &resources,
                        const std::filesystem::path &cli, const std::filesystem::path &workdir);

/// Quotes a word for a POSIX shell.
std::string shellQuote(const std::string &word);

} // namespace cli

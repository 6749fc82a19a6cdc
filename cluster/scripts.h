#pragma once

// The batch scripts of a sweep: readable, self-contained (absolute paths, the spec beside them,
// the exact command line in a comment), `set -euo pipefail`, one log per job and task.

#include "cluster/sweep.h"

#include <string>

namespace cluster {

std::string prepareScript(const Sweep &sweep, const SlurmResources &resources,
                          const std::filesystem::path &cli, const std::filesystem::path &workdir);
std::string tasksScript(const Sweep &sweep, const SlurmResources &resources,
                        const std::filesystem::path &cli, const std::filesystem::path &workdir);

/// Quotes a word for a POSIX shell.
std::string shellQuote(const std::string &word);

} // namespace cluster

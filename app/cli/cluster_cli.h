#pragma once

// The command line of the cluster commands (`slurm submit`, `slurm status`, `merge`) and of a
// task's share of `run`, kept out of main.cpp.

#include "app/cli/slurm_commands.h"

#include <optional>

namespace CLI {
class App;
}

namespace cli {

struct ClusterCommands
{
    CLI::App *submit = nullptr, *status = nullptr, *merge = nullptr;
    SubmitOptions submitOptions;
    std::string statusWorkspace;
    bool statusNoMerge = false;
    std::string mergeWorkspace;
    std::vector<std::string> mergeShards;
};

/// Adds --shard, --run-list, --prepare-only, --artifacts-from and --threads to `run`.
void addTaskOptions(CLI::App &run, RunOptions &options);

/// Adds `slurm submit`, `slurm status` and `merge`. bindSpecOptions binds run's spec overrides
/// (the same flags as `run`) to a command.
void addClusterCommands(CLI::App &app, ClusterCommands &commands,
                        void (*bindSpecOptions)(CLI::App *, RunOptions &));

/// Runs the cluster command the user chose, if it was one of them.
std::optional<int> runClusterCommand(const ClusterCommands &commands, int argc, char **argv);

} // namespace cli

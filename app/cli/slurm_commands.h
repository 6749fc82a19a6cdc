#pragma once

#include "cluster/scripts.h"

#include "app/cli/run_command.h"

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace storage {
class Store;
}

namespace cli {

/// `prunescope-cli slurm submit SPEC --store WS.db ...`
struct SubmitOptions
{
    RunOptions run; ///< spec, workspace (run.store) and the spec overrides
    cluster::SlurmResources resources;
    int runsPerTask = 1;
    bool dryRun = false;
    std::string commandLine; ///< as typed, for the scripts' comment
};

/// Plans the runs the workspace and its shards do not hold yet, writes the sweep's files and
/// submits the preparation job and the dependent array. Exit codes: 0 submitted (or nothing to
/// submit, or written for a dry run), 1 sbatch refused, 2 bad input.
int slurmSubmitCommand(const SubmitOptions &options);

/// `prunescope-cli slurm status WS.db`: per task the Slurm state and the shard's progress, then
/// merges the shards of tasks that ended. Exit codes: 0, 1 a merge found a conflict or refused
/// a shard, 2 bad input.
int slurmStatusCommand(const std::string &workspace, bool merge);

/// Merges one shard and prints what it did (one line; conflicts and a refusal on their own);
/// false when it was refused or found a conflict.
bool mergeAndReport(storage::Store &workspace, const std::filesystem::path &shard,
                    std::ostream &out);

/// `prunescope-cli merge WS.db SHARD.db...`. Exit codes: 0, 1 conflicts or a shard refused.
int mergeCommand(const std::string &workspace, const std::vector<std::string> &shards);

} // namespace cli

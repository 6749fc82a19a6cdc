#pragma once

// Submitting a sweep: the runs the workspace, its shards and the tasks still queued do not
// hold, in tasks of K runs, behind one preparation job (teachers and scores, trained once).
// The command line's `slurm submit` and the window's "Run on: Slurm cluster" both call this.

#include "cluster/sweep.h"

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace engine {
class Experiment;
}

namespace cluster {

struct SubmitRequest
{
    std::filesystem::path workspace; ///< an existing workspace store; only read
    SlurmResources resources;
    int runsPerTask = 1;
    bool dryRun = false; ///< write the scripts, do not call sbatch
    std::string commandLine; ///< what the user typed (or the window's equivalent), for the scripts
    std::filesystem::path cli; ///< the prunescope-cli the jobs run
    std::filesystem::path workdir; ///< the jobs' working folder
};

struct SubmitResult
{
    int total = 0; ///< runs of the experiment
    int held = 0; ///< finished in the workspace or a shard
    int inFlight = 0; ///< in tasks of an earlier sweep still queued or running
    int submitted = 0; ///< in this sweep (0: nothing to submit, no sweep written)
    Sweep sweep; ///< written when submitted > 0; job ids empty for a dry run
    std::vector<std::string> warnings; ///< shards that could not be read, ...
};

/// sbatch refused a job; the sweep's plan records what was submitted before it.
class SubmitRefused : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// Why this machine cannot submit ("sbatch is not on the PATH: ..."), or nothing when it can.
std::optional<std::string> cannotSubmitHere();

/// Plans, writes and (unless a dry run) submits. Throws std::runtime_error naming the file or
/// value for bad input (runs per task < 1, an unreadable plan, a file that cannot be written),
/// SubmitRefused when sbatch refuses.
SubmitResult submitSweep(const engine::Experiment &experiment, const SubmitRequest &request);

/// "sbatch" lines that submit a dry run's sweep by hand.
std::vector<std::string> manualSubmitLines(const Sweep &sweep);

} // namespace cluster

#pragma once

// Where a workspace's sweeps stand: per task the Slurm state and, from its shard, each run's
// state; which stores can be merged now (those whose one writer has ended); what to do about
// tasks that ended with runs missing. Read by `slurm status` and by the window's queue.

#include "cluster/sweep.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace storage {
class Store;
}

namespace cluster {

class SlurmQueue;

/// One run of a task's list, as its shard holds it.
struct TaskRun
{
    std::string key;
    std::string name;
    std::string state = "waiting"; ///< waiting, running, done, failed, cancelled, interrupted
    std::optional<double> testAccuracy; ///< fraction; the latest evaluation while running
    int64_t step = 0; ///< the latest evaluated step
    std::string error;
};

struct TaskStatus
{
    int task = 0;
    std::string jobId; ///< "124_3"
    std::string state; ///< Slurm's (PENDING, RUNNING, COMPLETED, ...), ENDED or unknown
    std::string reason; ///< why pending, or the node it runs on
    bool queued = false; ///< Slurm still holds it
    bool ended = false; ///< its shard is written no more: it can be merged
    int listed = 0, done = 0, running = 0, failed = 0;
    std::vector<TaskRun> runs;
    std::string unreadable; ///< why the shard could not be read
    int waiting() const { return listed - done - running - failed; }
};

struct SweepStatus
{
    Sweep sweep;
    std::string prepareState;
    bool prepareQueued = false;
    std::vector<TaskStatus> tasks;
    /// Stores whose writer has ended, preparation first: what a merge folds in now.
    std::vector<std::filesystem::path> mergeable;
    /// Lines telling the user what to do (failed runs with their log, tasks that ended with
    /// runs missing and the command that submits them again, a preparation that never ran).
    std::vector<std::string> advice;
};

/// Every sweep of the workspace with its tasks' states. Throws std::runtime_error naming a plan
/// that cannot be read.
std::vector<SweepStatus> sweepStatus(const std::filesystem::path &workspace,
                                     const SlurmQueue &queue);

/// Merges one store into the workspace; `text` says what it did in one line (conflicts and a
/// refusal on lines of their own). clean is false when it was refused or found a conflict.
struct MergeOutcome
{
    bool clean = true;
    int added = 0; ///< runs new or newly finished in the workspace
    std::string text;
};
MergeOutcome mergeAndDescribe(storage::Store &workspace, const std::filesystem::path &shard);

/// Cancels array tasks of a sweep (scancel ARRAY_T ...), or the whole sweep (its preparation
/// and array) when tasks is empty. Returns scancel's complaint, empty on success.
std::string cancelTasks(const Sweep &sweep, const std::vector<int> &tasks);

} // namespace cluster

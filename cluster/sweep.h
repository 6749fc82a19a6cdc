#pragma once

// The files of a sweep submitted to Slurm, beside the workspace:
//   WS-slurm/sweep-001/plan.json        what was submitted: workspace, tasks, job ids
//                      spec.json        the experiment, exactly as the tasks run it
//                      prepare.sbatch   the preparation job (teacher, scores → prepare.db)
//                      tasks.sbatch     the job array (task I: tasks/task-I.txt → shards/task-I.db)
//                      logs/            one log per job and task
// Every store under it is written by one job alone and read by the others only after it ends.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cluster {

/// Resources every job of the sweep asks for (empty or 0: Slurm's default).
struct SlurmResources
{
    std::string partition, gres, mem, time, account;
    int cpusPerTask = 0;
    int maxParallel = 0; ///< array throttle: at most this many tasks at once (0: no limit)
    int graceSeconds = 120; ///< time-limit warning: the task stops its run and requeues itself
};

struct Sweep
{
    std::filesystem::path folder;
    std::filesystem::path workspace; ///< absolute
    std::string experiment; ///< its name
    std::string createdAt;
    int tasks = 0;
    int runs = 0;
    std::string prepareJob; ///< Slurm job ids; empty for a dry run
    std::string arrayJob;
    bool dryRun = false;
    std::string command; ///< the submit command line
    /// What it asked Slurm for, so a retry asks for the same (plans written before they were
    /// recorded read as Slurm's defaults and one run per task).
    SlurmResources resources;
    int runsPerTask = 1;

    std::filesystem::path planFile() const { return folder / "plan.json"; }
    std::filesystem::path specFile() const { return folder / "spec.json"; }
    std::filesystem::path prepareStore() const { return folder / "prepare.db"; }
    std::filesystem::path runList(int task) const;
    std::filesystem::path shard(int task) const;
    std::filesystem::path log(int task) const;
};

/// "WS-slurm" beside the workspace file.
std::filesystem::path sweepsFolder(const std::filesystem::path &workspace);

/// Every sweep of the workspace, oldest first. Throws std::runtime_error naming a plan that
/// cannot be read.
std::vector<Sweep> sweepsOf(const std::filesystem::path &workspace);

/// A new, empty sweep folder (sweep-NNN, the next number).
Sweep newSweep(const std::filesystem::path &workspace);

/// Writes plan.json (temporary name, then renamed).
void writePlan(const Sweep &sweep);

std::string taskName(int task); ///< "task-003"

} // namespace cluster

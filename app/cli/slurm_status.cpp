#include "app/cli/run_share.h"
#include "app/cli/slurm_commands.h"
#include "app/cli/slurm_queue.h"
#include "app/cli/slurm_sweep.h"
#include "app/cli/text_table.h"
#include "storage/store.h"

#include <iostream>
#include <map>
#include <set>

namespace cli {

namespace fs = std::filesystem;

namespace {

struct Progress
{
    int listed = 0, done = 0, running = 0, failed = 0;
    std::vector<std::string> errors; ///< "run name: error" of failed runs
    std::string unreadable; ///< why the shard could not be read
    int waiting() const { return listed - done - running - failed; }
};

Progress progressOf(const Sweep &sweep, int task)
{
    Progress p;
    const std::set<std::string> keys = runListKeys(sweep.runList(task));
    p.listed = static_cast<int>(keys.size());
    if (!fs::exists(sweep.shard(task)))
        return p;
    try {
        storage::Store shard(sweep.shard(task), storage::OpenOptions { .readOnly = true });
        for (const auto &run : shard.runs()) {
            if (!keys.count(run.key))
                continue;
            switch (run.status) {
            case storage::RunStatus::Done:
                ++p.done;
                break;
            case storage::RunStatus::Running:
                ++p.running;
                break;
            case storage::RunStatus::Failed:
                ++p.failed;
                p.errors.push_back(run.name + ": " + run.error);
                break;
            default:
                break;
            }
        }
    } catch (const std::exception &e) {
        p.unreadable = e.what();
    }
    return p;
}

} // namespace

int slurmStatusCommand(const std::string &workspacePath, bool merge)
{
    const fs::path workspace = fs::absolute(workspacePath);
    std::vector<Sweep> sweeps;
    try {
        if (!fs::exists(workspace))
            throw std::runtime_error("workspace '" + workspacePath + "' does not exist");
        sweeps = sweepsOf(workspace);
    } catch (const std::exception &e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
    if (sweeps.empty()) {
        std::cout << "No sweep was submitted for " << workspacePath
                  << " (`prunescope-cli slurm submit SPEC --store " << workspacePath
                  << "` submits one).\n";
        return 0;
    }
    const SlurmQueue queue = SlurmQueue::read();
    if (!queue.available())
        std::cout << "(squeue is not available here: states come from the shards alone)\n";
    std::optional<storage::Store> store;
    bool clean = true;
    std::vector<std::string> advice;
    for (const Sweep &sweep : sweeps) {
        const auto accounting = SlurmQueue::accounting(sweep.arrayJob);
        const auto prepareAccounting = SlurmQueue::accounting(sweep.prepareJob);
        std::cout << '\n'
                  << sweep.folder.filename().string() << " · '" << sweep.experiment << "' · "
                  << sweep.runs << " runs in " << sweep.tasks << " tasks · submitted "
                  << sweep.createdAt << '\n';
        if (sweep.dryRun) {
            std::cout << "  not submitted (written with --dry-run)\n";
            continue;
        }
        const auto prepare = queue.job(sweep.prepareJob);
        std::string prepareState = prepare              ? prepare->state
            : prepareAccounting.count(sweep.prepareJob) ? prepareAccounting.at(sweep.prepareJob)
            : queue.available()                         ? std::string("ended")
                                                        : std::string("unknown");
        std::cout << "  preparation: job " << sweep.prepareJob << ", " << prepareState << '\n';

        TextTable table({ "task", "job", "state", "done", "running", "failed", "waiting" });
        std::vector<int> ended;
        std::vector<int> missingTasks;
        for (int t = 0; t < sweep.tasks; ++t) {
            const Progress p = progressOf(sweep, t);
            const auto queued = queue.task(sweep.arrayJob, t);
            const std::string jobId = sweep.arrayJob + "_" + std::to_string(t);
            std::string state;
            if (queued)
                state = queued->state
                    + (queued->state == "PENDING" ? " (" + queued->reason + ")" : std::string());
            else if (accounting.count(jobId))
                state = accounting.at(jobId);
            else
                state = p.done == p.listed ? "COMPLETED" : queue.available() ? "ENDED" : "unknown";
            // Without squeue (the workspace read elsewhere) a task may still be writing its
            // shard: only a shard that holds its whole list is merged then.
            if (!queued && (queue.available() || p.done == p.listed))
                ended.push_back(t);
            if (!queued && queue.available() && p.done < p.listed)
                missingTasks.push_back(t);
            table.addRow({ std::to_string(t), jobId, state, std::to_string(p.done),
                           std::to_string(p.running), std::to_string(p.failed),
                           std::to_string(p.waiting()) });
            for (const auto &error : p.errors)
                advice.push_back(jobId + " run failed: " + error + " (log: " + sweep.log(t).string()
                                 + ")");
            if (!p.unreadable.empty())
                advice.push_back(jobId + ": its shard cannot be read: " + p.unreadable);
        }
        table.printAligned(std::cout);
        if (!prepare && !missingTasks.empty() && !fs::exists(sweep.folder / "logs" / "prepare.log"))
            advice.push_back(sweep.folder.filename().string()
                             + ": the preparation never ran; see `scontrol show job "
                             + sweep.prepareJob + "`");
        if (!missingTasks.empty()) {
            std::string list;
            for (int t : missingTasks)
                list += (list.empty() ? "" : ", ") + std::to_string(t);
            advice.push_back(sweep.folder.filename().string() + ": task(s) " + list
                             + " ended with runs missing (failed, cancelled or out of time; "
                               "their logs are in "
                             + (sweep.folder / "logs").string() + "). `prunescope-cli slurm submit "
                             + sweep.specFile().string() + " --store " + workspace.string()
                             + "` submits only the missing runs again.");
        }
        if (!merge)
            continue;
        if (!store) {
            try {
                store.emplace(workspace);
            } catch (const std::exception &e) {
                std::cerr << "error: " << e.what() << '\n';
                return 2;
            }
        }
        // Only stores whose job has ended: a shard is read after its one writer is gone.
        if (!prepare && fs::exists(sweep.prepareStore()) && (queue.available() || !ended.empty()))
            clean = mergeAndReport(*store, sweep.prepareStore(), std::cout) && clean;
        for (int t : ended)
            if (fs::exists(sweep.shard(t)))
                clean = mergeAndReport(*store, sweep.shard(t), std::cout) && clean;
    }
    if (!advice.empty()) {
        std::cout << "\nWhat to do:\n";
        for (const auto &line : advice)
            std::cout << "  " << line << '\n';
    }
    return clean ? 0 : 1;
}

} // namespace cli

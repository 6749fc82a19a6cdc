#include "cluster/status.h"

#include "cluster/program.h"
#include "cluster/queue.h"
#include "cluster/run_share.h"

#include "storage/shard_merge.h"
#include "storage/store.h"

#include <map>
#include <sstream>

namespace cluster {

namespace fs = std::filesystem;

namespace {

void readShard(const Sweep &sweep, TaskStatus &t)
{
    std::map<std::string, size_t> index;
    for (const auto &[key, name] : runListEntries(sweep.runList(t.task))) {
        if (index.count(key))
            continue;
        index[key] = t.runs.size();
        TaskRun run;
        run.key = key;
        run.name = name;
        t.runs.push_back(std::move(run));
    }
    t.listed = static_cast<int>(t.runs.size());
    if (!fs::exists(sweep.shard(t.task)))
        return;
    try {
        storage::Store shard(sweep.shard(t.task), storage::OpenOptions { .readOnly = true });
        for (const auto &run : shard.runs()) {
            const auto it = index.find(run.key);
            if (it == index.end())
                continue;
            TaskRun &r = t.runs[it->second];
            r.state = std::string(storage::statusName(run.status));
            r.error = run.error;
            r.testAccuracy = run.testAccuracy;
            if (run.status == storage::RunStatus::Running || !r.testAccuracy) {
                const auto metrics = shard.metrics(run.id);
                if (!metrics.empty()) {
                    r.step = metrics.back().step;
                    r.testAccuracy = metrics.back().testAccuracy;
                }
            } else if (run.steps) {
                r.step = *run.steps;
            }
            switch (run.status) {
            case storage::RunStatus::Done:
                ++t.done;
                break;
            case storage::RunStatus::Running:
                ++t.running;
                break;
            case storage::RunStatus::Failed:
                ++t.failed;
                break;
            default:
                break;
            }
        }
    } catch (const std::exception &e) {
        t.unreadable = e.what();
    }
}

} // namespace

std::vector<SweepStatus> sweepStatus(const fs::path &workspacePath, const SlurmQueue &queue)
{
    const fs::path workspace = fs::absolute(workspacePath);
    std::vector<SweepStatus> result;
    for (const Sweep &sweep : sweepsOf(workspace)) {
        SweepStatus s;
        s.sweep = sweep;
        if (sweep.dryRun) {
            s.prepareState = "not submitted";
            result.push_back(std::move(s));
            continue;
        }
        const auto accounting = SlurmQueue::accounting(sweep.arrayJob);
        const auto prepareAccounting = SlurmQueue::accounting(sweep.prepareJob);
        const auto prepare = queue.job(sweep.prepareJob);
        s.prepareQueued = prepare.has_value();
        s.prepareState = prepare                        ? prepare->state
            : prepareAccounting.count(sweep.prepareJob) ? prepareAccounting.at(sweep.prepareJob)
            : queue.available()                         ? std::string("ENDED")
                                                        : std::string("unknown");
        std::vector<int> missingTasks;
        bool anyEnded = false;
        for (int task = 0; task < sweep.tasks; ++task) {
            TaskStatus t;
            t.task = task;
            t.jobId = (sweep.arrayJob.empty() ? std::string("?") : sweep.arrayJob) + "_"
                + std::to_string(task);
            readShard(sweep, t);
            const auto queued = queue.task(sweep.arrayJob, task);
            t.queued = queued.has_value();
            if (queued) {
                t.state = queued->state;
                t.reason = queued->reason;
            } else if (accounting.count(t.jobId)) {
                t.state = accounting.at(t.jobId);
            } else {
                t.state = t.done == t.listed ? "COMPLETED"
                    : queue.available()      ? "ENDED"
                                             : "unknown";
            }
            // Without squeue (the workspace read elsewhere) a task may still be writing its
            // shard: only a shard that holds its whole list is merged then.
            t.ended = !queued && (queue.available() || t.done == t.listed);
            anyEnded = anyEnded || t.ended;
            if (!queued && queue.available() && t.done < t.listed)
                missingTasks.push_back(task);
            for (const auto &run : t.runs)
                if (run.state == "failed")
                    s.advice.push_back(t.jobId + " run failed: " + run.name + ": " + run.error
                                       + " (log: " + sweep.log(task).string() + ")");
            if (!t.unreadable.empty())
                s.advice.push_back(t.jobId + ": its shard cannot be read: " + t.unreadable);
            s.tasks.push_back(std::move(t));
        }
        const std::string name = sweep.folder.filename().string();
        if (!prepare && !missingTasks.empty() && !fs::exists(sweep.folder / "logs" / "prepare.log"))
            s.advice.push_back(name + ": the preparation never ran; see `scontrol show job "
                               + sweep.prepareJob + "`");
        if (!missingTasks.empty()) {
            std::string list;
            for (int t : missingTasks)
                list += (list.empty() ? "" : ", ") + std::to_string(t);
            s.advice.push_back(name + ": task(s) " + list
                               + " ended with runs missing (failed, cancelled or out of time; "
                                 "their logs are in "
                               + (sweep.folder / "logs").string()
                               + "). `prunescope-cli slurm submit " + sweep.specFile().string()
                               + " --store " + workspace.string()
                               + "` submits only the missing runs again.");
        }
        // Only stores whose job has ended: a shard is read after its one writer is gone.
        if (!prepare && fs::exists(sweep.prepareStore()) && (queue.available() || anyEnded))
            s.mergeable.push_back(sweep.prepareStore());
        for (const TaskStatus &t : s.tasks)
            if (t.ended && fs::exists(sweep.shard(t.task)))
                s.mergeable.push_back(sweep.shard(t.task));
        result.push_back(std::move(s));
    }
    return result;
}

MergeOutcome mergeAndDescribe(storage::Store &workspace, const fs::path &shard)
{
    MergeOutcome outcome;
    storage::MergeReport r;
    try {
        r = storage::mergeShard(workspace, shard);
    } catch (const std::exception &e) {
        outcome.clean = false;
        outcome.text = shard.string() + ": not merged: " + e.what();
        return outcome;
    }
    outcome.added = r.added + r.completed;
    std::ostringstream out;
    out << shard.string() << ": " << r.added << " run" << (r.added == 1 ? "" : "s") << " added";
    if (r.completed > 0)
        out << ", " << r.completed << " finished that were waiting";
    out << ", " << r.unchanged << " held already";
    if (r.unfinished > 0)
        out << ", " << r.unfinished << " not finished in the shard (left out)";
    if (r.teachers + r.scores > 0)
        out << "; " << r.teachers << " teacher(s), " << r.scores << " score(s)";
    for (const auto &name : r.runningHere)
        out << "\n  left to the process running it here: " << name;
    for (const auto &conflict : r.conflicts)
        out << "\n  conflict: " << conflict;
    outcome.clean = r.conflicts.empty();
    outcome.text = out.str();
    return outcome;
}

std::string cancelTasks(const Sweep &sweep, const std::vector<int> &tasks)
{
    if (sweep.dryRun)
        return sweep.folder.filename().string() + " was written with --dry-run: nothing to cancel";
    if (!onPath("scancel"))
        return "scancel is not on the PATH: this machine cannot cancel Slurm jobs";
    std::vector<std::string> argv { "scancel" };
    if (tasks.empty()) {
        if (!sweep.prepareJob.empty())
            argv.push_back(sweep.prepareJob);
        if (!sweep.arrayJob.empty())
            argv.push_back(sweep.arrayJob);
    } else {
        for (int t : tasks)
            argv.push_back(sweep.arrayJob + "_" + std::to_string(t));
    }
    if (argv.size() == 1)
        return sweep.folder.filename().string() + " has no job id to cancel";
    const ProgramResult r = runProgram(argv);
    if (r.exitCode != 0)
        return "scancel failed (exit " + std::to_string(r.exitCode) + "): " + r.err + r.out;
    return {};
}

} // namespace cluster

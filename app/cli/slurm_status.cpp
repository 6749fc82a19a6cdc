#include "cluster/queue.h"
#include "cluster/status.h"

#include "app/cli/slurm_commands.h"
#include "app/cli/text_table.h"
#include "storage/store.h"

#include <iostream>

namespace cli {

namespace fs = std::filesystem;

int slurmStatusCommand(const std::string &workspacePath, bool merge)
{
    const fs::path workspace = fs::absolute(workspacePath);
    std::vector<cluster::SweepStatus> sweeps;
    const cluster::SlurmQueue queue = cluster::SlurmQueue::read();
    try {
        if (!fs::exists(workspace))
            throw std::runtime_error("workspace '" + workspacePath + "' does not exist");
        sweeps = cluster::sweepStatus(workspace, queue);
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
    if (!queue.available())
        std::cout << "(squeue is not available here: states come from the shards alone)\n";
    std::optional<storage::Store> store;
    bool clean = true;
    std::vector<std::string> advice;
    for (const cluster::SweepStatus &s : sweeps) {
        const cluster::Sweep &sweep = s.sweep;
        std::cout << '\n'
                  << sweep.folder.filename().string() << " · '" << sweep.experiment << "' · "
                  << sweep.runs << " runs in " << sweep.tasks << " tasks · submitted "
                  << sweep.createdAt << '\n';
        if (sweep.dryRun) {
            std::cout << "  not submitted (written with --dry-run)\n";
            continue;
        }
        std::cout << "  preparation: job " << sweep.prepareJob << ", " << s.prepareState << '\n';
        TextTable table({ "task", "job", "state", "done", "running", "failed", "waiting" });
        for (const cluster::TaskStatus &t : s.tasks)
            table.addRow({ std::to_string(t.task), t.jobId,
                           t.state + (t.state == "PENDING" ? " (" + t.reason + ")" : std::string()),
                           std::to_string(t.done), std::to_string(t.running),
                           std::to_string(t.failed), std::to_string(t.waiting()) });
        table.printAligned(std::cout);
        advice.insert(advice.end(), s.advice.begin(), s.advice.end());
        if (!merge || s.mergeable.empty())
            continue;
        if (!store) {
            try {
                store.emplace(workspace);
            } catch (const std::exception &e) {
                std::cerr << "error: " << e.what() << '\n';
                return 2;
            }
        }
        for (const auto &shard : s.mergeable)
            clean = mergeAndReport(*store, shard, std::cout) && clean;
    }
    if (!advice.empty()) {
        std::cout << "\nWhat to do:\n";
        for (const auto &line : advice)
            std::cout << "  " << line << '\n';
    }
    return clean ? 0 : 1;
}

} // namespace cli

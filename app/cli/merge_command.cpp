#include "app/cli/slurm_commands.h"
#include "storage/shard_merge.h"
#include "storage/store.h"
#include "storage/store_error.h"

#include <iostream>

namespace cli {

namespace fs = std::filesystem;

bool mergeAndReport(storage::Store &workspace, const fs::path &shard, std::ostream &out)
{
    storage::MergeReport r;
    try {
        r = storage::mergeShard(workspace, shard);
    } catch (const std::exception &e) {
        out << shard.string() << ": not merged: " << e.what() << '\n';
        return false;
    }
    out << shard.string() << ": " << r.added << " run" << (r.added == 1 ? "" : "s") << " added";
    if (r.completed > 0)
        out << ", " << r.completed << " finished that were waiting";
    out << ", " << r.unchanged << " held already";
    if (r.unfinished > 0)
        out << ", " << r.unfinished << " not finished in the shard (left out)";
    if (r.teachers + r.scores > 0)
        out << "; " << r.teachers << " teacher(s), " << r.scores << " score(s)";
    out << '\n';
    for (const auto &name : r.runningHere)
        out << "  left to the process running it here: " << name << '\n';
    for (const auto &conflict : r.conflicts)
        out << "  conflict: " << conflict << '\n';
    return r.conflicts.empty();
}

int mergeCommand(const std::string &workspacePath, const std::vector<std::string> &shards)
{
    std::optional<storage::Store> workspace;
    try {
        workspace.emplace(workspacePath);
    } catch (const std::exception &e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
    bool clean = true;
    for (const auto &shard : shards)
        clean = mergeAndReport(*workspace, shard, std::cout) && clean;
    if (!clean)
        std::cerr << "some shards were not merged cleanly (above); the workspace keeps what it "
                     "held, and everything else that was merged\n";
    return clean ? 0 : 1;
}

} // namespace cli

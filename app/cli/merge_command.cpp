#include "cluster/status.h"

#include "app/cli/slurm_commands.h"
#include "storage/shard_merge.h"
#include "storage/store.h"
#include "storage/store_error.h"

#include <iostream>

namespace cli {

namespace fs = std::filesystem;

bool mergeAndReport(storage::Store &workspace, const fs::path &shard, std::ostream &out)
{
    const cluster::MergeOutcome outcome = cluster::mergeAndDescribe(workspace, shard);
    out << outcome.text << '\n';
    return outcome.clean;
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

#pragma once

// Folding shard stores (one per cluster task, written by that task alone) into a workspace.

#include <filesystem>
#include <string>
#include <vector>

namespace storage {

class Store;

/// What merging one shard did.
struct MergeReport
{
    std::filesystem::path shard;
    int added = 0; ///< finished runs the workspace did not hold
    int completed = 0; ///< runs the workspace held unfinished (queued, failed, ...) now done
    int unchanged = 0; ///< held already with the same result
    int unfinished = 0; ///< not done in the shard (running when it stopped, failed): left out
    int teachers = 0; ///< teachers (with their checkpoints) new to the workspace
    int scores = 0; ///< pruning scores new to the workspace
    /// Runs with the identity of a finished workspace run but another result; the workspace's is
    /// kept. One line each: name, key prefix, both accuracies.
    std::vector<std::string> conflicts;
    /// Runs being trained right now by a live process of this workspace: left to it.
    std::vector<std::string> runningHere;
};

/// Folds the finished runs of `shard` (metrics, curves, kept subsets, their experiments'
/// links), the teachers and the scores into the workspace inside one transaction. Keyed by run
/// identity, so merging twice changes nothing and a run found in two shards is kept once; a run
/// finished in both with different results is reported in conflicts and not overwritten. The
/// shard is only read. Throws StoreError (nothing merged) when the shard cannot be read, is the
/// workspace itself, has another schema version, or holds only runs on data the workspace's runs
/// are not on (another dataset, or the same one changed).
MergeReport mergeShard(Store &workspace, const std::filesystem::path &shard);

} // namespace storage

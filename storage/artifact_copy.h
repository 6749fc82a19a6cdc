#pragma once

// Teachers and pruning scores carried from one store to another: a cluster's preparation job
// hands them to every task's shard, and merging brings a shard's back into the workspace, so
// nothing is trained or scored twice.

#include <set>
#include <string>

namespace storage {

class Store;

struct ArtifactSelection
{
    /// Only teachers of this dataset (the runs' dataset name); empty: every teacher.
    std::string dataset;
    /// Only these scores (their store keys); empty: every score.
    std::set<std::string> scoreKeys;
    bool scoresToo = true;
};

struct CopiedArtifacts
{
    int teachers = 0;
    int scores = 0;
};

/// Copies the teachers and scores `to` lacks from `from`. A teacher's checkpoint file is hard
/// linked into `to`'s artifacts folder (copied where the two are on different file systems) under
/// a temporary name, its SHA-256 checked against the row, and renamed into place. Writes no
/// transaction of its own: callers that need one hold it. Throws StoreError naming the file when a
/// checkpoint is missing or does not match.
CopiedArtifacts copyArtifacts(Store &from, Store &to, const ArtifactSelection &selection = {});

} // namespace storage

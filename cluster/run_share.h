#pragma once

// A cluster task's share of a sweep: `run --shard I/N` or `run --run-list FILE`, and the run
// list files `slurm submit` writes.

#include "engine/experiment/spec.h"
#include "storage/artifact_copy.h"

#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace engine {
class Experiment;
}

namespace cluster {

/// The store's key of a run (the SHA-256 of its identity): what run lists name runs by.
std::string runKey(const engine::RunConfig &run);

/// Positions of the runs with position mod N = I, for "I/N". Throws std::runtime_error naming
/// the value and what was expected.
std::vector<size_t> shardPositions(const std::string &shard, size_t runCount);

/// Positions of the runs a run list names. Throws std::runtime_error naming the file and line of
/// a malformed key or of a run that is not in the experiment (the spec changed since the list
/// was written).
std::vector<size_t> runListPositions(const std::filesystem::path &file,
                                     const engine::Experiment &experiment);

/// The keys a run list names, unchecked (the run list's own reader checks them); empty when the
/// file cannot be read.
std::set<std::string> runListKeys(const std::filesystem::path &file);

/// The (key, display name) lines of a run list in their order, unchecked; empty when the file
/// cannot be read.
std::vector<std::pair<std::string, std::string>> runListEntries(const std::filesystem::path &file);

/// The teachers and scores these runs of a dataset need: what a task copies from the preparation
/// and the preparation from the workspace.
storage::ArtifactSelection artifactsNeeded(const std::string &dataset,
                                           const std::vector<const engine::RunConfig *> &runs);

/// Writes a run list: a comment line, then one "KEY  name" line per run. Throws on a write error.
void writeRunList(const std::filesystem::path &file, const std::string &comment,
                  const std::vector<const engine::RunConfig *> &runs);

} // namespace cluster

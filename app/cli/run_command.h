#pragma once

#include "engine/experiment/spec.h"

#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace cli {

/// `prunescope-cli run SPEC.json`: flags override the spec's common fields.
struct RunOptions
{
    std::string specPath;
    std::string store = "prunescope.db";
    std::optional<std::string> name, dataset, datasetFormat, student, teacher, method, direction,
        fractions, alphas, seeds, tau, device, steps, epochs, batchSize, teacherEpochs, runsAtOnce;
    /// dataset.inject: label_noise, label_mode, corrupt_each, corruptions ("a,b"), seed
    std::optional<std::string> labelNoise, labelMode, corruptEach, corruptions, injectSeed;
    std::optional<bool> classBalanced;
    std::optional<int64_t> imageSize;
    bool dryRun = false;
    /// A cluster task's share: "I/N" runs the runs at positions p with p mod N = I.
    std::optional<std::string> shard;
    /// A cluster task's explicit share: a file of run keys, one per line (`slurm submit` writes
    /// it).
    std::optional<std::string> runList;
    /// Only the teacher and the pruning scores, into the store's caches (a preparation job).
    bool prepareOnly = false;
    /// A store to take the teachers and scores from before running (the preparation's), read only.
    std::optional<std::string> artifactsFrom;
    int threads = 0; ///< LibTorch threads; 0 = every CPU this process may use
};

/// Exit codes: 0 all runs finished, 1 some run failed, 2 bad input (nothing written), 130 stopped.
int runCommand(const RunOptions &options, std::stop_token stop);

} // namespace cli

#pragma once

#include "engine/core/output_path.h"
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
};

/// The spec file (or, with an empty path, a minimal spec: smallcnn, random, f = 1) with the
/// options' overrides applied, parsed and validated; prints every problem and returns nullopt
/// when there is one.
std::optional<engine::ExperimentSpec> loadSpec(const RunOptions &options);

/// A study: several experiment specs run into one store and compared together (a findings
/// preset). A file with an "experiments" list is one; any other spec file is a study of one.
struct Study
{
    std::string name;
    std::optional<int> finding; ///< the paper's finding it reproduces (paper-notes.md)
    std::string summary; ///< one sentence: what it shows
    std::string expected; ///< what the paper reports, for the verdict
    std::vector<engine::ExperimentSpec> experiments;
};
/// The spec file as a study, with the overrides applied to every experiment; prints every
/// problem (named experiments[i].field) and returns nullopt when there is one.
std::optional<Study> loadStudy(const RunOptions &options);

/// What an output of a command on this spec must not replace: the store's files and artifacts,
/// the spec file and the dataset.
std::vector<engine::ProtectedPath> protectedInputs(const std::string &store,
                                                   const std::string &specPath,
                                                   const engine::ExperimentSpec &spec);

/// Exit codes: 0 all runs finished, 1 some run failed, 2 bad input (nothing written), 130 stopped.
int runCommand(const RunOptions &options, std::stop_token stop);

} // namespace cli

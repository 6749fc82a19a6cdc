#pragma once

// Reading experiment specs and studies from files, with the command line's overrides applied.

#include "app/cli/run_command.h"
#include "engine/core/output_path.h"
#include "engine/experiment/spec.h"

#include <optional>
#include <string>
#include <vector>

namespace cli {

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

} // namespace cli

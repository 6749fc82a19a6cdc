#pragma once

#include <optional>
#include <stop_token>
#include <string>

namespace cli {

/// `prunescope-cli run SPEC.json`: flags override the spec's common fields.
struct RunOptions
{
    std::string specPath;
    std::string store = "prunescope.db";
    std::optional<std::string> name, dataset, datasetFormat, student, teacher, method, direction,
        fractions, alphas, seeds, tau, device, steps, epochs, batchSize, teacherEpochs;
    std::optional<bool> classBalanced;
    std::optional<int64_t> imageSize;
    bool dryRun = false;
};

/// Exit codes: 0 all runs finished, 1 some run failed, 2 bad input (nothing written), 130 stopped.
int runCommand(const RunOptions &options, std::stop_token stop);

} // namespace cli

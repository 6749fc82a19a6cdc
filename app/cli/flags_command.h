#pragma once

#include "app/cli/run_command.h"

#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace cli {

/// `prunescope-cli flags [SPEC.json]`: label-issue and image-quality flags of the spec's training
/// data (with its injection), exported as CSV and, under injection, evaluated against the truth.
struct FlagsOptions
{
    RunOptions spec; ///< spec path, store and dataset/injection overrides
    int folds = 4;
    int64_t epochs = 2;
    std::string model = "smallcnn";
    std::string device = "auto";
    int64_t seed = 0;
    int repeats = 2; ///< as engine::OutOfSampleOptions; cross-validation repeats averaged (seeds
                     ///< seed … seed + repeats − 1)
    double teacherWeight = 0; ///< the teacher's share in the label-issue probabilities
    std::vector<std::string> thresholds; ///< "name=value"
    std::optional<std::string> out; ///< CSV of every sample (or only flagged ones)
    bool onlyFlagged = false;
    bool evaluate = false;
    std::string labelFilter = "lowest_quality";
    std::string labelRank = "noise_posterior";
    std::optional<std::string> probabilities; ///< N×K .npy of the out-of-sample probabilities
};

/// Exit codes: 0 done, 2 bad input, 130 stopped.
int flagsCommand(const FlagsOptions &options, std::stop_token stop);

} // namespace cli

#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace cli {

struct ScoresOptions
{
    std::string store;
    std::optional<std::string> method;
    std::optional<int64_t> id;
    int64_t top = 10;
    std::optional<std::string> exportPath;
};

/// `prunescope-cli scores DB`: the stored scores, or one method's summary (count, quantiles, a
/// text histogram, the hardest and easiest sample ids) and its export as CSV or .npy.
int scoresCommand(const ScoresOptions &options);

struct SubsetOptions
{
    std::string store;
    int64_t run = 0;
    std::string exportPath;
};

/// `prunescope-cli subset DB --run ID --export FILE`: a finished run's kept indices.
int subsetCommand(const SubsetOptions &options);

/// `prunescope-cli methods`: every pruning method's definition, meaning of "hard", default
/// direction and settings.
int methodsCommand(bool asJson);

} // namespace cli

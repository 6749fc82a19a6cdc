#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cli {

struct TeacherCheckOptions
{
    std::string file;
    std::string dataset;
    std::string datasetFormat = "auto";
    int imageSize = 32;
    int channels = 3;
    bool skipCorrupt = false;
    std::string input = "standardized";
    std::vector<double> mean, stdDev;
    std::string device = "auto";
    std::optional<std::string> logitsPath; ///< .npy of the first `count` training images' logits
    int64_t count = 256;
};

/// `prunescope-cli teacher check FILE`: loads a TorchScript teacher against a dataset, checks its
/// input shape and output width with a probe batch, and prints its test accuracy. Exit codes: 0,
/// 2 when the file or dataset cannot be used (the message says why).
int teacherCheckCommand(const TeacherCheckOptions &options);

} // namespace cli

#pragma once

#include <string>
#include <vector>

namespace engine {

/// What pixels an imported teacher expects. Prunescope's own models see each channel standardised
/// by this training set's mean and std; a module trained elsewhere usually expects its own
/// transforms.Normalize(mean, std) of pixels scaled to [0, 1].
struct TeacherInput
{
    std::string kind = "standardized"; ///< "standardized", "unit" ([0, 1]) or "normalize"
    std::vector<double> mean; ///< per channel, for "normalize"
    std::vector<double> stdDev;

    bool operator==(const TeacherInput &) const = default;
};

/// The model name an imported teacher is stored under ("torchscript <file name>"), and the test
/// for it: the store's teachers table and the front ends tell the two kinds apart by it.
inline std::string importedTeacherModel(const std::string &fileName)
{
    return "torchscript " + fileName;
}
inline bool isImportedTeacherModel(const std::string &model)
{
    return model.rfind("torchscript", 0) == 0;
}

} // namespace engine

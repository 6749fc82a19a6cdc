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

} // namespace engine

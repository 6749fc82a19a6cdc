#pragma once

#include <ostream>

namespace engine {
struct SampleQuality;
}

namespace cli {

/// The calibrated confident joint: how many samples of each given class confident learning
/// estimates belong to each other class, and how many the label-issue filter picks. Up to 12
/// classes the whole matrix; more, the largest off-diagonal cells.
void printNoiseMatrix(const engine::SampleQuality &quality, std::ostream &out);

} // namespace cli

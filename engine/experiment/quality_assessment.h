#pragma once

#include "engine/experiment/quality_sources.h"
#include "engine/experiment/spec.h"
#include "engine/quality/injected_dataset.h"
#include "engine/quality/sample_quality.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace engine {

class DatasetCache;
struct Dataset;

/// Everything the sample browser and `prunescope-cli flags` show for one spec's training data.
struct QualityReport
{
    std::shared_ptr<const Dataset> data; ///< injected as the spec says
    InjectionTruth truth; ///< undefined without injection
    SampleQuality quality;
    std::vector<KeptSet> runs; ///< done runs on this data, by method, fraction, α, seed
    std::vector<StoredScore> scores; ///< stored pruning scores of this data
    std::string teacherNote; ///< which teacher gave the disagreement flag, or why there is none
    std::string oosNote; ///< "trained 4 folds in 1:52" or "from the store"
};

/// Loads the spec's dataset (with its injection), takes from the sources the teacher of the spec
/// (if one was trained or imported there), any stored AUM and pruning scores and the done runs on
/// the same data, trains or reads the out-of-sample probabilities (cached in the sources), and
/// measures every flag. Throws DataError, ConfigError or Cancelled.
QualityReport assessSpec(const ExperimentSpec &spec, QualitySources &sources, DatasetCache &cache,
                         const OutOfSampleOptions &options,
                         const std::function<void(const std::string &, double)> &onProgress,
                         std::stop_token stop);

/// Share of a kept set that is flagged (by any of flags at the thresholds) and, when the truth is
/// known, truly corrupted (flipped label or injected corruption).
struct RetainedNoise
{
    double flagged = 0;
    double trulyNoisy = NAN;
};
RetainedNoise retainedNoise(const KeptSet &run, const QualityReport &report,
                            const std::vector<Flag> &flags, const FlagThresholds &thresholds);

} // namespace engine

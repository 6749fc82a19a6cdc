#pragma once

#include "engine/quality/injected_dataset.h"
#include "engine/quality/sample_quality.h"
#include "engine/spec.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

namespace engine {
class DatasetCache;
struct Dataset;
} // namespace engine

namespace storage {

/// A finished run of the store on the same (injected) training data: which samples it kept.
struct KeptSet
{
    int64_t runId = 0;
    std::string name; ///< "el2n · f=0.1 · α=0 · seed 0"
    std::string method; ///< method label ("el2n", "random", ...)
    double fraction = 0;
    double alpha = 0;
    int64_t seed = 0;
    std::vector<int64_t> kept; ///< sorted training-set indices
};

/// A pruning score stored for the same training data (one column of the browser).
struct StoredScore
{
    std::string method;
    bool higherIsHarder = true;
    std::vector<double> values;
};

/// Everything the sample browser and `prunescope-cli flags` show for one spec's training data.
struct QualityReport
{
    std::shared_ptr<const engine::Dataset> data; ///< injected as the spec says
    engine::InjectionTruth truth; ///< undefined without injection
    engine::SampleQuality quality;
    std::vector<KeptSet> runs; ///< done runs on this data, by method, fraction, α, seed
    std::vector<StoredScore> scores; ///< stored pruning scores of this data
    std::string teacherNote; ///< which teacher gave the disagreement flag, or why there is none
    std::string oosNote; ///< "trained 4 folds in 1:52" or "from the store"
};

/// Loads the spec's dataset (with its injection), finds in the store the teacher of the spec (if
/// it was trained or imported there), any stored AUM and pruning scores and the done runs on the
/// same data, trains or reads the out-of-sample probabilities (cached in the store), and measures
/// every flag. Throws DataError, ConfigError, StoreError or Cancelled.
QualityReport assessSpec(const engine::ExperimentSpec &spec, const std::filesystem::path &storeFile,
                         engine::DatasetCache &cache, const engine::OutOfSampleOptions &options,
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
                            const std::vector<engine::Flag> &flags,
                            const engine::FlagThresholds &thresholds);

} // namespace storage

#pragma once

#include "engine/data/device_data.h"
#include "engine/prune/proxy_spec.h"
#include "engine/train/progress.h"

#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace engine {

class Classifier;

/// Everything a score is computed from; runs that select on the same score share it.
struct ScoreRequest
{
    std::string method; ///< a scoring method: not random, subset or ccs (its base score is)
    nlohmann::json settings; ///< resolved
    std::optional<ProxySpec> proxy;
    int64_t seed = 0;
    bool perClass = false; ///< herding and k-center: order within each class
    std::string fingerprint; ///< the training set's, for imported score files
};

/// What scoring may use and report to.
struct ScoreContext
{
    const DeviceData *data = nullptr;
    Classifier *teacher = nullptr; ///< frozen, eval mode; required by teacher-based scores
    double teacherForwardFlops = NAN; ///< one image through the teacher; NaN when unknown
    std::stop_token stop;
    std::function<void(const std::string &)> onStage; ///< "Proxy 2 of 3: training smallcnn"
    std::function<void(const StepEvent &)> onStep;
};

struct ScoreResult
{
    std::vector<double> values; ///< one per training sample, the method's natural scale
    double seconds = 0;
    double flops = 0; ///< nominal (train/compute_cost.h); NaN when the teacher's cost is unknown
};

/// Computes a per-sample score on the full training set as MethodInfo defines it. Throws
/// Cancelled when stop fires during proxy training, ConfigError for settings that cannot work.
ScoreResult computeScores(const ScoreRequest &request, const ScoreContext &context);

/// Seed of the k-th proxy of a score seed (its initialisation and batch order).
uint64_t proxySeed(int64_t scoreSeed, int64_t k);

} // namespace engine

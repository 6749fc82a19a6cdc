#pragma once

// What the quality assessment reads from a workspace, without torch: storage implements it and
// the window's headers name its types.

#include "engine/prune/score_cache.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace engine {

/// A finished run on the same (injected) training data: which samples it kept.
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

/// A teacher a workspace holds, as the teacher-disagreement flag needs it.
struct StoredTeacher
{
    int64_t id = 0;
    std::string model; ///< an architecture name, or the imported-teacher label
    std::string identityJson; ///< dataset content, model, recipe, seed (input for imports)
    std::filesystem::path checkpoint; ///< absolute
    std::optional<double> testAccuracy;
    std::string createdAt;
};

/// What a workspace holds about one training set: its teachers, pruning scores and finished
/// runs, and (as a ScoreCache) the cache of out-of-sample probabilities. storage implements it;
/// the assessment itself is engine work.
class QualitySources : public ScoreCache
{
public:
    /// Teachers trained on (or imported for) data with this fingerprint, oldest first.
    virtual std::vector<StoredTeacher> teachersOf(const std::string &fingerprint) = 0;
    /// The newest stored value of each pruning score of this data that has count values.
    virtual std::vector<StoredScore> scoresOf(const std::string &fingerprint, int64_t count) = 0;
    /// Finished runs on this data with their kept samples.
    virtual std::vector<KeptSet> keptSetsOf(const std::string &fingerprint) = 0;
};

} // namespace engine

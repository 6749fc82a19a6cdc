#pragma once

#include <optional>
#include <string>
#include <vector>

namespace engine {

/// A per-sample score computed once and shared by every run that selects on it.
struct ScoreRecord
{
    std::string method;
    std::string datasetName;
    std::string fingerprint;
    bool higherIsHarder = true;
    std::vector<double> values;
    double seconds = 0; ///< compute time (proxy training included)
    double flops = 0; ///< nominal FLOPs (proxy training included); NaN when unknown
};

/// Where computed scores are kept, keyed by their identity, so that nothing is computed twice.
/// The experiment store is one; the quality flags cache their out-of-sample probabilities in it.
class ScoreCache
{
public:
    virtual ~ScoreCache() = default;
    /// A stored score with that identity (RunConfig::scoreKey), if any.
    virtual std::optional<std::vector<double>> findScores(const std::string &scoreKey)
    {
        return std::nullopt;
    }
    virtual void saveScores(const std::string &scoreKey, const ScoreRecord &score) { }
};

} // namespace engine

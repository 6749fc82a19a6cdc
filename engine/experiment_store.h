#pragma once

#include "engine/observer.h"
#include "engine/spec.h"

#include <filesystem>
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
};

/// What the runner asks of persistence: which runs are finished already, and the teacher cache.
/// storage::Recorder implements it on SQLite; the engine knows nothing of how.
class ExperimentStore
{
public:
    virtual ~ExperimentStore() = default;
    /// Records the experiment and its runs; for each run, whether it is finished already (skip it).
    virtual std::vector<bool> registerExperiment(const ExperimentSpec &spec,
                                                 const std::vector<RunConfig> &runs)
        = 0;
    /// A cached teacher with that identity whose checkpoint file is intact, if any.
    virtual std::optional<TeacherRecord> findTeacher(const std::string &teacherKey) = 0;
    /// Where a newly trained teacher's checkpoint goes (the engine writes a temporary file and
    /// renames it there).
    virtual std::filesystem::path teacherCheckpointPath(const std::string &teacherKey) = 0;
    virtual void saveTeacher(const std::string &teacherKey, const TeacherRecord &teacher) = 0;
    /// A stored score with that identity (RunConfig::scoreKey), if any.
    virtual std::optional<std::vector<double>> findScores(const std::string &scoreKey)
    {
        return std::nullopt;
    }
    virtual void saveScores(const std::string &scoreKey, const ScoreRecord &score) { }
    /// Asked just before each pending run starts: false skips it (cancelled while it waited).
    virtual bool shouldStart(size_t run) { return true; }
};

} // namespace engine

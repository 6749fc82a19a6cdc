#pragma once

#include "engine/experiment/observer.h"
#include "engine/experiment/spec.h"
#include "engine/prune/score_cache.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace engine {

/// What the runner asks of persistence: which runs are finished already, the teacher cache and
/// (as a ScoreCache) the score cache.
/// storage::Recorder implements it on SQLite; the engine knows nothing of how.
class ExperimentStore : public ScoreCache
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
    /// Asked just before each pending run starts: false skips it (cancelled while it waited).
    virtual bool shouldStart(size_t run) { return true; }
};

} // namespace engine

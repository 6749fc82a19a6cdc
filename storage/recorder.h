#pragma once

#include "engine/experiment/experiment_store.h"
#include "engine/experiment/observer.h"
#include "storage/run_row.h"

#include <atomic>
#include <map>

namespace storage {

class Store;

/// Persists what the engine reports and answers what it asks: implements the engine's
/// ExperimentStore (finished runs, teacher cache) and Observer (run states, metrics, subsets)
/// on one Store. Lives on the worker thread, with the worker's own Store.
class Recorder : public engine::ExperimentStore, public engine::Observer
{
public:
    /// Which registered runs are run. RetryUnfinished (the command line): every run not done,
    /// failed and cancelled ones included. QueuedOnly (the window's queue): only runs still queued
    /// or interrupted; the user's cancellations stand.
    enum class Pending { RetryUnfinished, QueuedOnly };

    explicit Recorder(Store &store, Pending pending = Pending::RetryUnfinished);

    /// The status a run stopped by the stop token gets: cancelled (the user's request, default)
    /// or interrupted (the program is closing; the run is re-queued on the next start).
    /// Thread-safe (the window's closing sets it from the GUI thread).
    void setStoppedStatus(RunStatus status) { m_stoppedStatus = status; }

    std::vector<bool> registerExperiment(const engine::ExperimentSpec &spec,
                                         const std::vector<engine::RunConfig> &runs) override;
    std::optional<engine::TeacherRecord> findTeacher(const std::string &teacherKey) override;
    std::filesystem::path teacherCheckpointPath(const std::string &teacherKey) override;
    void saveTeacher(const std::string &teacherKey, const engine::TeacherRecord &teacher) override;
    std::optional<std::vector<double>> findScores(const std::string &scoreKey) override;
    void saveScores(const std::string &scoreKey, const engine::ScoreRecord &score) override;
    bool shouldStart(size_t run) override;

    void evaluated(std::optional<size_t> run, const engine::EvalMetrics &metrics) override;
    void runStarted(size_t run, const std::string &device) override;
    void runFinished(const engine::RunOutcome &outcome) override;
    void runEnded(size_t run, engine::RunEnd end, const std::string &message) override;

    /// Store ids of the registered runs, in the experiment's order.
    const std::vector<int64_t> &runIds() const { return m_runIds; }
    int64_t experimentId() const { return m_experimentId; }

private:
    Store &m_store;
    Pending m_pending;
    std::atomic<RunStatus> m_stoppedStatus { RunStatus::Cancelled };
    int64_t m_experimentId = 0;
    std::vector<int64_t> m_runIds;
    std::map<std::string, int64_t> m_teacherIds; ///< by identity JSON
};

/// The store's key for an identity JSON: its SHA-256.
std::string identityKey(const std::string &identityJson);

} // namespace storage

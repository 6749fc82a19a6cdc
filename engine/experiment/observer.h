#pragma once

#include "engine/train/progress.h"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace engine {

/// A teacher trained on the full training set (or loaded from the store's cache).
struct TeacherRecord
{
    std::string model;
    std::string dataset; ///< the dataset's name
    std::filesystem::path checkpoint;
    double testAccuracy = NAN;
    double testLoss = NAN;
    double validationAccuracy = NAN; ///< NaN without a validation split
    double validationLoss = NAN;
    double trainSeconds = 0;
    double trainFlops = NAN; ///< nominal (see trainingFlops); NaN when unknown (imported)
};

enum class Stage {
    LoadTeacher,
    TrainTeacher,
    TeacherLogits,
    ComputeScores,
    SelectSubset,
    TrainStudent
};

struct StageEvent
{
    Stage stage;
    std::optional<size_t> run; ///< index into the experiment's runs; empty for teacher stages
    std::string text; ///< "Training teacher smallcnn on 60000 images"
};

struct RunOutcome
{
    size_t run = 0;
    EvalMetrics final;
    std::vector<int64_t> keptIndices;
    int64_t steps = 0;
    double seconds = 0;
    /// The student's nominal training FLOPs, the teacher's forward passes under KD included; NaN
    /// when a model's cost is unknown (an imported teacher).
    double flops = NAN;
    std::string teacherKey; ///< identity of the teacher distilled from; empty without KD
};

enum class RunEnd { Failed, Cancelled };

/// What the engine reports while an experiment runs. Called on the engine's threads one call at
/// a time (runs trained side by side report through a LockedObserver), never concurrently; every
/// method has an empty default so an observer implements only what it shows or records.
class Observer
{
public:
    virtual ~Observer() = default;
    /// Once, after the store has been asked which runs are finished already (those are skipped).
    virtual void runsPlanned(const std::vector<bool> &alreadyFinished) { }
    virtual void stageStarted(const StageEvent &) { }
    /// After every optimiser step; observers throttle their own output.
    virtual void stepDone(const StepEvent &) { }
    virtual void evaluated(std::optional<size_t> run, const EvalMetrics &) { }
    virtual void teacherReady(const std::string &teacherKey, const TeacherRecord &, bool trainedNow)
    { }
    virtual void runStarted(size_t run, const std::string &device) { }
    /// Right after runStarted: a stop source that cancels this run only (the experiment's stop
    /// token cancels every run). Runs trained side by side each have their own.
    virtual void runStopSource(size_t run, std::stop_source stop) { }
    virtual void runFinished(const RunOutcome &) { }
    virtual void runEnded(size_t run, RunEnd end, const std::string &message) { }
};

/// Forwards every event to several observers in order (the store first, then the display).
class ObserverList : public Observer
{
public:
    void add(Observer *observer) { m_observers.push_back(observer); }
    void runsPlanned(const std::vector<bool> &alreadyFinished) override;
    void stageStarted(const StageEvent &e) override;
    void stepDone(const StepEvent &e) override;
    void evaluated(std::optional<size_t> run, const EvalMetrics &m) override;
    void teacherReady(const std::string &key, const TeacherRecord &t, bool trainedNow) override;
    void runStarted(size_t run, const std::string &device) override;
    void runStopSource(size_t run, std::stop_source stop) override;
    void runFinished(const RunOutcome &o) override;
    void runEnded(size_t run, RunEnd end, const std::string &message) override;

private:
    std::vector<Observer *> m_observers;
};

/// Forwards every event to one observer under a mutex, so that runs trained side by side on
/// their own threads report one event at a time.
class LockedObserver : public Observer
{
public:
    LockedObserver(Observer &target, std::mutex &mutex)
        : m_target(target)
        , m_mutex(mutex)
    { }
    void runsPlanned(const std::vector<bool> &alreadyFinished) override;
    void stageStarted(const StageEvent &e) override;
    void stepDone(const StepEvent &e) override;
    void evaluated(std::optional<size_t> run, const EvalMetrics &m) override;
    void teacherReady(const std::string &key, const TeacherRecord &t, bool trainedNow) override;
    void runStarted(size_t run, const std::string &device) override;
    void runStopSource(size_t run, std::stop_source stop) override;
    void runFinished(const RunOutcome &o) override;
    void runEnded(size_t run, RunEnd end, const std::string &message) override;

private:
    Observer &m_target;
    std::mutex &m_mutex;
};

} // namespace engine

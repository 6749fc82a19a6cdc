#include "engine/experiment/observer.h"

namespace engine {

void ObserverList::runsPlanned(const std::vector<bool> &alreadyFinished)
{
    for (auto *o : m_observers)
        o->runsPlanned(alreadyFinished);
}
void ObserverList::stageStarted(const StageEvent &e)
{
    for (auto *o : m_observers)
        o->stageStarted(e);
}
void ObserverList::stepDone(const StepEvent &e)
{
    for (auto *o : m_observers)
        o->stepDone(e);
}
void ObserverList::evaluated(std::optional<size_t> run, const EvalMetrics &m)
{
    for (auto *o : m_observers)
        o->evaluated(run, m);
}
void ObserverList::teacherReady(const std::string &key, const TeacherRecord &t, bool trainedNow)
{
    for (auto *o : m_observers)
        o->teacherReady(key, t, trainedNow);
}
void ObserverList::runStarted(size_t run, const std::string &device)
{
    for (auto *o : m_observers)
        o->runStarted(run, device);
}
void ObserverList::runStopSource(size_t run, std::stop_source stop)
{
    for (auto *o : m_observers)
        o->runStopSource(run, stop);
}
void ObserverList::runFinished(const RunOutcome &outcome)
{
    for (auto *o : m_observers)
        o->runFinished(outcome);
}
void ObserverList::runEnded(size_t run, RunEnd end, const std::string &message)
{
    for (auto *o : m_observers)
        o->runEnded(run, end, message);
}

void LockedObserver::runsPlanned(const std::vector<bool> &alreadyFinished)
{
    std::lock_guard lock(m_mutex);
    m_target.runsPlanned(alreadyFinished);
}
void LockedObserver::stageStarted(const StageEvent &e)
{
    std::lock_guard lock(m_mutex);
    m_target.stageStarted(e);
}
void LockedObserver::stepDone(const StepEvent &e)
{
    std::lock_guard lock(m_mutex);
    m_target.stepDone(e);
}
void LockedObserver::evaluated(std::optional<size_t> run, const EvalMetrics &m)
{
    std::lock_guard lock(m_mutex);
    m_target.evaluated(run, m);
}
void LockedObserver::teacherReady(const std::string &key, const TeacherRecord &t, bool trainedNow)
{
    std::lock_guard lock(m_mutex);
    m_target.teacherReady(key, t, trainedNow);
}
void LockedObserver::runStarted(size_t run, const std::string &device)
{
    std::lock_guard lock(m_mutex);
    m_target.runStarted(run, device);
}
void LockedObserver::runStopSource(size_t run, std::stop_source stop)
{
    std::lock_guard lock(m_mutex);
    m_target.runStopSource(run, stop);
}
void LockedObserver::runFinished(const RunOutcome &outcome)
{
    std::lock_guard lock(m_mutex);
    m_target.runFinished(outcome);
}
void LockedObserver::runEnded(size_t run, RunEnd end, const std::string &message)
{
    std::lock_guard lock(m_mutex);
    m_target.runEnded(run, end, message);
}

} // namespace engine

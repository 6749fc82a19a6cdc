#include "engine/observer.h"

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

} // namespace engine

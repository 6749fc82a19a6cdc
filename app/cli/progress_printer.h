#pragma once

#include "engine/experiment/observer.h"
#include "engine/experiment/spec.h"

#include <chrono>
#include <cmath>
#include <iosfwd>
#include <map>

namespace cli {

/// Shows an experiment's progress on the terminal: stage lines, a live status line (rewritten in
/// place on a terminal, at most every 200 ms; one line per evaluation otherwise) with the step,
/// epoch, latest test accuracy and ETA of the job that reported last (runs can train side by side),
/// and one line per finished run.
class ProgressPrinter : public engine::Observer
{
public:
    ProgressPrinter(const std::vector<engine::RunConfig> &runs, std::ostream &out,
                    bool interactive);

    void runsPlanned(const std::vector<bool> &alreadyFinished) override;
    void stageStarted(const engine::StageEvent &e) override;
    void stepDone(const engine::StepEvent &e) override;
    void evaluated(std::optional<size_t> run, const engine::EvalMetrics &m) override;
    void teacherReady(const std::string &key, const engine::TeacherRecord &t,
                      bool trainedNow) override;
    void runStarted(size_t run, const std::string &device) override;
    void runFinished(const engine::RunOutcome &o) override;
    void runEnded(size_t run, engine::RunEnd end, const std::string &message) override;

private:
    /// Progress of one job training now: a student run (by index) or the teacher (−1).
    struct Live
    {
        engine::StepEvent step;
        double lastAccuracy = NAN;
        int ordinal = 0; ///< k of "[k/N]"
    };
    std::string label(int64_t job) const;
    std::string statusLine() const;
    void printLine(const std::string &line);
    void showStatus(bool force);
    /// Seconds left: the remaining steps of the jobs training now and of every pending run, at
    /// the pace measured so far, shared among the runs that train side by side.
    double secondsLeftOverall() const;

    const std::vector<engine::RunConfig> &m_runs;
    std::ostream &m_out;
    bool m_interactive;
    std::vector<bool> m_pending;
    int m_toRun = 0;
    int m_started = 0;
    std::map<int64_t, Live> m_live;
    int64_t m_shown = -1; ///< the job the status line shows (the latest to report)
    double m_studentSeconds = 0;
    int64_t m_studentSteps = 0;
    bool m_statusShown = false;
    std::chrono::steady_clock::time_point m_lastPrint;
};

} // namespace cli

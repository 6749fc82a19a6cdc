#include "app/cli/progress_printer.h"

#include "app/cli/text_table.h"
#include "engine/budget.h"
#include "engine/models/teacher_input.h"

#include <cstdio>
#include <ostream>

namespace cli {

ProgressPrinter::ProgressPrinter(const std::vector<engine::RunConfig> &runs, std::ostream &out,
                                 bool interactive)
    : m_runs(runs)
    , m_out(out)
    , m_interactive(interactive)
    , m_pending(runs.size(), true)
{ }

void ProgressPrinter::runsPlanned(const std::vector<bool> &alreadyFinished)
{
    int skipped = 0;
    for (size_t i = 0; i < alreadyFinished.size(); ++i) {
        m_pending[i] = !alreadyFinished[i];
        skipped += alreadyFinished[i] ? 1 : 0;
    }
    m_toRun = static_cast<int>(m_runs.size()) - skipped;
    std::string line = std::to_string(m_runs.size()) + " runs in this experiment";
    if (skipped > 0)
        line += ", " + std::to_string(skipped) + " already in the store (skipped)";
    printLine(line + ", " + std::to_string(m_toRun) + " to run");
}

std::string ProgressPrinter::label(std::optional<size_t> run) const
{
    if (!run)
        return "[teacher]";
    return "[" + std::to_string(m_started) + "/" + std::to_string(m_toRun) + "] "
        + engine::runDisplayName(m_runs[*run]);
}

void ProgressPrinter::printLine(const std::string &line)
{
    if (m_interactive && m_statusShown)
        m_out << "\r\033[K";
    m_statusShown = false;
    m_out << line << '\n' << std::flush;
}

double ProgressPrinter::secondsLeftOverall() const
{
    if (m_step.step <= 0)
        return NAN;
    const double pace = m_step.elapsedSeconds / double(m_step.step);
    double left = pace * double(m_step.totalSteps - m_step.step);
    const double studentPace
        = m_studentSteps > 0 ? m_studentSeconds / double(m_studentSteps) : pace;
    for (size_t i = 0; i < m_runs.size(); ++i)
        if (m_pending[i] && (!m_run || i != *m_run))
            left += studentPace * double(engine::totalSteps(m_runs[i].recipe, m_runs[i].keptCount));
    return left;
}

std::string ProgressPrinter::statusLine() const
{
    char text[160];
    std::snprintf(text, sizeof text, " · step %lld/%lld · epoch %.1f · acc %s %% · ETA %s, all %s",
                  static_cast<long long>(m_step.step), static_cast<long long>(m_step.totalSteps),
                  m_step.epoch, percent(m_lastAccuracy, 1).c_str(),
                  duration(m_step.step > 0 ? m_step.elapsedSeconds / double(m_step.step)
                                   * double(m_step.totalSteps - m_step.step)
                                           : NAN)
                      .c_str(),
                  duration(secondsLeftOverall()).c_str());
    return label(m_run) + text;
}

void ProgressPrinter::showStatus(bool force)
{
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - m_lastPrint < std::chrono::milliseconds(200))
        return;
    m_lastPrint = now;
    if (m_interactive) {
        m_out << "\r\033[K" << statusLine() << std::flush;
        m_statusShown = true;
    } else if (force) {
        m_out << statusLine() << '\n' << std::flush;
    }
}

void ProgressPrinter::stageStarted(const engine::StageEvent &e)
{
    if (e.stage == engine::Stage::TrainStudent || e.stage == engine::Stage::SelectSubset)
        return; // the run's own line says it
    printLine("• " + e.text);
    m_lastAccuracy = NAN;
}

void ProgressPrinter::stepDone(const engine::StepEvent &e)
{
    m_step = e;
    m_run = e.run;
    showStatus(false);
}

void ProgressPrinter::evaluated(std::optional<size_t>, const engine::EvalMetrics &m)
{
    m_lastAccuracy = m.testAccuracy;
    showStatus(true);
}

void ProgressPrinter::teacherReady(const std::string &, const engine::TeacherRecord &t,
                                   bool trainedNow)
{
    printLine("✓ teacher " + t.model + ": " + percent(t.testAccuracy) + " % test accuracy ("
              + (!trainedNow ? std::string("cached in the store")
                     : engine::isImportedTeacherModel(t.model)
                     ? std::string("imported, measured now")
                     : "trained in " + duration(t.trainSeconds))
              + ")");
    m_step = {};
}

void ProgressPrinter::runStarted(size_t run, const std::string &device)
{
    ++m_started;
    m_run = run;
    m_step = {};
    m_lastAccuracy = NAN;
    if (m_started == 1)
        printLine("• Students on " + device);
}

void ProgressPrinter::runFinished(const engine::RunOutcome &o)
{
    m_pending[o.run] = false;
    m_studentSeconds += o.seconds;
    m_studentSteps += o.steps;
    printLine("✓ " + label(o.run) + ": " + percent(o.final.testAccuracy) + " % ("
              + duration(o.seconds) + ")");
}

void ProgressPrinter::runEnded(size_t run, engine::RunEnd end, const std::string &message)
{
    m_pending[run] = false;
    printLine(std::string(end == engine::RunEnd::Cancelled ? "■ " : "✗ ") + label(run) + ": "
              + (end == engine::RunEnd::Cancelled ? "cancelled" : "failed: " + message));
}

} // namespace cli

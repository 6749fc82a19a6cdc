#include "app/cli/progress_printer.h"

#include "app/cli/text_table.h"
#include "engine/experiment/run_expansion.h"
#include "engine/models/teacher_input.h"
#include "engine/train/budget.h"

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

std::string ProgressPrinter::label(int64_t job) const
{
    if (job < 0)
        return "[teacher]";
    const auto it = m_live.find(job);
    const int ordinal = it == m_live.end() ? m_started : it->second.ordinal;
    return "[" + std::to_string(ordinal) + "/" + std::to_string(m_toRun) + "] "
        + engine::runDisplayName(m_runs[static_cast<size_t>(job)]);
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
    double left = 0, pace = NAN;
    int students = 0;
    for (const auto &[job, live] : m_live) {
        if (live.step.step <= 0)
            continue;
        pace = live.step.elapsedSeconds / double(live.step.step);
        left += pace * double(live.step.totalSteps - live.step.step);
        students += job >= 0 ? 1 : 0;
    }
    if (std::isnan(pace))
        return NAN;
    const double studentPace
        = m_studentSteps > 0 ? m_studentSeconds / double(m_studentSteps) : pace;
    for (size_t i = 0; i < m_runs.size(); ++i)
        if (m_pending[i] && !m_live.count(static_cast<int64_t>(i)))
            left += studentPace * double(engine::totalSteps(m_runs[i].recipe, m_runs[i].keptCount));
    return left / std::max(1, students);
}

std::string ProgressPrinter::statusLine() const
{
    const auto it = m_live.find(m_shown);
    const Live live = it == m_live.end() ? Live {} : it->second;
    const engine::StepEvent &step = live.step;
    char text[160];
    std::snprintf(text, sizeof text, " · step %lld/%lld · epoch %.1f · acc %s %% · ETA %s, all %s",
                  static_cast<long long>(step.step), static_cast<long long>(step.totalSteps),
                  step.epoch, percent(live.lastAccuracy, 1).c_str(),
                  duration(step.step > 0 ? step.elapsedSeconds / double(step.step)
                                   * double(step.totalSteps - step.step)
                                         : NAN)
                      .c_str(),
                  duration(secondsLeftOverall()).c_str());
    std::string line = label(m_shown) + text;
    if (const size_t side = m_live.size() - m_live.count(-1); side > 1)
        line += " · " + std::to_string(side) + " runs at once";
    return line;
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
    if (!e.run)
        m_live.erase(-1); // a new teacher or score stage starts its count afresh
}

void ProgressPrinter::stepDone(const engine::StepEvent &e)
{
    m_shown = e.run ? static_cast<int64_t>(*e.run) : -1;
    m_live[m_shown].step = e;
    showStatus(false);
}

void ProgressPrinter::evaluated(std::optional<size_t> run, const engine::EvalMetrics &m)
{
    m_shown = run ? static_cast<int64_t>(*run) : -1;
    m_live[m_shown].lastAccuracy = m.testAccuracy;
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
    m_live.erase(-1);
}

void ProgressPrinter::runStarted(size_t run, const std::string &device)
{
    ++m_started;
    m_live.erase(-1);
    m_live[static_cast<int64_t>(run)] = { {}, NAN, m_started };
    if (m_started == 1)
        printLine("• Students on " + device);
}

void ProgressPrinter::runFinished(const engine::RunOutcome &o)
{
    m_pending[o.run] = false;
    m_studentSeconds += o.seconds;
    m_studentSteps += o.steps;
    const int64_t job = static_cast<int64_t>(o.run);
    printLine("✓ " + label(job) + ": " + percent(o.final.testAccuracy) + " % ("
              + duration(o.seconds) + ")");
    m_live.erase(job);
}

void ProgressPrinter::runEnded(size_t run, engine::RunEnd end, const std::string &message)
{
    m_pending[run] = false;
    const int64_t job = static_cast<int64_t>(run);
    printLine(std::string(end == engine::RunEnd::Cancelled ? "■ " : "✗ ") + label(job) + ": "
              + (end == engine::RunEnd::Cancelled ? "cancelled" : "failed: " + message));
    m_live.erase(job);
}

} // namespace cli

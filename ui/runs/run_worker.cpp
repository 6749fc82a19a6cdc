#include "ui/runs/run_worker.h"

#include "cluster/status.h"

#include <QMetaObject>
#include <QThread>

#include "engine/core/errors.h"
#include "engine/core/log.h"
#include "engine/data/dataset_cache.h"
#include "engine/experiment/runner.h"
#include "engine/models/teacher_input.h"
#include "storage/recorder.h"
#include "storage/store.h"

#include <chrono>
#include <spdlog/spdlog.h>

namespace ui {

void registerRunEventTypes()
{
    qRegisterMetaType<ui::RunProgress>();
    qRegisterMetaType<storage::RunRow>();
    qRegisterMetaType<ui::RunRows>();
    qRegisterMetaType<QVector<qint64>>();
}

/// Turns engine events into the worker's queued signals (progress throttled to 100 ms), and
/// lets commands sent from the window run between two training steps.
class RunWorker::Observer : public engine::Observer
{
public:
    Observer(RunWorker &worker, storage::Recorder &recorder)
        : m_worker(worker)
        , m_recorder(recorder)
    { }

    void stageStarted(const engine::StageEvent &e) override
    {
        m_stage = QString::fromStdString(e.text);
        engine::namedLogger("ui")->info("{}", e.text);
        Q_EMIT m_worker.stageChanged(m_stage);
    }

    // Progress is kept per run (runs can train side by side) and each run's is sent at most
    // every 100 ms.
    void stepDone(const engine::StepEvent &e) override
    {
        const qint64 runId = e.run ? m_recorder.runIds().at(*e.run) : -1;
        Live &live = m_live[runId];
        live.progress.runId = runId;
        live.progress.stage = m_stage;
        live.progress.step = e.step;
        live.progress.totalSteps = e.totalSteps;
        live.progress.epoch = e.epoch;
        live.progress.elapsedSeconds = e.elapsedSeconds;
        const auto now = std::chrono::steady_clock::now();
        if (now - live.lastEmit >= std::chrono::milliseconds(100) || e.step == e.totalSteps) {
            live.lastEmit = now;
            Q_EMIT m_worker.progress(live.progress);
        }
        if (m_worker.m_hasCommands.load())
            m_worker.drainCommands();
    }

    void evaluated(std::optional<size_t> run, const engine::EvalMetrics &m) override
    {
        const qint64 runId = run ? m_recorder.runIds().at(*run) : -1;
        Live &live = m_live[runId];
        live.progress.lastAccuracy = m.testAccuracy;
        live.lastEmit = std::chrono::steady_clock::now();
        Q_EMIT m_worker.progress(live.progress);
    }

    void teacherReady(const std::string &, const engine::TeacherRecord &t, bool trainedNow) override
    {
        Q_EMIT m_worker.teachersChanged();
        Q_EMIT m_worker.stageChanged(QString("Teacher %1: %2 % test accuracy (%3)")
                                         .arg(QString::fromStdString(t.model))
                                         .arg(100.0 * t.testAccuracy, 0, 'f', 2)
                                         .arg(!trainedNow ? "cached"
                                                  : engine::isImportedTeacherModel(t.model)
                                                  ? "imported, measured on the test set"
                                                  : "trained on the full training set"));
    }

    // Each run's start and end go to the Log too, so a session can be read back there.
    void runStarted(size_t run, const std::string &name) override
    {
        engine::namedLogger("ui")->info("run {} started: {}", m_recorder.runIds().at(run), name);
        m_live.erase(m_recorder.runIds().at(run));
        m_worker.emitRows({ m_recorder.runIds().at(run) });
    }
    void runStopSource(size_t run, std::stop_source stop) override
    {
        m_worker.runStartedTraining(m_recorder.runIds().at(run), std::move(stop));
    }
    void runFinished(const engine::RunOutcome &o) override
    {
        engine::namedLogger("ui")->info(
            "run {} done: {:.2f} % test accuracy after {} steps ({:.0f} s)",
            m_recorder.runIds().at(o.run), 100.0 * o.final.testAccuracy, o.steps, o.seconds);
        ended(o.run);
    }
    void runEnded(size_t run, engine::RunEnd end, const std::string &message) override
    {
        const qint64 id = m_recorder.runIds().at(run);
        if (end == engine::RunEnd::Failed)
            engine::namedLogger("ui")->error("run {} failed: {}", id, message);
        else
            engine::namedLogger("ui")->warn("run {} cancelled{}{}", id, message.empty() ? "" : ": ",
                                            message);
        ended(run);
    }

private:
    void ended(size_t run)
    {
        const qint64 id = m_recorder.runIds().at(run);
        m_live.erase(id);
        m_worker.runStoppedTraining(id);
        m_worker.emitRows({ id });
    }

    struct Live
    {
        RunProgress progress;
        std::chrono::steady_clock::time_point lastEmit;
    };
    RunWorker &m_worker;
    storage::Recorder &m_recorder;
    QString m_stage;
    std::map<qint64, Live> m_live; ///< by run id; −1 is the teacher
};

RunWorker::RunWorker(QString storePath)
    : m_storePath(std::move(storePath))
    , m_datasets(std::make_unique<engine::DatasetCache>(2))
{ }

RunWorker::~RunWorker() = default;

void RunWorker::submit(Command command)
{
    {
        std::lock_guard lock(m_mutex);
        m_commands.push_back(std::move(command));
        m_hasCommands = true;
    }
    QMetaObject::invokeMethod(this, &RunWorker::wake, Qt::QueuedConnection);
}

void RunWorker::stopCurrent()
{
    std::lock_guard lock(m_mutex);
    m_stop.request_stop();
}

void RunWorker::stopRun(qint64 runId)
{
    std::lock_guard lock(m_mutex);
    if (auto it = m_training.find(runId); it != m_training.end())
        it->second.request_stop();
}

void RunWorker::runStartedTraining(qint64 runId, std::stop_source stop)
{
    std::lock_guard lock(m_mutex);
    m_training[runId] = std::move(stop);
}

void RunWorker::runStoppedTraining(qint64 runId)
{
    std::lock_guard lock(m_mutex);
    m_training.erase(runId);
}

void RunWorker::shutdown(bool resumeLater)
{
    std::lock_guard lock(m_mutex);
    m_resumeLater = resumeLater;
    m_closing = true;
    if (m_activeRecorder && resumeLater)
        m_activeRecorder->setStoppedStatus(storage::RunStatus::Interrupted);
    m_stop.request_stop();
}

void RunWorker::start()
{
    try {
        m_store = std::make_unique<storage::Store>(m_storePath.toStdString());
        m_store->recoverInterrupted();
        RunRows rows;
        int interrupted = 0;
        for (auto &r : m_store->runs()) {
            interrupted += r.status == storage::RunStatus::Interrupted ? 1 : 0;
            rows.push_back(std::move(r));
        }
        Q_EMIT opened(rows, interrupted);
    } catch (const std::exception &e) {
        m_store.reset();
        Q_EMIT openFailed(QString::fromStdString(e.what()));
        return;
    }
    wake();
}

void RunWorker::wake()
{
    if (!m_store) {
        std::lock_guard lock(m_mutex);
        if (!m_commands.empty())
            Q_EMIT problem(tr("The workspace is not open, so the request was not carried out"));
        m_commands.clear();
        m_hasCommands = false;
        return;
    }
    drainCommands();
    if (!m_processing)
        processQueue();
}

void RunWorker::drainCommands()
{
    std::vector<Command> commands;
    {
        std::lock_guard lock(m_mutex);
        commands.swap(m_commands);
        m_hasCommands = false;
    }
    for (const Command &c : commands) {
        try {
            execute(c);
        } catch (const std::exception &e) {
            Q_EMIT problem(QString::fromStdString(e.what()));
        }
    }
}

void RunWorker::emitRows(const std::vector<int64_t> &ids)
{
    RunRows rows;
    for (int64_t id : ids)
        if (auto row = m_store->run(id))
            rows.push_back(*row);
    if (!rows.isEmpty())
        Q_EMIT runsChanged(rows);
}

void RunWorker::execute(const Command &c)
{
    std::vector<int64_t> ids(c.runIds.begin(), c.runIds.end());
    switch (c.kind) {
    case Command::Enqueue: {
        engine::ParsedSpec parsed = engine::parseSpec(c.specJson.toStdString());
        if (parsed.spec.imageOptions.cacheDir.empty())
            parsed.spec.imageOptions.cacheDir = m_store->decodedCacheDir();
        if (!parsed.problems.empty()) {
            Q_EMIT problem("The spec cannot be queued:\n"
                           + QString::fromStdString(engine::formatProblems(parsed.problems)));
            return;
        }
        const engine::Experiment experiment = engine::Experiment::prepare(parsed.spec, *m_datasets);
        storage::Recorder recorder(*m_store, storage::Recorder::Pending::RetryUnfinished);
        const std::vector<bool> done = recorder.registerExperiment(parsed.spec, experiment.runs());
        emitRows(recorder.runIds());
        const int alreadyDone = int(std::count(done.begin(), done.end(), true));
        Q_EMIT enqueued(QString::fromStdString(parsed.spec.name), int(done.size()) - alreadyDone,
                        alreadyDone);
        break;
    }
    case Command::Cancel:
        // Only waiting runs: a finished or running run is never touched by a cancel.
        emitRows(m_store->setStatus(
            ids, storage::RunStatus::Cancelled, "cancelled by the user before it started",
            { storage::RunStatus::Queued, storage::RunStatus::Interrupted }));
        break;
    case Command::Retry:
        emitRows(m_store->setStatus(ids, storage::RunStatus::Queued, "",
                                    { storage::RunStatus::Failed, storage::RunStatus::Cancelled,
                                      storage::RunStatus::Interrupted }));
        break;
    case Command::Remove: {
        std::vector<int64_t> removable;
        for (int64_t id : ids)
            if (auto row = m_store->run(id); row && row->status != storage::RunStatus::Running)
                removable.push_back(id);
        m_store->removeRuns(removable);
        Q_EMIT runsRemoved(QVector<qint64>(removable.begin(), removable.end()));
        break;
    }
    case Command::Merge: {
        // On this thread: the worker's connection is the workspace's one writer.
        QStringList lines;
        bool clean = true;
        int added = 0;
        for (const QString &shard : c.shards) {
            const cluster::MergeOutcome o
                = cluster::mergeAndDescribe(*m_store, shard.toStdString());
            lines << QString::fromStdString(o.text);
            clean = clean && o.clean;
            added += o.added;
        }
        if (added > 0) {
            std::vector<int64_t> all;
            for (const auto &run : m_store->runs())
                all.push_back(run.id);
            emitRows(all);
            Q_EMIT teachersChanged();
        }
        Q_EMIT merged(lines.join('\n'), clean, added);
        break;
    }
    }
}

void RunWorker::processQueue()
{
    if (m_closing || !m_store->nextPendingExperiment())
        return; // nothing to do: the window is not told it is busy
    m_processing = true;
    Q_EMIT busyChanged(true);
    while (!m_closing) {
        drainCommands();
        const auto next = m_store->nextPendingExperiment();
        if (!next)
            break;
        runExperiment(*next);
    }
    if (m_closing && !m_resumeLater) {
        // Stopping for good: nothing stays queued for a later session.
        std::vector<int64_t> waiting;
        for (const auto &r : m_store->runs())
            waiting.push_back(r.id);
        m_store->setStatus(waiting, storage::RunStatus::Cancelled,
                           "cancelled when the program closed",
                           { storage::RunStatus::Queued, storage::RunStatus::Interrupted });
    }
    m_processing = false;
    Q_EMIT stageChanged(QString());
    Q_EMIT busyChanged(false);
}

void RunWorker::runExperiment(int64_t experimentId)
{
    const auto row = m_store->experiment(experimentId);
    std::vector<int64_t> waiting;
    for (const auto &r : m_store->experimentRuns(experimentId))
        if (r.status == storage::RunStatus::Queued || r.status == storage::RunStatus::Interrupted)
            waiting.push_back(r.id);
    try {
        const engine::ParsedSpec parsed
            = engine::parseSpec(row ? row->specJson : std::string("{}"));
        if (!parsed.problems.empty())
            throw engine::ConfigError(engine::formatProblems(parsed.problems));
        const engine::Experiment experiment = engine::Experiment::prepare(parsed.spec, *m_datasets);
        storage::Recorder recorder(*m_store, storage::Recorder::Pending::QueuedOnly);
        recorder.registerExperiment(parsed.spec, experiment.runs());
        Observer forward(*this, recorder);
        engine::ObserverList observers;
        observers.add(&recorder);
        observers.add(&forward);
        std::stop_token token;
        {
            std::lock_guard lock(m_mutex);
            if (m_closing)
                return;
            m_stop = std::stop_source();
            token = m_stop.get_token();
            m_activeRecorder = &recorder;
        }
        // Cleared before the recorder goes out of scope, also when the engine throws.
        struct ClearActive
        {
            RunWorker &worker;
            ~ClearActive()
            {
                std::lock_guard lock(worker.m_mutex);
                worker.m_activeRecorder = nullptr;
                worker.m_training.clear();
            }
        } clear { *this };
        engine::runExperiment(experiment, recorder, observers, token);
    } catch (const std::exception &e) {
        const std::string message = e.what();
        engine::log()->error("experiment {} cannot run: {}", experimentId, message);
        emitRows(m_store->setStatus(
            waiting, storage::RunStatus::Failed, "the experiment could not start: " + message,
            { storage::RunStatus::Queued, storage::RunStatus::Interrupted }));
        Q_EMIT problem("An experiment could not start: " + QString::fromStdString(message));
    }
}

} // namespace ui

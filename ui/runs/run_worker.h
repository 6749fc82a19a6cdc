#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include "ui/runs/run_events.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <vector>

namespace storage {
class Recorder;
class Store;
} // namespace storage
namespace engine {
class DatasetCache;
}

namespace ui {

/// The training side of the window: lives on its own QThread, owns the worker's Store connection
/// (the only writer) and runs the queue — every run still queued or interrupted, experiment by
/// experiment — through the engine. The GUI talks to it only through thread-safe calls (submit,
/// stopCurrent, shutdown) and its queued signals.
class RunWorker : public QObject
{
    Q_OBJECT

public:
    struct Command
    {
        enum Kind { Enqueue, Cancel, Retry, Remove, Merge } kind = Enqueue;
        QString specJson;
        QVector<qint64> runIds;
        QStringList shards; ///< Merge: stores of cluster tasks that ended
    };

    explicit RunWorker(QString storePath);
    ~RunWorker() override;

    /// Thread-safe: queues a command; it runs on the worker thread before the next training step.
    void submit(Command command);
    /// Thread-safe: whatever trains now (the runs or the teacher) stops within one step; the
    /// stopped runs are recorded cancelled and the queue goes on.
    void stopCurrent();
    /// Thread-safe: stops that run if it is training now (else nothing: it already ended); runs
    /// training beside it go on.
    void stopRun(qint64 runId);
    /// Thread-safe: stops for good. resumeLater records the run in progress as interrupted (it is
    /// re-queued on the next start) and leaves the queue as it is; otherwise the run in progress
    /// and every queued run are cancelled.
    void shutdown(bool resumeLater);

public Q_SLOTS:
    /// Opens the store on the worker thread (connect to QThread::started), re-queues runs an
    /// earlier session left running, announces every run, then works through the queue.
    void start();
    /// Executes pending commands and, when idle, works through the queue.
    void wake();

Q_SIGNALS:
    void opened(const ui::RunRows &runs, int interrupted);
    void openFailed(const QString &message);
    /// Rows inserted or changed, as the store now holds them.
    void runsChanged(const ui::RunRows &rows);
    void runsRemoved(const QVector<qint64> &runIds);
    void progress(const ui::RunProgress &progress);
    void stageChanged(const QString &text);
    void teachersChanged();
    /// A spec was queued: how many of its runs wait, and how many were stored already.
    void enqueued(const QString &name, int waiting, int alreadyDone);
    /// Something the user must hear about (a spec that cannot be queued, an experiment that
    /// cannot start); the message names the cause.
    void problem(const QString &message);
    void busyChanged(bool busy);
    /// Shards were merged: one line per store (what it added, conflicts), whether every one
    /// merged cleanly, and how many runs are new or newly finished in the workspace.
    void merged(const QString &text, bool clean, int added);

private:
    class Observer;
    void drainCommands();
    void execute(const Command &command);
    void processQueue();
    void runExperiment(int64_t experimentId);
    void emitRows(const std::vector<int64_t> &ids);
    void runStartedTraining(qint64 runId, std::stop_source stop);
    void runStoppedTraining(qint64 runId);

    QString m_storePath;
    std::unique_ptr<storage::Store> m_store;
    std::unique_ptr<engine::DatasetCache> m_datasets;
    std::mutex m_mutex; ///< guards m_commands, m_stop and m_activeRecorder
    storage::Recorder *m_activeRecorder = nullptr;
    std::vector<Command> m_commands;
    std::atomic<bool> m_hasCommands { false };
    std::stop_source m_stop;
    std::atomic<bool> m_closing { false };
    std::atomic<bool> m_resumeLater { false };
    bool m_processing = false;
    /// Guarded by m_mutex: the runs training now (several when runs train side by side), each
    /// with the source that stops it alone.
    std::map<qint64, std::stop_source> m_training;
};

} // namespace ui

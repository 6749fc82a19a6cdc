#pragma once

#include <QObject>
#include <QThread>

#include "ui/runs/run_worker.h"

namespace ui {

/// The GUI-side handle on the training worker: starts it on its own thread for a workspace, passes
/// commands (never waiting for them), and stops it — without blocking the GUI thread, except in
/// close(), which tests and the destructor use.
class RunSession : public QObject
{
    Q_OBJECT

public:
    explicit RunSession(QObject *parent = nullptr);
    ~RunSession() override;

    /// Opens the workspace. When another is open, its worker is stopped first (a run in progress
    /// resumes next time) and this one opens once that thread has ended.
    void open(const QString &storePath);
    /// Asks the worker to stop and returns at once; closed() follows when its thread has ended.
    /// resumeLater records a run in progress as interrupted (re-queued on the next open); otherwise
    /// it and every queued run are cancelled.
    void beginClose(bool resumeLater);
    /// The same, waiting for the thread to end.
    void close(bool resumeLater);

    bool isOpen() const { return m_worker != nullptr; }
    bool isClosing() const { return m_closing; }
    bool isBusy() const { return m_busy; }
    QString storePath() const { return m_storePath; }
    RunWorker *worker() const { return m_worker; }

    void enqueue(const QString &specJson);
    void cancel(const QVector<qint64> &runIds);
    void retry(const QVector<qint64> &runIds);
    void remove(const QVector<qint64> &runIds);
    /// Folds the stores of cluster tasks that ended into the workspace, on the worker's thread.
    void merge(const QStringList &shards);
    /// Stops whatever trains now; the queue goes on with the next run.
    void stopCurrent();
    /// Stops that run if it is the one training now.
    void stopRun(qint64 runId);

Q_SIGNALS:
    /// A new worker exists and its thread is about to start: connect to it now.
    void workerStarted(ui::RunWorker *worker);
    void busyChanged(bool busy);
    void closed();

private:
    void start(const QString &storePath);
    void finishClose();

    QThread *m_thread = nullptr;
    RunWorker *m_worker = nullptr;
    QString m_storePath;
    QString m_pendingOpen;
    bool m_busy = false;
    bool m_closing = false;
};

} // namespace ui

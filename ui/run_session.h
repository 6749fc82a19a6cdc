#pragma once

#include <QObject>
#include <QPointer>
#include <QThread>

#include "ui/run_worker.h"

namespace ui {

/// The GUI-side handle on the training worker: starts it on its own thread for a workspace, passes
/// commands (never waiting for them), and stops it cleanly.
class RunSession : public QObject
{
    Q_OBJECT

public:
    explicit RunSession(QObject *parent = nullptr);
    ~RunSession() override;

    /// Closes any open workspace (runs in progress resume next time) and opens this one.
    void open(const QString &storePath);
    /// Stops the worker: the run in progress ends within one step, recorded interrupted (and
    /// re-queued on the next open) when resumeLater, else cancelled along with the queue.
    void close(bool resumeLater);

    bool isOpen() const { return m_worker != nullptr; }
    bool isBusy() const { return m_busy; }
    QString storePath() const { return m_storePath; }
    RunWorker *worker() const { return m_worker; }

    void enqueue(const QString &specJson);
    void cancel(const QVector<qint64> &runIds);
    void retry(const QVector<qint64> &runIds);
    void remove(const QVector<qint64> &runIds);
    /// Stops the run in progress (recorded cancelled); the queue goes on with the next run.
    void stopCurrent();

Q_SIGNALS:
    void workerStarted(ui::RunWorker *worker);
    void busyChanged(bool busy);

private:
    QThread *m_thread = nullptr;
    RunWorker *m_worker = nullptr;
    QString m_storePath;
    bool m_busy = false;
};

} // namespace ui

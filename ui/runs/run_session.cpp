#include "ui/runs/run_session.h"

namespace ui {

RunSession::RunSession(QObject *parent)
    : QObject(parent)
{
    registerRunEventTypes();
}

RunSession::~RunSession()
{
    close(true);
}

void RunSession::open(const QString &storePath)
{
    if (m_thread) {
        m_pendingOpen = storePath;
        beginClose(true);
        return;
    }
    start(storePath);
}

void RunSession::start(const QString &storePath)
{
    m_storePath = storePath;
    m_thread = new QThread(this);
    m_thread->setObjectName("prunescope-worker");
    m_worker = new RunWorker(storePath);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::started, m_worker, &RunWorker::start);
    // The worker is deleted on its own thread as the thread ends.
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_thread, &QThread::finished, this, &RunSession::finishClose, Qt::QueuedConnection);
    connect(m_worker, &RunWorker::busyChanged, this, [this](bool busy) {
        m_busy = busy;
        Q_EMIT busyChanged(busy);
    });
    Q_EMIT workerStarted(m_worker);
    m_thread->start();
}

void RunSession::beginClose(bool resumeLater)
{
    if (!m_thread || m_closing)
        return;
    m_closing = true;
    m_worker->shutdown(resumeLater);
    m_thread->quit();
}

void RunSession::close(bool resumeLater)
{
    if (!m_thread)
        return;
    beginClose(resumeLater); // a no-op when a close is already under way
    m_thread->wait();
    m_pendingOpen.clear();
    finishClose();
}

void RunSession::finishClose()
{
    if (!m_thread || !m_thread->isFinished())
        return;
    delete m_thread;
    m_thread = nullptr;
    m_worker = nullptr;
    m_closing = false;
    if (m_busy) {
        m_busy = false;
        Q_EMIT busyChanged(false);
    }
    Q_EMIT closed();
    if (!m_pendingOpen.isEmpty())
        start(std::exchange(m_pendingOpen, QString()));
}

void RunSession::enqueue(const QString &specJson)
{
    if (m_worker && !m_closing)
        m_worker->submit({ RunWorker::Command::Enqueue, specJson, {}, {} });
}

void RunSession::cancel(const QVector<qint64> &runIds)
{
    if (m_worker && !m_closing)
        m_worker->submit({ RunWorker::Command::Cancel, {}, runIds, {} });
}

void RunSession::merge(const QStringList &shards)
{
    if (m_worker && !m_closing && !shards.isEmpty())
        m_worker->submit({ RunWorker::Command::Merge, {}, {}, shards });
}

void RunSession::retry(const QVector<qint64> &runIds)
{
    if (m_worker && !m_closing)
        m_worker->submit({ RunWorker::Command::Retry, {}, runIds, {} });
}

void RunSession::remove(const QVector<qint64> &runIds)
{
    if (m_worker && !m_closing)
        m_worker->submit({ RunWorker::Command::Remove, {}, runIds, {} });
}

void RunSession::stopCurrent()
{
    if (m_worker && !m_closing)
        m_worker->stopCurrent();
}

void RunSession::stopRun(qint64 runId)
{
    if (m_worker && !m_closing)
        m_worker->stopRun(runId);
}

} // namespace ui

#include "ui/run_session.h"

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
    close(true);
    m_storePath = storePath;
    m_thread = new QThread(this);
    m_thread->setObjectName("prunescope-worker");
    m_worker = new RunWorker(storePath);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::started, m_worker, &RunWorker::start);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &RunWorker::busyChanged, this, [this](bool busy) {
        m_busy = busy;
        Q_EMIT busyChanged(busy);
    });
    Q_EMIT workerStarted(m_worker);
    m_thread->start();
}

void RunSession::close(bool resumeLater)
{
    if (!m_thread)
        return;
    m_worker->shutdown(resumeLater);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_worker = nullptr; // deleted by deleteLater on the thread's finish... or below
    if (m_busy) {
        m_busy = false;
        Q_EMIT busyChanged(false);
    }
}

void RunSession::enqueue(const QString &specJson)
{
    if (m_worker)
        m_worker->submit({ RunWorker::Command::Enqueue, specJson, {} });
}

void RunSession::cancel(const QVector<qint64> &runIds)
{
    if (m_worker)
        m_worker->submit({ RunWorker::Command::Cancel, {}, runIds });
}

void RunSession::retry(const QVector<qint64> &runIds)
{
    if (m_worker)
        m_worker->submit({ RunWorker::Command::Retry, {}, runIds });
}

void RunSession::remove(const QVector<qint64> &runIds)
{
    if (m_worker)
        m_worker->submit({ RunWorker::Command::Remove, {}, runIds });
}

void RunSession::stopCurrent()
{
    if (m_worker)
        m_worker->stopCurrent();
}

} // namespace ui

#pragma once

#include <QObject>
#include <QString>

#include <memory>
#include <stop_token>

class QThreadPool;

namespace engine {
class DatasetCache;
}

namespace ui {

class SampleTable;

/// Computes the flags of a spec's training data (engine::assessSpec, then the browser's
/// table) on its own thread, so the GUI thread never waits: progress arrives throttled to one
/// update per 100 ms, cancel stops within one training step, errors come back as text.
class QualityWorker : public QObject
{
    Q_OBJECT

public:
    explicit QualityWorker(QObject *parent = nullptr);
    /// Stops a computation in progress and waits for it (within one training step).
    ~QualityWorker() override;

    /// Starts; returns why it cannot (an invalid spec, no workspace, already running), else "".
    /// `source` names where the spec came from in a problem's message.
    QString start(const QString &specJson, const QString &storePath, int folds, int epochs,
                  int repeats = 2, const QString &source = {});
    /// Thread-safe; acknowledged by cancelled() once the work has stopped.
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(const QString &stage, double fraction);
    /// description: the data it was computed for ("Fashion-MNIST · 10 % symmetric label noise").
    void finished(std::shared_ptr<ui::SampleTable> table, const QString &description);
    void failed(const QString &message);
    void cancelled();

private:
    QThreadPool *m_pool;
    std::shared_ptr<engine::DatasetCache> m_datasets;
    std::stop_source m_stop;
    bool m_running = false;
};

} // namespace ui

#pragma once

#include "cluster/status.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <map>
#include <memory>
#include <utility>
#include <vector>

class QTimer;

namespace ui {

/// The window's side of a Slurm cluster: submits specs as sweeps (off the GUI thread), follows
/// the workspace's sweeps (squeue, sacct and the shards, read off the GUI thread every few
/// seconds while anything is queued), asks for the stores of ended tasks to be merged (the
/// worker, the workspace's writer, merges them), cancels tasks with scancel and resubmits the
/// runs a sweep is missing.
class ClusterMonitor : public QObject
{
    Q_OBJECT

public:
    explicit ClusterMonitor(QObject *parent = nullptr);
    ~ClusterMonitor() override;

    /// Follows this workspace's sweeps (none: stops following).
    void setWorkspace(const QString &path);
    QString workspace() const { return m_workspace; }
    /// The prunescope-cli the batch scripts run; by default the one beside this program.
    void setCliPath(const QString &path) { m_cli = path; }
    QString cliPath() const { return m_cli; }
    /// Reads the state now (the next check is scheduled from its end).
    void pollNow();

    const std::vector<cluster::SweepStatus> &sweeps() const { return m_sweeps; }
    bool queueAvailable() const { return m_queueAvailable; }
    bool busy() const { return m_submitting; }

    /// Submits the spec's runs that the workspace and its sweeps do not hold (async: submitted()
    /// or failed() follows).
    void submit(const QString &specJson, const cluster::SlurmResources &resources, int runsPerTask);
    /// Submits again the runs of that sweep that are neither stored nor queued, asking for the
    /// same resources.
    void retry(const QString &sweepFolder);
    /// scancel of these tasks of a sweep, or of the whole sweep when tasks is empty; an error
    /// message, empty on success.
    QString cancel(const QString &sweepFolder, const QVector<int> &tasks);

Q_SIGNALS:
    /// sweeps() changed.
    void statusChanged();
    /// These stores' writers have ended and they changed since last merged: fold them in.
    void mergeRequested(const QStringList &shards);
    void submitted(const QString &summary);
    void failed(const QString &message);

private:
    struct Snapshot;
    void startPoll();
    void finishPoll(const std::shared_ptr<Snapshot> &snapshot);
    void runSubmission(const QString &specJson, const cluster::SlurmResources &resources,
                       int runsPerTask, const QString &label);
    const cluster::Sweep *sweepAt(const QString &folder) const;

    QString m_workspace;
    QString m_cli;
    QTimer *m_timer;
    bool m_polling = false;
    bool m_pollAgain = false;
    bool m_submitting = false;
    bool m_queueAvailable = false;
    int m_generation = 0; ///< a poll of another workspace is dropped
    std::vector<cluster::SweepStatus> m_sweeps;
    /// Stores asked to merge, with their size and change time then: merged again only if they
    /// change.
    std::map<std::string, std::pair<long long, unsigned long long>> m_merged;
};

} // namespace ui

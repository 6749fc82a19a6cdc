#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QTableView;

namespace ui {

class ClusterMonitor;
class ClusterRunModel;

/// The queue's "Slurm cluster" page: the sweeps' runs with their job ids and states, a line per
/// sweep (preparation job, runs done, what to do), and cancel (scancel), retry (resubmit the
/// missing runs) and open-logs actions.
class ClusterQueuePanel : public QWidget
{
    Q_OBJECT

public:
    ClusterQueuePanel(ClusterMonitor *monitor, QWidget *parent = nullptr);

    ClusterRunModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QAction *cancelTaskAction() const { return m_cancelTask; }
    QAction *cancelSweepAction() const { return m_cancelSweep; }
    QAction *retryAction() const { return m_retry; }
    /// "Slurm cluster (3 running)" for the tab.
    QString title() const;
    /// Asks before scancel (tests answer it themselves).
    void setConfirmCancel(bool ask) { m_confirm = ask; }

Q_SIGNALS:
    void message(const QString &text, int severity);
    void titleChanged(const QString &title);

private:
    void refresh();
    void updateActions();
    /// The selected rows' sweep folder and tasks (the first sweep's when several are selected).
    QString selectedSweep(QVector<int> *tasks) const;
    void cancelSelected(bool wholeSweep);

    ClusterMonitor *m_monitor;
    ClusterRunModel *m_model;
    QTableView *m_view;
    QLabel *m_summary;
    QAction *m_cancelTask, *m_cancelSweep, *m_retry, *m_logs, *m_refresh;
    bool m_confirm = true;
};

} // namespace ui

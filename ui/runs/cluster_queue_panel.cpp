#include "ui/runs/cluster_queue_panel.h"

#include <QAction>
#include <QDesktopServices>
#include <QFileInfo>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QSet>
#include <QTableView>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

#include "ui/runs/cluster_monitor.h"
#include "ui/runs/cluster_run_model.h"

namespace ui {

ClusterQueuePanel::ClusterQueuePanel(ClusterMonitor *monitor, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_model(new ClusterRunModel(this))
{
    auto *bar = new QToolBar(this);
    bar->setIconSize(QSize(16, 16));
    m_cancelTask = bar->addAction(tr("Cancel task"));
    m_cancelTask->setObjectName("action.cluster.cancelTask");
    m_cancelTask->setToolTip(tr("scancel the array tasks of the selected runs (a task's other "
                                "runs stop with it; finished runs stay in its shard)"));
    m_cancelSweep = bar->addAction(tr("Cancel sweep"));
    m_cancelSweep->setObjectName("action.cluster.cancelSweep");
    m_cancelSweep->setToolTip(tr("scancel the selected runs' sweep: its preparation job and "
                                 "every task of its array"));
    m_retry = bar->addAction(tr("Retry missing runs"));
    m_retry->setObjectName("action.cluster.retry");
    m_retry->setToolTip(tr("Submit again the runs of the selected sweep that are neither stored "
                           "nor in a task still queued, with the same resources"));
    m_logs = bar->addAction(tr("Open logs"));
    m_logs->setToolTip(tr("Open the selected sweep's logs folder (one log per task)"));
    bar->addSeparator();
    m_refresh = bar->addAction(tr("Check now"));
    m_refresh->setToolTip(tr("Read squeue and the shards now (every 3 s while anything is queued, "
                             "every 15 s otherwise)"));

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setObjectName("clusterSummary");

    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->setColumnWidth(ClusterRunModel::Run, 260);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(bar);
    layout->addWidget(m_summary);
    layout->addWidget(m_view);

    connect(m_monitor, &ClusterMonitor::statusChanged, this, &ClusterQueuePanel::refresh);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ClusterQueuePanel::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ClusterQueuePanel::updateActions);
    connect(m_cancelTask, &QAction::triggered, this, [this] { cancelSelected(false); });
    connect(m_cancelSweep, &QAction::triggered, this, [this] { cancelSelected(true); });
    connect(m_retry, &QAction::triggered, this, [this] {
        const QString sweep = selectedSweep(nullptr);
        if (!sweep.isEmpty())
            m_monitor->retry(sweep);
    });
    connect(m_logs, &QAction::triggered, this, [this] {
        const QString sweep = selectedSweep(nullptr);
        if (!sweep.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(sweep + "/logs"));
    });
    connect(m_refresh, &QAction::triggered, m_monitor, &ClusterMonitor::pollNow);
    refresh();
}

QString ClusterQueuePanel::title() const
{
    const int running = m_model->countWithState("running");
    return running > 0 ? tr("Slurm cluster (%1 running)").arg(running) : tr("Slurm cluster");
}

void ClusterQueuePanel::refresh()
{
    m_model->setSweeps(m_monitor->sweeps());
    QStringList lines;
    if (m_monitor->sweeps().empty())
        lines << tr("No sweep submitted from this workspace. Choose “Run on: Slurm cluster” in "
                    "the experiment form, or run <code>prunescope-cli slurm submit</code> on the "
                    "login node.");
    else if (!m_monitor->queueAvailable())
        lines << tr("<i>squeue is not available here: states come from the shards alone, and a "
                    "task's store is merged once it holds its whole list.</i>");
    for (auto s = m_monitor->sweeps().rbegin(); s != m_monitor->sweeps().rend(); ++s) {
        int done = 0, listed = 0, failed = 0;
        for (const auto &t : s->tasks) {
            done += t.done;
            listed += t.listed;
            failed += t.failed;
        }
        QString line
            = tr("<b>%1</b> “%2”: %3/%4 runs done%5 · preparation job %6 %7")
                  .arg(QString::fromStdString(s->sweep.folder.filename().string()),
                       QString::fromStdString(s->sweep.experiment).toHtmlEscaped())
                  .arg(done)
                  .arg(listed)
                  .arg(failed > 0 ? tr(", <span style='color:#c62828'>%1 failed</span>").arg(failed)
                                  : QString())
                  .arg(QString::fromStdString(s->sweep.prepareJob),
                       QString::fromStdString(s->prepareState));
        lines << line;
        for (const auto &advice : s->advice)
            lines << "&nbsp;&nbsp;→ " + QString::fromStdString(advice).toHtmlEscaped();
    }
    m_summary->setText(lines.join("<br>"));
    updateActions();
    Q_EMIT titleChanged(title());
}

QString ClusterQueuePanel::selectedSweep(QVector<int> *tasks) const
{
    QString sweep;
    QSet<int> seen;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows()) {
        const QString folder = index.data(ClusterRunModel::SweepFolderRole).toString();
        if (sweep.isEmpty())
            sweep = folder;
        if (folder != sweep)
            continue;
        const int task = index.data(ClusterRunModel::TaskRole).toInt();
        if (tasks && !seen.contains(task)) {
            seen.insert(task);
            tasks->push_back(task);
        }
    }
    return sweep;
}

void ClusterQueuePanel::updateActions()
{
    const bool any = m_view->selectionModel()->hasSelection();
    for (QAction *a : { m_cancelTask, m_cancelSweep, m_retry, m_logs })
        a->setEnabled(any);
}

void ClusterQueuePanel::cancelSelected(bool wholeSweep)
{
    QVector<int> tasks;
    const QString sweep = selectedSweep(&tasks);
    if (sweep.isEmpty())
        return;
    const QString what = wholeSweep
        ? tr("every job of %1").arg(QFileInfo(sweep).fileName())
        : tr("%n array task(s) of %1", "", int(tasks.size())).arg(QFileInfo(sweep).fileName());
    if (m_confirm
        && QMessageBox::question(this, tr("Cancel on the cluster"),
                                 tr("scancel %1? Runs those tasks finished stay in their shards "
                                    "and are merged; the rest can be resubmitted with Retry.")
                                     .arg(what))
            != QMessageBox::Yes)
        return;
    const QString error = m_monitor->cancel(sweep, wholeSweep ? QVector<int>() : tasks);
    Q_EMIT message(error.isEmpty() ? tr("Cancelled %1").arg(what) : error, error.isEmpty() ? 0 : 2);
}

} // namespace ui

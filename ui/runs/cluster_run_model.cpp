#include "ui/runs/cluster_run_model.h"

#include <QBrush>
#include <QColor>

#include <algorithm>

namespace ui {

ClusterRunModel::ClusterRunModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int ClusterRunModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClusterRunModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClusterRunModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        static const char *names[] = { "Run",       "Sweep", "Job",      "Slurm state",
                                       "Run state", "Step",  "Accuracy", "Node / reason" };
        return tr(names[section]);
    }
    if (role == Qt::ToolTipRole && section == SlurmState)
        return tr("The array task's state in Slurm (squeue; sacct where the cluster keeps "
                  "accounting); one task may hold several runs");
    if (role == Qt::ToolTipRole && section == RunState)
        return tr("The run's state in its task's shard: waiting, running, done, failed");
    return {};
}

QVariant ClusterRunModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row &r = m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Run:
            return r.name;
        case Sweep:
            return r.sweepName;
        case Job:
            return r.job;
        case SlurmState:
            return r.slurmState;
        case RunState:
            return r.runState;
        case Step:
            return r.step > 0 ? QVariant(r.step) : QVariant();
        case Accuracy:
            return r.accuracy >= 0 ? QString::number(100 * r.accuracy, 'f', 2) + " %" : QString();
        case Where:
            return r.reason;
        }
        return {};
    case Qt::ToolTipRole:
        if (!r.error.isEmpty())
            return r.error;
        return index.column() == Job ? tr("Task %1 of %2").arg(r.task).arg(r.sweepName)
                                     : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == RunState || index.column() == SlurmState) {
            const QString s = index.column() == RunState ? r.runState : r.slurmState.toLower();
            if (s == "failed" || s == "cancelled" || s == "timeout" || s == "node_fail"
                || s == "out_of_memory")
                return QBrush(QColor("#c62828"));
            if (s == "done" || s == "completed")
                return QBrush(QColor("#2e7d32"));
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Step || index.column() == Accuracy)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SweepFolderRole:
        return r.sweepFolder;
    case TaskRole:
        return r.task;
    case KeyRole:
        return r.key;
    }
    return {};
}

void ClusterRunModel::setSweeps(const std::vector<cluster::SweepStatus> &sweeps)
{
    std::vector<Row> rows;
    for (auto s = sweeps.rbegin(); s != sweeps.rend(); ++s) {
        const QString folder = QString::fromStdString(s->sweep.folder.string());
        const QString name = QString::fromStdString(s->sweep.folder.filename().string());
        for (const auto &task : s->tasks)
            for (const auto &run : task.runs) {
                Row row;
                row.sweepFolder = folder;
                row.sweepName = name;
                row.key = QString::fromStdString(run.key);
                row.name = QString::fromStdString(run.name);
                row.task = task.task;
                row.job = QString::fromStdString(task.jobId);
                row.slurmState = QString::fromStdString(task.state);
                row.reason = QString::fromStdString(task.reason);
                row.runState = QString::fromStdString(run.state);
                row.error = QString::fromStdString(run.error);
                row.step = run.step;
                row.accuracy = run.testAccuracy.value_or(-1);
                rows.push_back(std::move(row));
            }
    }
    bool sameRows = rows.size() == m_rows.size();
    for (size_t i = 0; sameRows && i < rows.size(); ++i)
        sameRows = rows[i].key == m_rows[i].key && rows[i].sweepFolder == m_rows[i].sweepFolder;
    if (!sameRows) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
        return;
    }
    m_rows = std::move(rows);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int ClusterRunModel::countWithState(const QString &state) const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(),
                             [&](const Row &r) { return r.runState == state; }));
}

} // namespace ui

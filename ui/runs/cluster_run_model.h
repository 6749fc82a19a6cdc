#pragma once

#include "cluster/status.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace ui {

/// The runs of a workspace's Slurm sweeps, one row each, newest sweep first: the array task's
/// job id and Slurm state beside the run's own state, step and accuracy from the task's shard.
/// A poll that changes only values updates the rows in place (the selection stays).
class ClusterRunModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Run, Sweep, Job, SlurmState, RunState, Step, Accuracy, Where, ColumnCount };
    enum Role {
        SweepFolderRole = Qt::UserRole + 1, ///< the sweep's folder (absolute)
        TaskRole, ///< the array task's index
        KeyRole, ///< the run's identity key
    };

    explicit ClusterRunModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void setSweeps(const std::vector<cluster::SweepStatus> &sweeps);

    /// Runs per their state ("done" → 3), over every sweep.
    int countWithState(const QString &state) const;

private:
    struct Row
    {
        QString sweepFolder, sweepName, key, name, job, slurmState, reason, runState, error;
        int task = 0;
        qint64 step = 0;
        double accuracy = -1;
    };
    std::vector<Row> m_rows;
};

} // namespace ui

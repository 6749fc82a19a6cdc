#pragma once

#include "cluster/sweep.h"

#include <QGroupBox>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace ui {

/// "Run on: this computer / Slurm cluster" with what a cluster submission asks for (partition,
/// GPUs per task, time limit, runs per task). Where sbatch is not on the PATH the cluster choice
/// is disabled and the box says why, instead of a submission failing later.
class ClusterTargetBox : public QGroupBox
{
    Q_OBJECT

public:
    explicit ClusterTargetBox(QWidget *parent = nullptr);

    bool onCluster() const;
    /// Problems of the cluster fields ("Time limit: ..."), empty when it can submit (or when it
    /// runs here).
    QStringList problems() const;
    cluster::SlurmResources resources() const;
    int runsPerTask() const;
    /// Why this machine cannot submit, empty when it can (read when the box is built, and again
    /// by recheck()).
    QString unavailableReason() const { return m_unavailable; }
    /// Remembered fields that could not be used ("GPUs per task “40” in FILE ..."), shown in the
    /// box's note while the cluster is chosen.
    QStringList restoreProblems() const { return m_restoreProblems; }
    /// Looks for sbatch on the PATH again (the PATH of a test, or after a module load).
    void recheck();
    /// Keeps the cluster fields for the next session (the window calls it when it submits);
    /// a new box starts from them, running on this computer until the cluster is chosen.
    void remember() const;
    void setCluster(bool on);
    void setFields(const QString &partition, int gpus, const QString &time, int runsPerTask);

Q_SIGNALS:
    void changed();

private:
    void updateStates();
    /// The last submission's fields from QSettings; a value the field cannot hold is kept out and
    /// named in restoreProblems().
    void restoreFields();

    QComboBox *m_target;
    QLineEdit *m_partition, *m_time;
    QSpinBox *m_gpus, *m_runsPerTask;
    QLabel *m_note, *m_error;
    QList<QWidget *> m_clusterFields;
    QString m_unavailable;
    QStringList m_restoreProblems;
};

/// Checks a Slurm time limit: "minutes", "minutes:seconds", "hours:minutes:seconds",
/// "days-hours", "days-hours:minutes" or "days-hours:minutes:seconds"; empty means the
/// partition's default. Returns the problem, empty when valid.
QString slurmTimeProblem(const QString &text);

} // namespace ui

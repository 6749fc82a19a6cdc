#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

#include "ui/runs/run_events.h"

namespace ui {

/// Every run of the workspace, as the worker reports it, with the live progress of the one in
/// flight. Updates touch only the changed rows.
class RunTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Name,
        State,
        Progress,
        Steps,
        Epoch,
        Accuracy,
        Elapsed,
        Eta,
        Fraction,
        Alpha,
        Seed,
        Device,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, ///< raw value for sorting
        RunIdRole,
        ProgressRole, ///< fraction done in [0, 1], or −1 when not started
        StatusRole, ///< status name
    };

    explicit RunTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void reset(const RunRows &rows);
    void upsert(const RunRows &rows);
    void remove(const QVector<qint64> &runIds);
    void setProgress(const RunProgress &progress);
    /// Shows "cancelling…" on a running run at once, until the worker reports it stopped.
    void markCancelling(qint64 runId);
    /// Forgets the live progress (the worker went idle).
    void clearProgress();

    const RunRows &rows() const { return m_rows; }
    const storage::RunRow *run(qint64 runId) const;
    int rowOf(qint64 runId) const { return m_index.value(runId, -1); }
    /// The latest progress report (runId −1 for the teacher, or when idle).
    const RunProgress &activeProgress() const { return m_progress; }
    /// The last progress of a run that stopped early in this session, or null.
    const RunProgress *stoppedProgress(const storage::RunRow &r) const;
    /// Steps done over steps planned, summed over every run training now (runs can train side by
    /// side); −1 when none reports progress.
    double liveFraction() const;
    int countWithStatus(storage::RunStatus status) const;

private:
    void reindex();
    double fractionDone(const storage::RunRow &r) const;

    const RunProgress *liveProgress(const storage::RunRow &r) const;

    RunRows m_rows;
    QHash<qint64, int> m_index;
    RunProgress m_progress; ///< the latest report
    QHash<qint64, RunProgress> m_live; ///< the latest report of each run training now
    /// The last report of runs that stopped before the end (cancelled, failed, interrupted) in
    /// this session: where they stopped and their last evaluation stay in the table.
    QHash<qint64, RunProgress> m_stopped;
    QSet<qint64> m_cancelling;
};

/// "1:05" / "1:02:03".
QString formatDuration(double seconds);

} // namespace ui

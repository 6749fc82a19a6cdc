#pragma once

#include <QSortFilterProxyModel>
#include <QWidget>

#include "ui/runs/run_events.h"

class QComboBox;
class QLineEdit;
class QTableView;
class QToolBar;
class QAction;

namespace ui {

class RunTableModel;

/// Filters the run table by a text (regular expression on the run's name) and a state.
class RunFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setStatusFilter(const QString &status); ///< empty = all
    void setTextFilter(const QString &pattern);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_status;
    QRegularExpression m_pattern;
};

/// The run queue dock: the table of runs with progress bars, a toolbar and a context menu for
/// cancel, retry, duplicate, copy and remove, and text / state filters.
class RunQueuePanel : public QWidget
{
    Q_OBJECT

public:
    RunQueuePanel(RunTableModel *model, QWidget *parent = nullptr);

    QVector<qint64> selectedRunIds() const;
    void selectRuns(const QVector<qint64> &runIds);
    QAction *cancelAction() const { return m_cancel; }
    QAction *cancelAllAction() const { return m_cancelAll; }
    QAction *retryAction() const { return m_retry; }
    QAction *removeAction() const { return m_remove; }
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    void cancelRequested(const QVector<qint64> &runIds);
    void cancelAllRequested();
    void retryRequested(const QVector<qint64> &runIds);
    void removeRequested(const QVector<qint64> &runIds);
    void duplicateRequested(qint64 runId);
    void selectionChanged(const QVector<qint64> &runIds);
    void curvesRequested(const QVector<qint64> &runIds);

private:
    void updateActions();
    void showContextMenu(const QPoint &pos);

    RunTableModel *m_model;
    RunFilterProxy *m_proxy;
    QTableView *m_view;
    QLineEdit *m_filter;
    QComboBox *m_stateFilter;
    QAction *m_cancel, *m_cancelAll, *m_retry, *m_remove, *m_duplicate, *m_copy, *m_curves;
};

} // namespace ui

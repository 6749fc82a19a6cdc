#include "ui/runs/run_queue_panel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include "ui/runs/run_table_model.h"

namespace ui {

namespace {

/// Draws the Progress column as a progress bar.
class ProgressDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        const double done = index.data(RunTableModel::ProgressRole).toDouble();
        if (done < 0) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(2, 3, -2, -3);
        bar.minimum = 0;
        bar.maximum = 1000;
        bar.progress = int(done * 1000);
        bar.text = index.data().toString();
        bar.textVisible = true;
        bar.state = option.state | QStyle::State_Horizontal;
        QApplication::style()->drawControl(QStyle::CE_ProgressBar, &bar, painter);
    }
};

} // namespace

void RunFilterProxy::setStatusFilter(const QString &status)
{
    m_status = status;
    invalidateFilter();
}

void RunFilterProxy::setTextFilter(const QString &pattern)
{
    m_pattern = QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption);
    invalidateFilter();
}

bool RunFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, RunTableModel::Name, sourceParent);
    if (!m_status.isEmpty() && index.data(RunTableModel::StatusRole).toString() != m_status)
        return false;
    if (m_pattern.isValid() && !m_pattern.pattern().isEmpty()
        && !index.data().toString().contains(m_pattern))
        return false;
    return true;
}

RunQueuePanel::RunQueuePanel(RunTableModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    m_proxy = new RunFilterProxy(this);
    m_proxy->setSourceModel(model);
    m_proxy->setSortRole(RunTableModel::SortRole);

    auto *toolbar = new QToolBar(this);
    toolbar->setObjectName("runQueueToolbar");
    toolbar->setIconSize(QSize(16, 16));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_cancel = toolbar->addAction(tr("Cancel"));
    m_cancel->setObjectName("action.run.cancel");
    m_cancel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_cancel->setToolTip(
        tr("Cancel the selected runs (Ctrl+.): a running run stops within one step"));
    m_cancelAll = toolbar->addAction(tr("Cancel all"));
    m_cancelAll->setObjectName("action.run.cancelAll");
    m_cancelAll->setToolTip(tr("Cancel the running run and every queued run"));
    m_retry = toolbar->addAction(tr("Retry"));
    m_retry->setObjectName("action.run.retry");
    m_retry->setToolTip(
        tr("Queue the selected failed, cancelled or interrupted runs again, unchanged"));
    m_remove = toolbar->addAction(tr("Remove"));
    m_remove->setObjectName("action.run.remove");
    m_remove->setShortcut(QKeySequence::Delete);
    m_remove->setToolTip(
        tr("Delete the selected runs and their results from the workspace (Delete)"));
    m_duplicate = new QAction(tr("Duplicate into form"), this);
    m_duplicate->setToolTip(tr("Load this run's settings into the experiment form"));
    m_copy = new QAction(tr("Copy config as JSON"), this);
    m_curves = new QAction(tr("Show training curves"), this);
    for (QAction *a : { m_cancel, m_retry, m_remove })
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);

    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter runs (regular expression)"));
    m_filter->setClearButtonEnabled(true);
    m_stateFilter = new QComboBox(this);
    m_stateFilter->addItem(tr("All states"), QString());
    for (const char *s : { "queued", "running", "done", "failed", "cancelled", "interrupted" })
        m_stateFilter->addItem(QString::fromUtf8(s), QString::fromUtf8(s));
    m_stateFilter->setToolTip(tr("Show only runs in this state"));

    m_view = new QTableView(this);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->setItemDelegateForColumn(RunTableModel::Progress, new ProgressDelegate(m_view));
    // The name keeps a readable width in a narrow dock (the table scrolls sideways instead);
    // the last column takes what is left.
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(RunTableModel::Name, QHeaderView::Interactive);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    const int digit = m_view->fontMetrics().horizontalAdvance('0');
    m_view->setColumnWidth(RunTableModel::Name, digit * 40);
    m_view->setColumnWidth(RunTableModel::State, digit * 14);
    m_view->setColumnWidth(RunTableModel::Progress, digit * 12);
    for (int c : { RunTableModel::Steps, RunTableModel::Epoch, RunTableModel::Accuracy,
                   RunTableModel::Elapsed, RunTableModel::Eta, RunTableModel::Fraction,
                   RunTableModel::Alpha, RunTableModel::Seed })
        m_view->setColumnWidth(c, digit * (c == RunTableModel::Steps ? 13 : 9));
    // The header's context menu chooses the visible columns.
    m_view->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view->horizontalHeader(), &QWidget::customContextMenuRequested, this,
            [this](const QPoint &pos) {
                QMenu menu;
                for (int c = 1; c < RunTableModel::ColumnCount; ++c) {
                    QAction *a = menu.addAction(
                        m_model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
                    a->setCheckable(true);
                    a->setChecked(!m_view->isColumnHidden(c));
                    connect(a, &QAction::toggled, this,
                            [this, c](bool on) { m_view->setColumnHidden(c, !on); });
                }
                menu.exec(m_view->horizontalHeader()->mapToGlobal(pos));
            });
    m_view->setColumnHidden(RunTableModel::Device, true);

    auto *title = new QLabel(tr("<b>Runs</b> — right-click a run for its actions"), this);
    auto *top = new QHBoxLayout;
    top->addWidget(title);
    top->addStretch();
    top->addWidget(m_filter, 1);
    top->addWidget(m_stateFilter);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(toolbar);
    layout->addWidget(m_view, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &RunFilterProxy::setTextFilter);
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setStatusFilter(m_stateFilter->currentData().toString()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        Q_EMIT selectionChanged(selectedRunIds());
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &RunQueuePanel::updateActions);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &RunQueuePanel::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &RunQueuePanel::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RunQueuePanel::updateActions);
    // The view carries the actions too, so their shortcuts work while it has the focus.
    m_view->addActions({ m_cancel, m_retry, m_remove });
    connect(m_view, &QWidget::customContextMenuRequested, this, &RunQueuePanel::showContextMenu);
    connect(m_view, &QAbstractItemView::doubleClicked, this,
            [this] { Q_EMIT curvesRequested(selectedRunIds()); });
    connect(m_cancel, &QAction::triggered, this,
            [this] { Q_EMIT cancelRequested(selectedRunIds()); });
    connect(m_cancelAll, &QAction::triggered, this, [this] { Q_EMIT cancelAllRequested(); });
    connect(m_retry, &QAction::triggered, this,
            [this] { Q_EMIT retryRequested(selectedRunIds()); });
    connect(m_remove, &QAction::triggered, this,
            [this] { Q_EMIT removeRequested(selectedRunIds()); });
    connect(m_curves, &QAction::triggered, this,
            [this] { Q_EMIT curvesRequested(selectedRunIds()); });
    connect(m_duplicate, &QAction::triggered, this, [this] {
        const auto ids = selectedRunIds();
        if (!ids.isEmpty())
            Q_EMIT duplicateRequested(ids.front());
    });
    connect(m_copy, &QAction::triggered, this, [this] {
        QStringList configs;
        for (qint64 id : selectedRunIds())
            if (const auto *r = m_model->run(id))
                configs << QString::fromStdString(r->configJson);
        QApplication::clipboard()->setText(configs.join('\n'));
    });
    updateActions();
}

QVector<qint64> RunQueuePanel::selectedRunIds() const
{
    QVector<qint64> ids;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        ids.push_back(index.data(RunTableModel::RunIdRole).toLongLong());
    return ids;
}

void RunQueuePanel::selectRuns(const QVector<qint64> &runIds)
{
    QItemSelection selection;
    for (qint64 id : runIds) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        if (index.isValid())
            selection.select(index, index.siblingAtColumn(RunTableModel::ColumnCount - 1));
    }
    m_view->selectionModel()->select(
        selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (!selection.isEmpty())
        m_view->scrollTo(selection.indexes().front());
}

void RunQueuePanel::updateActions()
{
    bool cancellable = false, retryable = false, removable = false;
    for (qint64 id : selectedRunIds()) {
        const auto *r = m_model->run(id);
        if (!r)
            continue;
        cancellable |= r->status == storage::RunStatus::Queued
            || r->status == storage::RunStatus::Running
            || r->status == storage::RunStatus::Interrupted;
        retryable |= r->status == storage::RunStatus::Failed
            || r->status == storage::RunStatus::Cancelled
            || r->status == storage::RunStatus::Interrupted;
        removable |= r->status != storage::RunStatus::Running;
    }
    m_cancel->setEnabled(cancellable);
    m_retry->setEnabled(retryable);
    m_remove->setEnabled(removable);
    const bool any = !selectedRunIds().isEmpty();
    m_duplicate->setEnabled(any);
    m_copy->setEnabled(any);
    m_curves->setEnabled(any);
    m_cancelAll->setEnabled(m_model->countWithStatus(storage::RunStatus::Queued) > 0
                            || m_model->countWithStatus(storage::RunStatus::Running) > 0
                            || m_model->countWithStatus(storage::RunStatus::Interrupted) > 0);
}

void RunQueuePanel::showContextMenu(const QPoint &pos)
{
    QMenu menu(this);
    menu.addAction(m_cancel);
    menu.addAction(m_retry);
    menu.addSeparator();
    menu.addAction(m_curves);
    menu.addAction(m_duplicate);
    menu.addAction(m_copy);
    menu.addSeparator();
    menu.addAction(m_remove);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

} // namespace ui

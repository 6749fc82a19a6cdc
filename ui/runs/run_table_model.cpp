#include "ui/runs/run_table_model.h"

#include <QBrush>
#include <QFont>

#include "engine/core/number_list.h"
#include "ui/common/number_format.h"
#include "ui/common/palette.h"

#include <cmath>

namespace ui {

namespace {

QString statusText(storage::RunStatus s)
{
    switch (s) {
    case storage::RunStatus::Queued:
        return QString::fromUtf8("… queued");
    case storage::RunStatus::Running:
        return QString::fromUtf8("▶ running");
    case storage::RunStatus::Done:
        return QString::fromUtf8("✓ done");
    case storage::RunStatus::Failed:
        return QString::fromUtf8("✗ failed");
    case storage::RunStatus::Cancelled:
        return QString::fromUtf8("■ cancelled");
    case storage::RunStatus::Interrupted:
        return QString::fromUtf8("⏸ interrupted");
    }
    return {};
}

} // namespace

QString formatDuration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return QString::fromUtf8("—");
    const auto total = static_cast<long long>(std::llround(seconds));
    if (total >= 3600)
        return QString("%1:%2:%3")
            .arg(total / 3600)
            .arg((total / 60) % 60, 2, 10, QChar('0'))
            .arg(total % 60, 2, 10, QChar('0'));
    return QString("%1:%2").arg(total / 60).arg(total % 60, 2, 10, QChar('0'));
}

RunTableModel::RunTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int RunTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}
int RunTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    static const char *titles[] = { "Run",     "State", "Progress", "Steps", "Epoch", "Test acc. %",
                                    "Elapsed", "ETA",   "Kept f",   "α",     "Seed",  "Device" };
    static const char *tips[] = { "method · kept fraction · α · τ · teacher · seed",
                                  "queued, running, done, failed, cancelled or interrupted",
                                  "share of the run's optimiser steps done",
                                  "optimiser steps done / planned",
                                  "passes over the kept subset",
                                  "latest test accuracy (final when done)",
                                  "training time so far",
                                  "estimated time left for this run",
                                  "kept fraction f = N_kept / N",
                                  "KD weight α (0 = no distillation)",
                                  "seed of subset, initialisation and batch order",
                                  "where the run trained" };
    if (role == Qt::DisplayRole)
        return QString::fromUtf8(titles[section]);
    if (role == Qt::ToolTipRole)
        return QString::fromUtf8(tips[section]);
    return {};
}

const RunProgress *RunTableModel::liveProgress(const storage::RunRow &r) const
{
    if (r.status != storage::RunStatus::Running)
        return nullptr;
    const auto it = m_live.constFind(r.id);
    return it == m_live.constEnd() ? nullptr : &*it;
}

const RunProgress *RunTableModel::stoppedProgress(const storage::RunRow &r) const
{
    if (r.status != storage::RunStatus::Cancelled && r.status != storage::RunStatus::Failed
        && r.status != storage::RunStatus::Interrupted)
        return nullptr;
    const auto it = m_stopped.constFind(r.id);
    return it == m_stopped.constEnd() ? nullptr : &*it;
}

double RunTableModel::fractionDone(const storage::RunRow &r) const
{
    if (r.status == storage::RunStatus::Done)
        return 1.0;
    const RunProgress *p = liveProgress(r);
    if (!p)
        p = stoppedProgress(r);
    if (p && p->totalSteps > 0)
        return double(p->step) / double(p->totalSteps);
    return -1.0;
}

double RunTableModel::liveFraction() const
{
    qint64 done = 0, total = 0;
    for (const RunProgress &p : m_live) {
        done += p.step;
        total += p.totalSteps;
    }
    if (total > 0)
        return double(done) / double(total);
    if (m_progress.runId < 0 && m_progress.totalSteps > 0) // the teacher
        return double(m_progress.step) / double(m_progress.totalSteps);
    return -1.0;
}

QVariant RunTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const storage::RunRow &r = m_rows[index.row()];
    static const RunProgress idle;
    const RunProgress *liveP = liveProgress(r);
    const RunProgress *stoppedP = stoppedProgress(r);
    const bool live = liveP != nullptr || stoppedP != nullptr;
    const RunProgress &progress = liveP ? *liveP : stoppedP ? *stoppedP : idle;
    const double accuracy = r.testAccuracy
        ? *r.testAccuracy
        : (live && progress.lastAccuracy >= 0 ? progress.lastAccuracy : NAN);
    const double elapsed = r.wallSeconds ? *r.wallSeconds : (live ? progress.elapsedSeconds : NAN);
    const double eta = liveP && progress.step > 0 ? progress.elapsedSeconds / double(progress.step)
            * double(progress.totalSteps - progress.step)
                                                  : NAN;
    const QString status = QString::fromUtf8(storage::statusName(r.status).data());

    if (role == RunIdRole)
        return QVariant::fromValue<qint64>(r.id);
    if (role == StatusRole)
        return status;
    if (role == ProgressRole)
        return fractionDone(r);
    if (role == Qt::DecorationRole && index.column() == Name)
        return swatchIcon(methodColor(QString::fromStdString(r.method)));
    if (role == Qt::ForegroundRole && index.column() == State)
        return QBrush(statusColor(status));
    if (role == Qt::ToolTipRole) {
        if (!r.error.empty())
            return QString::fromStdString(r.error.substr(0, r.error.find('\n')));
        if (stoppedP)
            return tr("%1\nstopped at step %2 of %3%4")
                .arg(QString::fromStdString(r.name))
                .arg(stoppedP->step)
                .arg(stoppedP->totalSteps)
                .arg(stoppedP->lastAccuracy >= 0 ? tr("; last evaluation %1 % test accuracy")
                                                       .arg(100 * stoppedP->lastAccuracy, 0, 'f', 2)
                                                 : QString());
        return QString::fromStdString(r.name);
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Steps)
        return int(Qt::AlignRight | Qt::AlignVCenter);

    if (role == SortRole) {
        switch (index.column()) {
        case Name:
            return QString::fromStdString(r.name);
        case State:
            return int(r.status);
        case Progress:
            return fractionDone(r);
        case Steps:
            return QVariant::fromValue<qint64>(r.steps.value_or(live ? progress.step : 0));
        case Epoch:
            return live ? progress.epoch : 0.0;
        case Accuracy:
            return std::isfinite(accuracy) ? accuracy : -1.0;
        case Elapsed:
            return std::isfinite(elapsed) ? elapsed : -1.0;
        case Eta:
            return std::isfinite(eta) ? eta : -1.0;
        case Fraction:
            return r.fraction;
        case Alpha:
            return r.alpha;
        case Seed:
            return QVariant::fromValue<qint64>(r.seed);
        case Device:
            return QString::fromStdString(r.device);
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return QString::fromStdString(r.name);
    case State:
        return m_cancelling.contains(r.id) && r.status == storage::RunStatus::Running
            ? QString::fromUtf8("■ cancelling…")
            : statusText(r.status);
    case Progress: {
        const double done = fractionDone(r);
        return done < 0 ? QString() : QString("%1 %").arg(int(std::floor(100 * done)));
    }
    case Steps:
        if (live)
            return QString("%1 / %2").arg(progress.step).arg(progress.totalSteps);
        return r.steps ? QString::number(*r.steps) : QString();
    case Epoch:
        return live ? QString::number(progress.epoch, 'f', 1) : QString();
    case Accuracy:
        return std::isfinite(accuracy) ? QString::number(100 * accuracy, 'f', 1) : QString();
    case Elapsed:
        return std::isfinite(elapsed) ? formatDuration(elapsed) : QString();
    case Eta:
        return std::isfinite(eta) ? formatDuration(eta) : QString();
    case Fraction:
        return formatNumber(100 * r.fraction) + " %";
    case Alpha:
        return formatNumber(r.alpha);
    case Seed:
        return QString::number(r.seed);
    case Device:
        return QString::fromStdString(r.device);
    }
    return {};
}

void RunTableModel::reindex()
{
    m_index.clear();
    for (int i = 0; i < int(m_rows.size()); ++i)
        m_index.insert(m_rows[i].id, i);
}

void RunTableModel::reset(const RunRows &rows)
{
    beginResetModel();
    m_rows = rows;
    m_progress = {};
    m_live.clear();
    m_stopped.clear();
    reindex();
    endResetModel();
}

void RunTableModel::upsert(const RunRows &rows)
{
    RunRows added;
    for (const auto &r : rows) {
        const int at = m_index.value(r.id, -1);
        if (at < 0) {
            added.push_back(r);
            continue;
        }
        m_rows[at] = r;
        if (r.status == storage::RunStatus::Queued)
            m_stopped.remove(r.id);
        if (r.status != storage::RunStatus::Running) {
            if (r.status != storage::RunStatus::Done && m_live.contains(r.id))
                m_stopped.insert(r.id, m_live.value(r.id));
            m_cancelling.remove(r.id);
            m_live.remove(r.id);
            if (m_progress.runId == r.id)
                m_progress = {};
        }
        Q_EMIT dataChanged(index(at, 0), index(at, ColumnCount - 1));
    }
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (const auto &r : added) {
            m_index.insert(r.id, int(m_rows.size()));
            m_rows.push_back(r);
        }
        endInsertRows();
    }
}

void RunTableModel::remove(const QVector<qint64> &runIds)
{
    for (qint64 id : runIds) {
        const int at = m_index.value(id, -1);
        if (at < 0)
            continue;
        beginRemoveRows({}, at, at);
        m_rows.removeAt(at);
        reindex();
        endRemoveRows();
    }
}

void RunTableModel::setProgress(const RunProgress &progress)
{
    m_progress = progress;
    const int at = m_index.value(progress.runId, -1);
    if (at < 0)
        return;
    if (m_rows[at].status == storage::RunStatus::Running)
        m_live.insert(progress.runId, progress);
    Q_EMIT dataChanged(index(at, Progress), index(at, Eta));
}

void RunTableModel::markCancelling(qint64 runId)
{
    m_cancelling.insert(runId);
    const int at = m_index.value(runId, -1);
    if (at >= 0)
        Q_EMIT dataChanged(index(at, State), index(at, State));
}

void RunTableModel::clearProgress()
{
    const auto live = m_live.keys();
    m_progress = {};
    m_live.clear();
    for (qint64 id : live)
        if (const int at = m_index.value(id, -1); at >= 0)
            Q_EMIT dataChanged(index(at, Progress), index(at, Eta));
}

const storage::RunRow *RunTableModel::run(qint64 runId) const
{
    const int at = m_index.value(runId, -1);
    return at < 0 ? nullptr : &m_rows[at];
}

int RunTableModel::countWithStatus(storage::RunStatus status) const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(),
                             [&](const auto &r) { return r.status == status; }));
}

} // namespace ui

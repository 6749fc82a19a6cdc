#include "ui/samples/sample_grid_model.h"

#include <QMetaObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include "ui/samples/sample_table.h"

#include <algorithm>
#include <climits>

namespace ui {

namespace {
// A batch is small enough to come back within a frame or two, so tiles fill in as one scrolls.
constexpr int kBatch = 96;
constexpr int kMaxInFlight = 2;
// Rows beyond the visible range that are still worth making (the next scroll step).
constexpr int kMargin = 200;

using Thumbs = std::vector<std::pair<int64_t, QImage>>;
} // namespace

SampleGridModel::SampleGridModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_cache.setMaxCost(256 * 1024); // KiB: 60,000 tiles of 28 px, or 2,500 of 160 px at 2×
}

SampleGridModel::~SampleGridModel() = default;

void SampleGridModel::setTable(std::shared_ptr<const SampleTable> table)
{
    beginResetModel();
    m_table = std::move(table);
    m_order.clear();
    m_rowOf.assign(m_table ? size_t(m_table->size()) : 0, -1);
    m_cache.clear();
    m_wanted.clear();
    m_requested.clear();
    ++m_generation;
    m_run = -1;
    endResetModel();
}

void SampleGridModel::setOrder(std::vector<int64_t> order)
{
    beginResetModel();
    for (int64_t s : m_order)
        m_rowOf[size_t(s)] = -1;
    m_order = std::move(order);
    for (size_t r = 0; r < m_order.size(); ++r)
        m_rowOf[size_t(m_order[r])] = int(r);
    endResetModel();
}

int64_t SampleGridModel::sampleAt(int row) const
{
    return row >= 0 && size_t(row) < m_order.size() ? m_order[size_t(row)] : -1;
}

int SampleGridModel::rowOf(int64_t sample) const
{
    return sample >= 0 && size_t(sample) < m_rowOf.size() ? m_rowOf[size_t(sample)] : -1;
}

void SampleGridModel::setRun(int run)
{
    if (run == m_run)
        return;
    m_run = run;
    if (!m_order.empty())
        Q_EMIT dataChanged(index(0), index(int(m_order.size()) - 1), { KeptRole });
}

void SampleGridModel::flagsChanged()
{
    if (!m_order.empty())
        Q_EMIT dataChanged(index(0), index(int(m_order.size()) - 1), { FlagsRole });
}

void SampleGridModel::setThumbnailSize(int side, qreal devicePixelRatio)
{
    const int pixels = std::max(1, int(std::lround(side * devicePixelRatio)));
    if (side == m_side && pixels == m_pixels)
        return;
    m_side = side;
    m_dpr = devicePixelRatio;
    m_pixels = pixels;
    // Work for the old size is dropped; tiles ask again for the new one as they repaint.
    m_wanted.clear();
    m_requested.clear();
    ++m_generation;
    if (!m_order.empty())
        Q_EMIT dataChanged(index(0), index(int(m_order.size()) - 1), { Qt::DecorationRole });
}

int SampleGridModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_order.size());
}

QVariant SampleGridModel::data(const QModelIndex &index, int role) const
{
    if (!m_table || !index.isValid() || size_t(index.row()) >= m_order.size())
        return {};
    const int64_t sample = m_order[size_t(index.row())];
    switch (role) {
    case Qt::DecorationRole: {
        if (const QPixmap *cached = m_cache.object(key(sample)))
            return *cached;
        if (!m_requested.contains(key(sample))) {
            m_requested.insert(key(sample));
            m_wanted.push_back(sample);
            if (!m_dispatchQueued) {
                m_dispatchQueued = true;
                QMetaObject::invokeMethod(const_cast<SampleGridModel *>(this),
                                          &SampleGridModel::dispatch, Qt::QueuedConnection);
            }
        }
        return {};
    }
    case Qt::DisplayRole:
    case LabelRole:
        return m_table->className(m_table->label(sample));
    case IndexRole:
        return qint64(sample);
    case FlagsRole:
        return m_table->flagNames(sample);
    case KeptRole:
        return m_run >= 0 && m_run < m_table->runCount() ? int(m_table->kept(m_run, sample)) : -1;
    case Qt::ToolTipRole: {
        QString tip = tr("#%1 · %2").arg(sample).arg(m_table->className(m_table->label(sample)));
        QStringList titles;
        for (const auto &f : m_table->flags())
            if (m_table->flagged(f.id, sample))
                titles << f.title;
        tip += titles.isEmpty() ? tr("\nno flag") : tr("\nflags: %1").arg(titles.join(", "));
        if (m_run >= 0 && m_run < m_table->runCount())
            tip += (m_table->kept(m_run, sample) ? tr("\nkept by %1") : tr("\npruned by %1"))
                       .arg(m_table->runName(m_run));
        return tip;
    }
    default:
        return {};
    }
}

void SampleGridModel::dispatch()
{
    m_dispatchQueued = false;
    const auto [firstVisible, lastVisible] = m_visibleRows ? m_visibleRows() : std::pair(-1, -1);
    while (m_inFlight < kMaxInFlight && !m_wanted.empty()) {
        std::vector<int64_t> batch;
        // The most recently painted tiles first: they are what the user looks at now.
        while (!m_wanted.empty() && int(batch.size()) < kBatch) {
            const int64_t sample = m_wanted.back();
            m_wanted.pop_back();
            const int row = rowOf(sample);
            const bool onScreen = firstVisible < 0
                || (row >= firstVisible - kMargin && row <= lastVisible + kMargin);
            if (row >= 0 && onScreen)
                batch.push_back(sample);
            else
                m_requested.remove(key(sample));
        }
        if (batch.empty())
            break;
        ++m_inFlight;
        const int generation = m_generation;
        const int pixels = m_pixels;
        const qreal dpr = m_dpr;
        QtConcurrent::run([images = m_table->images(), batch = std::move(batch), pixels]() {
            Thumbs out;
            out.reserve(batch.size());
            // Converted here to the format a pixmap uses, so the GUI thread only wraps it.
            for (int64_t s : batch)
                out.emplace_back(s,
                                 images.thumbnail(s, pixels).convertToFormat(QImage::Format_RGB32));
            return out;
        }).then(this, [this, generation, dpr](const Thumbs &thumbs) {
            --m_inFlight;
            if (generation == m_generation) {
                int first = INT_MAX, last = -1;
                for (const auto &[sample, image] : thumbs) {
                    auto *pixmap = new QPixmap(QPixmap::fromImage(image));
                    pixmap->setDevicePixelRatio(dpr);
                    m_cache.insert(key(sample), pixmap,
                                   std::max<qsizetype>(1, image.sizeInBytes() / 1024));
                    m_requested.remove(key(sample));
                    if (const int row = rowOf(sample); row >= 0) {
                        first = std::min(first, row);
                        last = std::max(last, row);
                    }
                }
                if (last >= 0)
                    Q_EMIT dataChanged(index(first), index(last), { Qt::DecorationRole });
            }
            dispatch();
        });
    }
}

} // namespace ui

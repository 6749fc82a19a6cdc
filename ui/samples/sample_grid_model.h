#pragma once

#include <QAbstractListModel>
#include <QCache>
#include <QPixmap>
#include <QSet>

#include <functional>
#include <memory>
#include <vector>

namespace ui {

class SampleTable;

/// The sample grid's rows: a filtered, sorted vector of training-sample indices (the model
/// filters itself: a proxy over 60,000 rows would be slow). Thumbnails are made off the GUI
/// thread for the rows the view asks for, cached by (sample, size) and announced through
/// dataChanged; until then a tile has no decoration.
class SampleGridModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        IndexRole = Qt::UserRole + 1, ///< qint64 training-set index
        LabelRole, ///< QString: the given label's class name
        FlagsRole, ///< QStringList: names of the flags raised at the current thresholds
        KeptRole, ///< int: 1 kept, 0 pruned by the chosen run, −1 no run chosen
    };

    explicit SampleGridModel(QObject *parent = nullptr);
    ~SampleGridModel() override;

    void setTable(std::shared_ptr<const SampleTable> table);
    /// Replaces the rows (a reset: the caller restores the selection).
    void setOrder(std::vector<int64_t> order);
    const std::vector<int64_t> &order() const { return m_order; }
    int64_t sampleAt(int row) const;
    int rowOf(int64_t sample) const; ///< −1 when filtered out
    /// The run whose kept/pruned mark the tiles carry (−1: none).
    void setRun(int run);
    /// The table's flags changed (a threshold moved): every tile's badges may differ.
    void flagsChanged();
    /// Logical side of a thumbnail, and the screen's device pixel ratio.
    void setThumbnailSize(int side, qreal devicePixelRatio);
    int thumbnailSide() const { return m_side; }
    /// Where the view says which rows are on screen ({first, last}, or {−1, −1} when unknown):
    /// asked when work is handed out, so requests for rows scrolled far away are dropped (they
    /// come back if those rows are painted again).
    void setVisibleRowsSource(std::function<std::pair<int, int>()> source)
    {
        m_visibleRows = std::move(source);
    }
    int pendingThumbnails() const { return int(m_requested.size()); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;

private:
    quint64 key(int64_t sample) const { return quint64(sample) << 16 | quint64(m_pixels); }
    void dispatch();

    std::shared_ptr<const SampleTable> m_table;
    std::vector<int64_t> m_order;
    std::vector<int> m_rowOf;
    int m_run = -1;
    int m_side = 64;
    qreal m_dpr = 1;
    int m_pixels = 64;
    int m_generation = 0;
    int m_inFlight = 0;
    std::function<std::pair<int, int>()> m_visibleRows;
    mutable QCache<quint64, QPixmap> m_cache;
    mutable std::vector<int64_t> m_wanted; ///< samples asked for, most recent last
    mutable QSet<quint64> m_requested; ///< keys wanted or being made
    mutable bool m_dispatchQueued = false;
};

} // namespace ui

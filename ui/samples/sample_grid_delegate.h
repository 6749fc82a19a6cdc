#pragma once

#include <QStyledItemDelegate>

namespace ui {

/// Paints a sample tile: the thumbnail (a placeholder until it arrives) and the overlays the
/// user toggles: the given label, flag badges (colour and code, dots on small tiles) and the
/// chosen run's kept/pruned corner mark.
class SampleGridDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    struct Overlays
    {
        bool label = true;
        bool flags = true;
        bool kept = true;
    };

    explicit SampleGridDelegate(QObject *parent = nullptr);
    void setTileSide(int side) { m_side = side; }
    int tileSide() const { return m_side; }
    void setOverlays(const Overlays &overlays) { m_overlays = overlays; }
    const Overlays &overlays() const { return m_overlays; }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

private:
    int m_side = 64;
    Overlays m_overlays;
};

} // namespace ui

#pragma once

#include <QColor>
#include <QSet>
#include <QString>
#include <QVector>
#include <QWidget>
#include <Qt>

class QLayout;

namespace ui {

/// The two-block legend of the accuracy charts: methods (colour) and KD settings (line style and
/// marker). Clicking an entry hides its curves (the entry greys out); it never changes other
/// curves.
class ChartLegend : public QWidget
{
    Q_OBJECT

public:
    struct Entry
    {
        QString key;
        QString label;
        QColor color;
        Qt::PenStyle pen = Qt::SolidLine;
        int marker = -1; ///< −1: a colour swatch instead of a line sample
    };

    explicit ChartLegend(QWidget *parent = nullptr);
    void setEntries(const QVector<Entry> &methods, const QVector<Entry> &kdSettings);
    bool isHidden(const QString &key) const { return m_hidden.contains(key); }
    /// The entries not hidden, methods first: what an export's legend lists.
    QVector<Entry> shownMethods() const;
    QVector<Entry> shownKdSettings() const;

Q_SIGNALS:
    void visibilityChanged();

private:
    void fill(QLayout *row, const QVector<Entry> &entries);
    QVector<Entry> m_methodEntries, m_kdEntries;
    QLayout *m_methods;
    QLayout *m_kd;
    QSet<QString> m_hidden;
};

/// An icon showing a line sample with a marker, as the curve is drawn.
QIcon lineSampleIcon(const QColor &color, Qt::PenStyle pen, int marker, int height);

/// Draws one of the marker shapes (circle, square, triangle, diamond, cross, star) centred at p.
void drawMarker(class QPainter &painter, QPointF p, int marker, double size, bool filled);

} // namespace ui

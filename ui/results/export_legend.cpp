#include "ui/results/export_legend.h"

#include "ui/common/qcustomplot_include.h"

#include <algorithm>

namespace ui {

namespace {

/// One legend entry drawn as the window's legend draws it: a colour swatch for a method, a line
/// sample with its marker for a KD setting.
class SampleItem : public QCPAbstractLegendItem
{
public:
    SampleItem(QCPLegend *legend, const ChartLegend::Entry &entry)
        : QCPAbstractLegendItem(legend)
        , m_entry(entry)
    {
        setTextColor(legend->textColor());
        setFont(legend->font());
    }

    QSize minimumOuterSizeHint() const override
    {
        const QFontMetrics fm(mFont);
        const QSize icon = iconSize();
        return QSize(icon.width() + mParentLegend->iconTextPadding()
                         + fm.horizontalAdvance(m_entry.label) + mMargins.left() + mMargins.right(),
                     std::max(fm.height(), icon.height()) + mMargins.top() + mMargins.bottom());
    }

protected:
    QSize iconSize() const
    {
        const int h = QFontMetrics(mFont).height();
        return m_entry.marker < 0 ? QSize(int(h * 0.8), int(h * 0.8)) : QSize(h * 2, h);
    }
    void draw(QCPPainter *painter) override
    {
        const QSize icon = iconSize();
        const QRectF r = mRect;
        const QRectF iconRect(r.left(), r.center().y() - icon.height() / 2.0, icon.width(),
                              icon.height());
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        if (m_entry.marker < 0) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(m_entry.color);
            painter->drawRect(iconRect);
        } else {
            painter->setPen(QPen(mTextColor, icon.height() / 9.0, m_entry.pen));
            painter->drawLine(QPointF(iconRect.left(), iconRect.center().y()),
                              QPointF(iconRect.right(), iconRect.center().y()));
            painter->setPen(QPen(mTextColor, icon.height() / 12.0));
            painter->setBrush(mTextColor);
            drawMarker(*painter, iconRect.center(), m_entry.marker, icon.height() * 0.55,
                       m_entry.marker != 0);
        }
        painter->setFont(mFont);
        painter->setPen(mTextColor);
        painter->drawText(QRectF(iconRect.right() + mParentLegend->iconTextPadding(), r.top(),
                                 r.width(), r.height()),
                          Qt::AlignLeft | Qt::AlignVCenter, m_entry.label);
        painter->restore();
    }

private:
    ChartLegend::Entry m_entry;
};

} // namespace

QCPLegend *addExportLegend(QCustomPlot *plot, const QVector<ChartLegend::Entry> &methods,
                           const QVector<ChartLegend::Entry> &kdSettings, int widthUnits,
                           const QFont &font)
{
    auto *legend = new QCPLegend;
    const int row = plot->plotLayout()->rowCount();
    plot->plotLayout()->addElement(row, 0, legend);
    legend->setLayer(QLatin1String("legend"));
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setTextColor(plot->xAxis->labelColor());
    legend->setFont(font);
    legend->setRowSpacing(0);
    legend->setColumnSpacing(8);
    legend->setMargins(QMargins(4, 0, 4, 2));
    legend->setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX);
    // As many entries a row as the widest one allows; methods and KD settings each start a row.
    QVector<SampleItem *> items;
    for (const auto &e : methods)
        items << new SampleItem(legend, e);
    for (const auto &e : kdSettings)
        items << new SampleItem(legend, e);
    int widest = 1;
    for (auto *item : items)
        widest = std::max(widest, item->minimumOuterSizeHint().width() + 8);
    const int columns = std::max(1, std::min(int(items.size()), widthUnits / widest));
    int r = 0, c = 0;
    for (int i = 0; i < int(items.size()); ++i) {
        if (i == int(methods.size()) && c > 0) {
            ++r;
            c = 0;
        }
        legend->addElement(r, c, items[i]);
        if (++c == columns) {
            ++r;
            c = 0;
        }
    }
    plot->plotLayout()->setRowStretchFactor(row, 0.001);
    return legend;
}

void removeExportLegend(QCustomPlot *plot, QCPLegend *legend)
{
    plot->plotLayout()->remove(legend);
    plot->plotLayout()->simplify();
}

} // namespace ui

// The heat map as a picture for a paper: laid out again at the export's size and cropped to
// what it draws.
#include <QPalette>

#include "ui/common/export_options.h"
#include "ui/common/plot_export.h"
#include "ui/results/heat_map_widget.h"

namespace ui {

QRect HeatMapWidget::contentRect() const
{
    const Geometry g = geometry();
    const QFontMetrics fm = fontMetrics();
    const double labels = colourBarLabelWidth();
    const QRect titleBounds
        = fm.boundingRect(QRect(4, 0, std::max(80, width() - 8), 10000), Qt::TextWordWrap, title());
    const double right = std::max(g.colourBar.right() + 6 + labels, double(titleBounds.right()));
    const double bottom = g.grid.bottom() + 2 * fm.height() + 12;
    return QRectF(0, 0, right + 6, bottom).toAlignedRect().intersected(rect());
}

QString HeatMapWidget::exportTo(const QString &path, const ExportOptions &options)
{
    // A copy laid out at the export's size, so the map on screen never moves.
    HeatMapWidget copy;
    copy.setAttribute(Qt::WA_DontShowOnScreen);
    QPalette pal = palette();
    if (options.paper) {
        pal.setColor(QPalette::Base, Qt::white);
        pal.setColor(QPalette::Window, Qt::white);
        pal.setColor(QPalette::Text, Qt::black);
        pal.setColor(QPalette::WindowText, Qt::black);
        pal.setColor(QPalette::Mid, QColor(170, 170, 170));
    }
    copy.setPalette(pal);
    const double points = options.paper
        ? 8.0
        : (font().pointSizeF() > 0 ? font().pointSizeF() : font().pixelSize() * 0.75);
    copy.setFont(exportFont(font(), points, options));
    copy.m_mode = m_mode;
    copy.m_fitToWidth = options.onPaper();
    copy.m_penScale = options.onPaper() ? (options.paper ? 0.5 : 0.75) : 1.0;
    copy.setData(m_map, m_fit, QString());
    copy.setMinimumSize(0, 0);
    copy.resize(options.sizeFor(size()).toSize());
    return exportWidget(&copy, path, options, copy.contentRect());
}

} // namespace ui

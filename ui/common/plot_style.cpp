#include "ui/common/plot_style.h"

#include "ui/common/qcustomplot_include.h"

namespace ui {

void applyPalette(QCustomPlot *plot, const QPalette &pal)
{
    plot->setBackground(pal.base());
    for (QCPAxis *axis : { plot->xAxis, plot->yAxis }) {
        axis->setBasePen(QPen(pal.text().color()));
        axis->setTickPen(QPen(pal.text().color()));
        axis->setSubTickPen(QPen(pal.text().color()));
        axis->setTickLabelColor(pal.text().color());
        axis->setLabelColor(pal.text().color());
        axis->grid()->setPen(QPen(pal.mid().color(), 0, Qt::DotLine));
    }
}

} // namespace ui

#include "ui/common/plot_style.h"

#include <QEvent>

#include "ui/common/qcustomplot_include.h"

namespace ui {

namespace {

class PaletteWatcher : public QObject
{
public:
    PaletteWatcher(QWidget *chart, std::function<void()> redraw)
        : QObject(chart)
        , m_redraw(std::move(redraw))
    {
        chart->installEventFilter(this);
    }
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::PaletteChange
            || event->type() == QEvent::ApplicationPaletteChange)
            m_redraw();
        return false;
    }

private:
    std::function<void()> m_redraw;
};

} // namespace

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

void redrawOnPaletteChange(QWidget *chart, std::function<void()> redraw)
{
    new PaletteWatcher(chart, std::move(redraw));
}

} // namespace ui

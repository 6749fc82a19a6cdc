#include <QHelpEvent>
#include <QMouseEvent>
#include <QToolTip>

#include "ui/common/number_format.h"
#include "ui/results/heat_map_widget.h"

#include <cmath>

// The heat map under the mouse: the cell's numbers on hover, its runs on a click.

namespace ui {

std::pair<int, int> HeatMapWidget::cellAt(QPointF pos) const
{
    const Geometry g = geometry();
    if (!g.grid.contains(pos))
        return { -1, -1 };
    const int col = int((pos.x() - g.grid.left()) / g.cellW);
    const int rowFromTop = int((pos.y() - g.grid.top()) / g.cellH);
    const int row = int(m_map.alphas.size()) - 1 - rowFromTop;
    return { col, row };
}

bool HeatMapWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const auto [col, row] = cellAt(help->pos());
        if (col < 0 || row < 0 || col >= int(m_map.fractions.size())
            || row >= int(m_map.alphas.size())) {
            QToolTip::hideText();
            return true;
        }
        const double f = m_map.fractions[col], a = m_map.alphas[row];
        const HeatCell *cell = m_map.cell(f, a);
        QString text = QString::fromUtf8("<b>f = %1 %, α = %2</b><br>")
                           .arg(formatNumber(100.0 * f), formatNumber(a));
        if (!cell) {
            text += tr("no run at this fraction and α");
        } else {
            text += QString::fromUtf8("mean %1 %").arg(100.0 * cell->accuracy.mean, 0, 'f', 2);
            if (cell->accuracy.n > 1)
                text += QString::fromUtf8(" ± %1").arg(100.0 * cell->accuracy.std, 0, 'f', 2);
            text += QString(" test (n = %1)").arg(cell->accuracy.n);
            text += cell->validated ? QString::fromUtf8("<br>validation %1 %")
                                          .arg(100.0 * cell->validation.mean, 0, 'f', 2)
                                    : tr("<br>no validation split: chosen on test");
            if (cell->pairs >= 2 && std::isfinite(cell->gainLow))
                text += QString::fromUtf8("<br>gain over α = 0, paired by seed: %1%2 points, "
                                          "95 % CI [%3, %4] (n = %5)")
                            .arg(cell->pairedGain > 0 ? "+" : "")
                            .arg(100.0 * cell->pairedGain, 0, 'f', 2)
                            .arg(100.0 * cell->gainLow, 0, 'f', 2)
                            .arg(100.0 * cell->gainHigh, 0, 'f', 2)
                            .arg(cell->pairs);
            else if (std::isfinite(cell->gain))
                text += QString::fromUtf8("<br>gain over α = 0: %1%2 points")
                            .arg(cell->gain > 0 ? "+" : "")
                            .arg(100.0 * cell->gain, 0, 'f', 2);
            text += tr("<br>runs %1").arg([&] {
                QStringList ids;
                for (auto id : cell->runIds)
                    ids << QString::number(id);
                return ids.join(", ");
            }());
        }
        QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void HeatMapWidget::mousePressEvent(QMouseEvent *event)
{
    const auto [col, row] = cellAt(event->position());
    if (col < 0 || row < 0 || col >= int(m_map.fractions.size()) || row >= int(m_map.alphas.size()))
        return;
    if (const HeatCell *cell = m_map.cell(m_map.fractions[col], m_map.alphas[row]))
        Q_EMIT cellClicked(QVector<qint64>(cell->runIds.begin(), cell->runIds.end()));
}

} // namespace ui

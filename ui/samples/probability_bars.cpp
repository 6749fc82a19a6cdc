#include "ui/samples/probability_bars.h"

#include <QPainter>

namespace ui {

ProbabilityBars::ProbabilityBars(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void ProbabilityBars::setBars(const QVector<Bar> &bars)
{
    m_bars = bars;
    QStringList tip;
    for (const Bar &b : bars)
        tip << QString("%1: %2 %").arg(b.label).arg(100 * b.probability, 0, 'f', 1);
    setToolTip(tip.join('\n'));
    updateGeometry();
    update();
}

QSize ProbabilityBars::sizeHint() const
{
    const int row = fontMetrics().height() + 4;
    return QSize(200, std::max(1, int(m_bars.size())) * row);
}

void ProbabilityBars::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QFontMetrics fm = fontMetrics();
    const int row = fm.height() + 4;
    int labelWidth = 0;
    for (const Bar &b : m_bars)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(b.label));
    labelWidth = std::min(labelWidth + 6, width() / 3);
    const int valueWidth = fm.horizontalAdvance("100.0 %") + 6;
    const int barWidth = std::max(10, width() - labelWidth - valueWidth);
    const QColor fill = palette().highlight().color();
    for (int i = 0; i < m_bars.size(); ++i) {
        const Bar &b = m_bars[i];
        const int y = i * row;
        p.setPen(palette().text().color());
        p.drawText(QRect(0, y, labelWidth - 4, row), Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(b.label, Qt::ElideRight, labelWidth - 4));
        const QRect track(labelWidth, y + 2, barWidth, row - 4);
        p.fillRect(track, palette().alternateBase());
        p.fillRect(QRect(track.topLeft(),
                         QSize(int(std::round(track.width() * std::clamp(b.probability, 0.0, 1.0))),
                               track.height())),
                   fill);
        if (b.given) {
            p.setPen(QPen(palette().text().color(), 1, Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawRect(track.adjusted(0, 0, -1, -1));
        }
        p.setPen(palette().text().color());
        p.drawText(QRect(labelWidth + barWidth + 4, y, valueWidth, row),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   QString("%1 %").arg(100 * b.probability, 0, 'f', 1));
    }
}

} // namespace ui

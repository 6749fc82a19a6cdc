#include "ui/results/chart_legend.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/common/flow_layout.h"
#include "ui/common/palette.h"

#include <cmath>

namespace ui {

void drawMarker(QPainter &painter, QPointF p, int marker, double size, bool filled)
{
    const double r = size / 2;
    painter.save();
    if (!filled)
        painter.setBrush(Qt::NoBrush);
    switch (marker % 6) {
    case 0:
        painter.drawEllipse(p, r, r);
        break;
    case 1:
        painter.drawRect(QRectF(p.x() - r, p.y() - r, size, size));
        break;
    case 2: {
        QPolygonF t { QPointF(p.x(), p.y() - r), QPointF(p.x() + r, p.y() + r),
                      QPointF(p.x() - r, p.y() + r) };
        painter.drawPolygon(t);
        break;
    }
    case 3: {
        QPolygonF d { QPointF(p.x(), p.y() - r), QPointF(p.x() + r, p.y()),
                      QPointF(p.x(), p.y() + r), QPointF(p.x() - r, p.y()) };
        painter.drawPolygon(d);
        break;
    }
    case 4:
        painter.drawLine(QPointF(p.x() - r, p.y() - r), QPointF(p.x() + r, p.y() + r));
        painter.drawLine(QPointF(p.x() - r, p.y() + r), QPointF(p.x() + r, p.y() - r));
        break;
    default: {
        QPolygonF star;
        for (int i = 0; i < 10; ++i) {
            const double a = -M_PI / 2 + i * M_PI / 5, rr = i % 2 ? r * 0.45 : r;
            star << QPointF(p.x() + rr * std::cos(a), p.y() + rr * std::sin(a));
        }
        painter.drawPolygon(star);
    }
    }
    painter.restore();
}

QIcon lineSampleIcon(const QColor &color, Qt::PenStyle pen, int marker, int height)
{
    const int width = height * 3;
    QPixmap pixmap(width * 2, height * 2);
    pixmap.setDevicePixelRatio(2.0);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    QPen line(color, 1.8, pen);
    p.setPen(line);
    p.drawLine(QPointF(1, height / 2.0), QPointF(width - 1, height / 2.0));
    p.setPen(QPen(color, 1.4));
    p.setBrush(color);
    drawMarker(p, QPointF(width / 2.0, height / 2.0), marker, height * 0.55, marker != 0);
    return QIcon(pixmap);
}

ChartLegend::ChartLegend(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    // Rows wrap: many curves must not widen the window past the screen.
    m_methods = new FlowLayout;
    m_kd = new FlowLayout;
    layout->addLayout(m_methods);
    layout->addLayout(m_kd);
}

void ChartLegend::fill(QLayout *row, const QVector<Entry> &entries)
{
    while (QLayoutItem *item = row->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const int h = fontMetrics().height();
    for (const Entry &e : entries) {
        auto *button = new QToolButton(this);
        button->setText(e.label);
        button->setCheckable(true);
        button->setChecked(!m_hidden.contains(e.key));
        button->setAutoRaise(true);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setIcon(e.marker < 0 ? swatchIcon(e.color, h - 2)
                                     : lineSampleIcon(e.color, e.pen, e.marker, h));
        button->setIconSize(e.marker < 0 ? QSize(h - 2, h - 2) : QSize(h * 3, h));
        button->setToolTip(tr("Click to hide or show the curves of %1").arg(e.label));
        const QString key = e.key;
        connect(button, &QToolButton::toggled, this, [this, key](bool shown) {
            if (shown)
                m_hidden.remove(key);
            else
                m_hidden.insert(key);
            Q_EMIT visibilityChanged();
        });
        row->addWidget(button);
    }
}

void ChartLegend::setEntries(const QVector<Entry> &methods, const QVector<Entry> &kdSettings)
{
    m_methodEntries = methods;
    m_kdEntries = kdSettings;
    fill(m_methods, methods);
    fill(m_kd, kdSettings);
}

namespace {
QVector<ChartLegend::Entry> notHidden(const QVector<ChartLegend::Entry> &entries,
                                      const QSet<QString> &hidden)
{
    QVector<ChartLegend::Entry> out;
    for (const auto &e : entries)
        if (!hidden.contains(e.key))
            out << e;
    return out;
}
} // namespace

QVector<ChartLegend::Entry> ChartLegend::shownMethods() const
{
    return notHidden(m_methodEntries, m_hidden);
}
QVector<ChartLegend::Entry> ChartLegend::shownKdSettings() const
{
    return notHidden(m_kdEntries, m_hidden);
}

} // namespace ui

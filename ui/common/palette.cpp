#include "ui/common/palette.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

#include "storage/svg_plot.h"

namespace ui {

QColor methodColor(const QString &method)
{
    // The report draws with the same table ("el2n easiest" keeps EL2N's colour).
    if (const std::string known = storage::knownMethodColorHex(method.toStdString());
        !known.empty())
        return QColor(QString::fromStdString(known));
    const QString base = method.section(QLatin1Char(' '), 0, 0);
    // Other names: a stable hue from the name itself.
    const uint hash = qHash(base);
    return QColor::fromHsv(int(hash % 360), 160, 180);
}

KdStyle kdStyle(double alpha, int rankAmongPositive)
{
    if (alpha <= 0)
        return { Qt::DashLine, 0 };
    static const Qt::PenStyle pens[]
        = { Qt::SolidLine, Qt::DotLine, Qt::DashDotLine, Qt::DashDotDotLine };
    return { pens[rankAmongPositive % 4], 1 + rankAmongPositive % 5 };
}

QString markerName(int marker)
{
    static const char *names[] = { "circle", "square", "triangle", "diamond", "cross", "star" };
    return names[marker % 6];
}

QIcon swatchIcon(const QColor &color, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(color.darker(130));
    p.setBrush(color);
    p.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 2, 2);
    return QIcon(pixmap);
}

QColor statusColor(const QString &status)
{
    if (status == "failed")
        return QColor(0xC6, 0x28, 0x28);
    if (status == "done")
        return QColor(0x2E, 0x7D, 0x32);
    if (status == "running")
        return QColor(0x15, 0x65, 0xC0);
    if (status == "interrupted" || status == "cancelled")
        return QColor(0xB2, 0x6A, 0x00);
    return QColor(0x61, 0x61, 0x61);
}

} // namespace ui

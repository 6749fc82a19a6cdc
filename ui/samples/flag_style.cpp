#include "ui/samples/flag_style.h"

#include <QFont>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace ui {

namespace {
struct Style
{
    const char *code;
    QColor color;
};

const QHash<QString, Style> &styles()
{
    // Label flags in purples and blues, image flags in browns, teals and greys: none of them the
    // red, amber or green kept for run states, and every badge also carries its code.
    static const QHash<QString, Style> known {
        { "label_issue", { "LBL", QColor(0x6A, 0x3D, 0x9A) } },
        { "teacher_disagrees", { "TCH", QColor(0xCC, 0x79, 0xA7) } },
        { "low_aum", { "AUM", QColor(0x1F, 0x4E, 0x9A) } },
        { "dark", { "DRK", QColor(0x30, 0x30, 0x30) } },
        { "light", { "LGT", QColor(0x9E, 0x9E, 0x9E) } },
        { "blurry", { "BLR", QColor(0x56, 0xB4, 0xE9) } },
        { "noisy", { "NOI", QColor(0x8C, 0x56, 0x3C) } },
        { "low_information", { "INF", QColor(0x00, 0x72, 0xB2) } },
        { "odd_size", { "SIZ", QColor(0x7F, 0x6A, 0x00) } },
        { "exact_duplicate", { "DUP", QColor(0x00, 0x80, 0x80) } },
        { "near_duplicate", { "NDP", QColor(0x4D, 0xA6, 0x9E) } },
    };
    return known;
}
} // namespace

QString flagCode(const QString &flagName)
{
    if (auto it = styles().find(flagName); it != styles().end())
        return QString::fromLatin1(it->code);
    return flagName.left(3).toUpper();
}

QColor flagColor(const QString &flagName)
{
    if (auto it = styles().find(flagName); it != styles().end())
        return it->color;
    return QColor::fromHsv(int(qHash(flagName) % 360), 140, 150);
}

QIcon flagIcon(const QString &flagName, int height)
{
    QFont font = QGuiApplication::font();
    font.setPixelSize(std::max(7, height * 2 / 3));
    font.setBold(true);
    const QString code = flagCode(flagName);
    const int width = QFontMetrics(font).horizontalAdvance(code) + height / 2 + 2;
    const qreal dpr = qApp ? qApp->devicePixelRatio() : 1.0;
    QPixmap pixmap(QSize(width, height) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor color = flagColor(flagName);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawRoundedRect(QRectF(0, 0, width, height), 3, 3);
    p.setFont(font);
    p.setPen(color.lightness() > 150 ? Qt::black : Qt::white);
    p.drawText(QRectF(0, 0, width, height), Qt::AlignCenter, code);
    return QIcon(pixmap);
}

} // namespace ui

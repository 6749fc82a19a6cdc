#include "ui/samples/sample_grid_delegate.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include "ui/samples/flag_style.h"
#include "ui/samples/sample_grid_model.h"

namespace ui {

namespace {
constexpr int kPad = 2;
// Below these sides text cannot be read; flags become dots and the label is left out.
constexpr int kLabelSide = 48;
constexpr int kCodeSide = 64;
} // namespace

SampleGridDelegate::SampleGridDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QSize SampleGridDelegate::sizeHint(const QStyleOptionViewItem &, const QModelIndex &) const
{
    return QSize(m_side + 2 * kPad, m_side + 2 * kPad);
}

void SampleGridDelegate::paint(QPainter *p, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const
{
    p->save();
    const QPalette &pal = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    const QRect tile = option.rect.adjusted(kPad, kPad, -kPad, -kPad);
    if (selected)
        p->fillRect(option.rect, pal.highlight());

    const QPixmap pixmap = qvariant_cast<QPixmap>(index.data(Qt::DecorationRole));
    if (pixmap.isNull()) {
        p->fillRect(tile, pal.mid().color().lighter(120));
    } else {
        p->fillRect(tile, pal.base().color().darker(115));
        const QSizeF logical = pixmap.deviceIndependentSize();
        const QPointF at(tile.x() + (tile.width() - logical.width()) / 2.0,
                         tile.y() + (tile.height() - logical.height()) / 2.0);
        p->drawPixmap(at, pixmap);
    }

    if (m_overlays.label && m_side >= kLabelSide) {
        QFont font = option.font;
        font.setPixelSize(std::max(9, std::min(12, m_side / 7)));
        p->setFont(font);
        const QFontMetrics fm(font);
        const QString text = fm.elidedText(index.data(SampleGridModel::LabelRole).toString(),
                                           Qt::ElideRight, tile.width() - 4);
        const QRect strip(tile.left(), tile.bottom() - fm.height() + 1, tile.width(), fm.height());
        p->fillRect(strip, QColor(0, 0, 0, 150));
        p->setPen(Qt::white);
        p->drawText(strip.adjusted(2, 0, -2, 0), Qt::AlignLeft | Qt::AlignVCenter, text);
    }

    if (m_overlays.flags) {
        const QStringList flags = index.data(SampleGridModel::FlagsRole).toStringList();
        if (m_side >= kCodeSide) {
            QFont font = option.font;
            font.setPixelSize(9);
            font.setBold(true);
            p->setFont(font);
            const QFontMetrics fm(font);
            int y = tile.top() + 1;
            for (const QString &name : flags) {
                const QString code = flagCode(name);
                const QRect badge(tile.left() + 1, y, fm.horizontalAdvance(code) + 6,
                                  fm.height() + 1);
                if (badge.bottom() > tile.bottom())
                    break;
                const QColor color = flagColor(name);
                p->setPen(Qt::NoPen);
                p->setBrush(color);
                p->drawRoundedRect(badge, 2, 2);
                p->setPen(color.lightness() > 150 ? Qt::black : Qt::white);
                p->drawText(badge, Qt::AlignCenter, code);
                y += badge.height() + 1;
            }
        } else {
            const int d = std::max(4, m_side / 8);
            int x = tile.left() + 1;
            p->setRenderHint(QPainter::Antialiasing);
            for (const QString &name : flags) {
                if (x + d > tile.right())
                    break;
                p->setPen(QPen(Qt::white, 1));
                p->setBrush(flagColor(name));
                p->drawEllipse(QRect(x, tile.top() + 1, d, d));
                x += d + 1;
            }
        }
    }

    const int kept = index.data(SampleGridModel::KeptRole).toInt();
    if (m_overlays.kept && kept >= 0) {
        // Kept: a filled corner; pruned: an outlined corner with a stroke, told apart by shape.
        const int s = std::max(8, m_side / 5);
        QPainterPath corner;
        corner.moveTo(tile.right() + 1 - s, tile.top());
        corner.lineTo(tile.right() + 1, tile.top());
        corner.lineTo(tile.right() + 1, tile.top() + s);
        corner.closeSubpath();
        p->setRenderHint(QPainter::Antialiasing);
        if (kept) {
            p->setPen(QPen(Qt::white, 1));
            p->setBrush(QColor(0x00, 0x72, 0xB2));
            p->drawPath(corner);
        } else {
            p->setPen(QPen(QColor(0x40, 0x40, 0x40), 1.5));
            p->setBrush(QColor(255, 255, 255, 200));
            p->drawPath(corner);
            p->drawLine(QPointF(tile.right() + 1 - s / 2.0, tile.top() + s / 2.0),
                        QPointF(tile.right() + 1 - s / 4.0, tile.top() + s / 4.0));
        }
    }

    if (option.state & QStyle::State_HasFocus) {
        p->setRenderHint(QPainter::Antialiasing, false);
        p->setPen(QPen(pal.highlight().color(), 2));
        p->setBrush(Qt::NoBrush);
        p->drawRect(option.rect.adjusted(1, 1, -1, -1));
    }
    p->restore();
}

} // namespace ui

#include "ui/common/table_tip.h"

#include <QEvent>
#include <QGuiApplication>
#include <QScreen>
#include <QToolTip>

namespace ui {

TableTip::TableTip(QWidget *owner)
    : QLabel(owner, Qt::ToolTip | Qt::BypassGraphicsProxyWidget)
{
    setObjectName("tableTip");
    setTextFormat(Qt::RichText);
    setWordWrap(false);
    setPalette(QToolTip::palette());
    setFont(QToolTip::font());
    setAutoFillBackground(true);
    setFrameStyle(QFrame::Box | QFrame::Plain);
    setMargin(4);
    owner->installEventFilter(this);
}

void TableTip::showAt(QPoint globalPosition, const QString &html)
{
    setText(html);
    adjustSize();
    QPoint at = globalPosition + QPoint(16, 16);
    if (const QScreen *screen = QGuiApplication::screenAt(globalPosition)) {
        const QRect area = screen->availableGeometry();
        // Left of or above the cursor where it would run off the screen.
        if (at.x() + width() > area.right())
            at.setX(std::max(area.left(), globalPosition.x() - 16 - width()));
        if (at.y() + height() > area.bottom())
            at.setY(std::max(area.top(), globalPosition.y() - 16 - height()));
    }
    move(at);
    show();
    raise();
}

bool TableTip::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Leave || event->type() == QEvent::Hide
        || event->type() == QEvent::MouseButtonPress)
        hide();
    return QLabel::eventFilter(watched, event);
}

} // namespace ui

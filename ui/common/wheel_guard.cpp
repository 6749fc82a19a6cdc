#include "ui/common/wheel_guard.h"

#include <QAbstractScrollArea>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QWheelEvent>

namespace ui {

namespace {
bool guarded(QObject *o)
{
    return qobject_cast<QComboBox *>(o) || qobject_cast<QAbstractSpinBox *>(o);
}
} // namespace

bool WheelGuard::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Polish && guarded(watched)) {
        auto *w = static_cast<QWidget *>(watched);
        if (w->focusPolicy() & Qt::WheelFocus)
            w->setFocusPolicy(Qt::StrongFocus);
    } else if (event->type() == QEvent::Wheel && guarded(watched)) {
        auto *w = static_cast<QWidget *>(watched);
        if (w->hasFocus())
            return false;
        // The nearest scroll area scrolls as if the input were not there.
        for (QWidget *p = w->parentWidget(); p; p = p->parentWidget())
            if (auto *area = qobject_cast<QAbstractScrollArea *>(p)) {
                QCoreApplication::sendEvent(area->viewport(), event);
                break;
            }
        event->accept();
        return true;
    }
    return false;
}

void installWheelGuard(QApplication &app)
{
    app.installEventFilter(new WheelGuard(&app));
}

} // namespace ui

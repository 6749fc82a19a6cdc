#pragma once

#include <QObject>

class QApplication;

namespace ui {

/// Keeps the mouse wheel from editing what it passes over: a combo box or spin box without
/// keyboard focus ignores the wheel (and the scroll area around it scrolls instead), and the
/// wheel no longer gives such inputs focus. Click an input, or tab to it, to wheel through its
/// values. Researchers scroll long forms; a wheel that silently switched the teacher source or
/// injected label noise on the way changed their experiments.
class WheelGuard : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
};

/// Installs one guard on the application (every window, every input created later).
void installWheelGuard(QApplication &app);

} // namespace ui

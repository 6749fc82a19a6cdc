#pragma once

#include <QLabel>

namespace ui {

/// A tooltip for a table of figures. QToolTip word-wraps rich text wider than a quarter of the
/// screen into narrow columns (worse at 2×); this one is laid out at its natural width, kept on
/// the screen, and hidden when the mouse leaves its owner.
class TableTip : public QLabel
{
    Q_OBJECT

public:
    explicit TableTip(QWidget *owner);
    void showAt(QPoint globalPosition, const QString &html);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
};

} // namespace ui

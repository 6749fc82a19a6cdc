#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

namespace ui {

/// Each flag type owns one short code, colour and icon, bound to the flag's name ("label_issue")
/// and used identically on tiles, in the sidebar and in the detail pane.
QString flagCode(const QString &flagName);
QColor flagColor(const QString &flagName);
/// A rounded badge with the colour and the code, for lists and the detail pane.
QIcon flagIcon(const QString &flagName, int height);

} // namespace ui

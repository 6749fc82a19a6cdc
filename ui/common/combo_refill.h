#pragma once

#include <QString>
#include <QStringList>

class QComboBox;

namespace ui {

/// Fills a combo with values (each its own data), after an "any" entry with empty data when
/// anyLabel is given, keeping the current choice when it is still offered; emits no signals.
void refillCombo(QComboBox *combo, const QStringList &values, const QString &anyLabel = QString());

} // namespace ui

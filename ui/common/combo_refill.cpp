#include "ui/common/combo_refill.h"

#include <QComboBox>

namespace ui {

void refillCombo(QComboBox *combo, const QStringList &values, const QString &anyLabel)
{
    const QString current = combo->currentData().toString();
    combo->blockSignals(true);
    combo->clear();
    if (!anyLabel.isEmpty())
        combo->addItem(anyLabel, QString());
    for (const QString &v : values)
        combo->addItem(v, v);
    const int at = combo->findData(current);
    combo->setCurrentIndex(at >= 0 ? at : 0);
    combo->blockSignals(false);
}

} // namespace ui

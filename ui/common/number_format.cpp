#include "ui/common/number_format.h"

#include <QLocale>

#include "engine/core/number_list.h"

namespace ui {

QString formatNumber(double value)
{
    return QString::fromStdString(engine::formatNumber(value));
}

QString groupedNumber(int64_t count)
{
    return QLocale::system().toString(qlonglong(count));
}

} // namespace ui

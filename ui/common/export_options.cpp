#include "ui/common/export_options.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace ui {

QSizeF ExportOptions::sizeFor(QSizeF onScreen) const
{
    if (!onPaper())
        return onScreen;
    const double w = widthCm / 2.54 * 72.0;
    const double h = heightCm > 0 ? heightCm / 2.54 * 72.0
                                  : w * onScreen.height() / std::max(1.0, onScreen.width());
    return { w, h };
}

QString csvBeside(const QString &chartPath)
{
    const QFileInfo info(chartPath);
    return info.dir().filePath(info.completeBaseName() + ".csv");
}

} // namespace ui

#pragma once

#include <QMetaType>
#include <QString>
#include <QVector>

#include "storage/run_row.h"

namespace ui {

/// Live progress of the job in flight, sent from the worker at most every 100 ms.
struct RunProgress
{
    qint64 runId = -1; ///< -1 while the teacher trains
    qint64 step = 0;
    qint64 totalSteps = 0;
    double epoch = 0;
    double elapsedSeconds = 0;
    double lastAccuracy = -1; ///< latest test accuracy (fraction), −1 before the first evaluation
    QString stage; ///< "Training teacher smallcnn on all 60000 training images"
};

using RunRows = QVector<storage::RunRow>;

/// Registers the types that cross threads in queued signals.
void registerRunEventTypes();

} // namespace ui

Q_DECLARE_METATYPE(ui::RunProgress)
Q_DECLARE_METATYPE(storage::RunRow)

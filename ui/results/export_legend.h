#pragma once

#include <QVector>

#include "ui/results/chart_legend.h"

class QCPLegend;
class QCustomPlot;

namespace ui {

/// Puts the legend the window shows beside a chart (methods by colour, KD settings by line and
/// marker) under the plot for an export: the same entries and words, in rows that fit the plot's
/// width, so it never covers a curve or the teacher's line. Returns the legend, to be removed
/// with removeExportLegend after the export.
QCPLegend *addExportLegend(QCustomPlot *plot, const QVector<ChartLegend::Entry> &methods,
                           const QVector<ChartLegend::Entry> &kdSettings, int widthUnits,
                           const QFont &font);
void removeExportLegend(QCustomPlot *plot, QCPLegend *legend);

} // namespace ui

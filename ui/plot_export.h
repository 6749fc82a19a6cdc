#pragma once

#include <QString>

class QCustomPlot;
class QWidget;

namespace ui {

/// File-dialog filter for chart exports.
QString chartExportFilter();

/// Writes the plot as PNG (2× pixels), SVG or PDF (vector), chosen by the file's suffix; returns
/// an error message, empty on success.
QString exportPlot(QCustomPlot *plot, const QString &path);

/// The same for a widget that paints itself with QPainter (vector output for SVG and PDF).
QString exportWidget(QWidget *widget, const QString &path);

/// Writes text (CSV, LaTeX) to a file; returns an error message, empty on success.
QString writeTextFile(const QString &path, const QString &text);

} // namespace ui

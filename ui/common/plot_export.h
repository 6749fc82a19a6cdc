#pragma once

#include <QFont>
#include <QRect>
#include <QString>

#include "ui/common/export_options.h"

#include <functional>

class QCustomPlot;
class QWidget;

namespace ui {

/// The workspace the window has open: no export may replace it, its WAL/SHM files or anything in
/// its artifacts folder.
void setWorkspaceForExports(const QString &storeFile);

/// Checks that path replaces no input, lets write fill a temporary file in its folder (returning
/// false on failure) and renames it into place; returns an error message, empty on success. The
/// file is written whole or not at all.
QString writeOutputFile(const QString &path, const std::function<bool(const QString &)> &write);

/// File-dialog filter for chart exports.
QString chartExportFilter();

/// Writes the plot as PNG, SVG or PDF (vector), chosen by the file's suffix, at the size and in
/// the style `options` ask for; returns an error message, empty on success. The plot on screen is
/// left as it was.
QString exportPlot(QCustomPlot *plot, const QString &path, const ExportOptions &options = {});
/// The same with `title` above the plot for the export only (a chart's subtitle, which the window
/// shows outside the plot).
QString exportPlotWithTitle(QCustomPlot *plot, const QString &title, const QString &path,
                            const ExportOptions &options = {});

/// The same for a widget that paints itself with QPainter (vector output for SVG and PDF), drawn
/// at `size` in drawing units (points on paper) and cropped to `crop` when it is not empty.
QString exportWidget(QWidget *widget, const QString &path, const ExportOptions &options = {},
                     QRect crop = {});

/// The font of an export: the window's family (or a serif one in the paper style) at a size
/// given in drawing units, so that it prints at `points` at the chosen width.
QFont exportFont(const QFont &base, double points, const ExportOptions &options);

/// Writes text (CSV, LaTeX) to a file; returns an error message, empty on success.
QString writeTextFile(const QString &path, const QString &text);

} // namespace ui

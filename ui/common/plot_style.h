#pragma once

#include <functional>

class QCustomPlot;
class QPalette;
class QWidget;

namespace ui {

/// Paints a plot's background, axes, ticks, labels and dotted grid in the widget palette's
/// colours, so every chart follows a light or dark theme alike.
void applyPalette(QCustomPlot *plot, const QPalette &palette);

/// Calls redraw whenever the chart's palette changes (a theme chosen in Preferences), so a
/// chart drawn in one theme's colours is drawn again in the new one.
void redrawOnPaletteChange(QWidget *chart, std::function<void()> redraw);

} // namespace ui

#pragma once

class QCustomPlot;
class QPalette;

namespace ui {

/// Paints a plot's background, axes, ticks, labels and dotted grid in the widget palette's
/// colours, so every chart follows a light or dark theme alike.
void applyPalette(QCustomPlot *plot, const QPalette &palette);

} // namespace ui

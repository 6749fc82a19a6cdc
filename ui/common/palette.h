#pragma once

#include <QColor>
#include <QIcon>
#include <QString>
#include <Qt>

namespace ui {

/// One colour per pruning method, bound to the method's name (never to the order in which
/// methods appear), from the Okabe–Ito colour-blind-safe palette. Red, amber and green are left
/// for failed, warning and done.
QColor methodColor(const QString &method);

/// Line style and marker of a KD setting: α = 0 (no distillation) is dashed with open circles;
/// each α > 0 gets a solid or dotted line and its own marker, by the α's rank among the α values
/// shown, so grey prints still separate curves.
struct KdStyle
{
    Qt::PenStyle pen = Qt::SolidLine;
    int marker = 0; ///< index into the marker shapes (see markerName)
};
KdStyle kdStyle(double alpha, int rankAmongPositive);
QString markerName(int marker);

/// A small swatch icon (colour square) for tables and legends.
QIcon swatchIcon(const QColor &color, int size = 12);

/// Status colours, always shown together with a word.
QColor statusColor(const QString &status);

} // namespace ui

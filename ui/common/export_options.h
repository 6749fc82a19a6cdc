#pragma once

#include <QSizeF>
#include <QString>

namespace ui {

/// How a chart is exported: at its size on screen, or at a size on paper (centimetres, the units
/// journals give column widths in) and a resolution for PNG; in the window's style or a "paper"
/// style (serif fonts of at least 8 pt at the chosen width, white background, same colours).
struct ExportOptions
{
    double widthCm = 0; ///< 0: the chart's size on screen
    double heightCm = 0; ///< 0 with a width: the on-screen aspect ratio
    int dpi = 300; ///< PNG pixels per inch at the chosen size
    bool paper = false;
    bool dataCsv = false; ///< also write the chart's numbers as NAME.csv beside it

    bool onPaper() const { return widthCm > 0; }
    /// The export's size in its drawing units: points (1/72 in) on paper, else the screen size.
    QSizeF sizeFor(QSizeF onScreen) const;
    /// Font size in drawing units for `points` printed points.
    double fontUnits(double points) const { return onPaper() ? points : points * 96.0 / 72.0; }
    /// PNG pixels per drawing unit.
    double pngScale() const { return onPaper() ? dpi / 72.0 : 2.0; }
};

/// The CSV written beside an exported chart: same folder and name, suffix .csv.
QString csvBeside(const QString &chartPath);

} // namespace ui

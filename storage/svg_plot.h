#pragma once

// Line charts as standalone SVG text, for the self-contained HTML report (no Qt, no browser
// scripts): axes with ticks (linear or log x), one polyline with markers and error bars per
// series, an optional Pareto staircase, and a legend beside the plot.

#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace storage {

struct SvgPoint
{
    double x = 0, y = 0;
    double low = NAN, high = NAN; ///< error bar ends (NaN: none)
};

struct SvgSeries
{
    std::string label;
    std::string color = "#0072B2";
    bool dashed = false;
    bool hollow = false; ///< open markers (no KD), filled otherwise
    std::vector<SvgPoint> points; ///< drawn in this order
};

struct SvgPlot
{
    std::string title;
    std::string xLabel, yLabel;
    bool logX = false;
    bool flopsX = false; ///< x ticks written as FLOPs with units ("5 TFLOP")
    std::vector<SvgSeries> series;
    std::vector<std::pair<double, double>> front; ///< ascending x: drawn as a staircase
    std::string frontLabel;
    int width = 900, height = 430;
};

std::string svgPlot(const SvgPlot &plot);

/// &, <, >, " and ' as XML entities.
std::string xmlEscape(const std::string &text);

/// The Okabe–Ito colour ("#E69F00") of a known pruning method, by the first word of its name
/// (so "el2n easiest" keeps EL2N's); empty for other methods. The window and the report share it.
std::string knownMethodColorHex(const std::string &method);

/// knownMethodColorHex, or a stable hue from the name for other methods.
std::string methodColorHex(const std::string &method);

} // namespace storage

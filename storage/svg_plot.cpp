#include "storage/svg_plot.h"

#include "storage/compute.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <sstream>

namespace storage {

std::string xmlEscape(const std::string &text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string knownMethodColorHex(const std::string &method)
{
    // Okabe–Ito without its vermillion and green, which read as status colours.
    static const std::map<std::string, std::string> known {
        { "random", "#0072B2" },     { "el2n", "#E69F00" }, { "grand", "#CC79A7" },
        { "forgetting", "#56B4E9" }, { "aum", "#000000" },  { "uncertainty", "#F0E442" },
    };
    const auto it = known.find(method.substr(0, method.find(' ')));
    return it == known.end() ? std::string() : it->second;
}

std::string methodColorHex(const std::string &method)
{
    if (std::string known = knownMethodColorHex(method); !known.empty())
        return known;
    const std::string base = method.substr(0, method.find(' '));
    // FNV-1a of the name picks a hue (the window uses Qt's hash; the hue differs, not the rule).
    uint32_t h = 2166136261u;
    for (unsigned char c : base)
        h = (h ^ c) * 16777619u;
    char text[40];
    std::snprintf(text, sizeof text, "hsl(%u, 55%%, 45%%)", h % 360);
    return text;
}

namespace {

std::string fmt(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", v);
    return text;
}

std::string tickLabel(double v, bool flops)
{
    if (flops) {
        std::string text = flopsText(v); // "5.00 TFLOP" → "5 TFLOP" on a tick
        for (const char *zeros : { ".00 ", ".0 " })
            if (auto at = text.find(zeros); at != std::string::npos)
                text.erase(at, std::strlen(zeros) - 1);
        return text;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%g", std::abs(v) < 1e-12 ? 0.0 : v);
    return text;
}

/// Log-axis ticks at 1, 2 and 5 × powers of ten, or at every digit when that gives fewer than
/// three in the range (a range within one decade).
std::vector<double> logTicks(double lo, double hi)
{
    for (const std::vector<double> &mantissas :
         { std::vector<double> { 1, 2, 5 }, std::vector<double> { 1, 2, 3, 4, 5, 6, 7, 8, 9 } }) {
        std::vector<double> ticks;
        for (int e = int(std::floor(std::log10(lo))); e <= int(std::ceil(std::log10(hi))); ++e)
            for (double m : mantissas) {
                const double t = m * std::pow(10.0, e);
                if (t >= lo && t <= hi)
                    ticks.push_back(t);
            }
        if (ticks.size() >= 3 || mantissas.size() > 3)
            return ticks;
    }
    return {};
}

/// Ticks at 1, 2 or 5 × a power of ten, about `count` of them across [lo, hi].
std::vector<double> niceTicks(double lo, double hi, int count)
{
    const double raw = (hi - lo) / std::max(1, count);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : { 1.0, 2.0, 5.0, 10.0 })
        if (m * magnitude >= raw) {
            step = m * magnitude;
            break;
        }
    std::vector<double> ticks;
    for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
        ticks.push_back(t);
    return ticks;
}

} // namespace

std::string svgPlot(const SvgPlot &plot)
{
    const double left = 64, top = 36, legendWidth = 330;
    const double right = plot.width - legendWidth - 16, bottom = plot.height - 52;
    double xMin = INFINITY, xMax = -INFINITY, yMin = INFINITY, yMax = -INFINITY;
    for (const auto &s : plot.series)
        for (const auto &p : s.points) {
            if (!std::isfinite(p.x) || !std::isfinite(p.y) || (plot.logX && p.x <= 0))
                continue;
            xMin = std::min(xMin, p.x);
            xMax = std::max(xMax, p.x);
            yMin = std::min({ yMin, p.y, std::isfinite(p.low) ? p.low : p.y });
            yMax = std::max({ yMax, p.y, std::isfinite(p.high) ? p.high : p.y });
        }
    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << plot.width << "\" height=\""
        << plot.height << "\" viewBox=\"0 0 " << plot.width << ' ' << plot.height
        << "\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\">\n"
        << "<title>" << xmlEscape(plot.title) << "</title>\n"
        << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        << "<text x=\"" << left << "\" y=\"20\" font-size=\"14\" font-weight=\"bold\">"
        << xmlEscape(plot.title) << "</text>\n";
    if (!std::isfinite(xMin)) {
        svg << "<text x=\"" << left << "\" y=\"" << (top + 40) << "\">no data</text>\n</svg>\n";
        return svg.str();
    }
    // Margins so no point sits on an axis.
    if (plot.logX) {
        xMin /= 1.5;
        xMax *= 1.5;
    } else {
        const double pad
            = xMax > xMin ? 0.05 * (xMax - xMin) : std::max(0.05, std::abs(xMin) * 0.1);
        xMin -= pad;
        xMax += pad;
    }
    const double yPad = yMax > yMin ? 0.08 * (yMax - yMin) : 0.5;
    yMin -= yPad;
    yMax += yPad;
    const auto X = [&](double x) {
        const double u = plot.logX
            ? (std::log10(x) - std::log10(xMin)) / (std::log10(xMax) - std::log10(xMin))
            : (x - xMin) / (xMax - xMin);
        return left + u * (right - left);
    };
    const auto Y = [&](double y) {
        return bottom - (y - yMin) / (yMax - yMin) * (bottom - top);
    };

    svg << "<g stroke=\"#dddddd\" stroke-width=\"1\">\n";
    std::vector<double> xTicks;
    if (plot.logX) {
        xTicks = logTicks(xMin, xMax);
    } else {
        xTicks = niceTicks(xMin, xMax, 6);
    }
    const auto yTicks = niceTicks(yMin, yMax, 6);
    for (double t : xTicks)
        svg << "<line x1=\"" << fmt(X(t)) << "\" y1=\"" << top << "\" x2=\"" << fmt(X(t))
            << "\" y2=\"" << bottom << "\"/>\n";
    for (double t : yTicks)
        svg << "<line x1=\"" << left << "\" y1=\"" << fmt(Y(t)) << "\" x2=\"" << right << "\" y2=\""
            << fmt(Y(t)) << "\"/>\n";
    svg << "</g>\n<rect x=\"" << left << "\" y=\"" << top << "\" width=\"" << (right - left)
        << "\" height=\"" << (bottom - top) << "\" fill=\"none\" stroke=\"#444444\"/>\n";
    // A label needs room for itself: ticks too close to the last labelled one stay unlabelled.
    double lastLabel = -INFINITY;
    for (double t : xTicks) {
        const std::string label = tickLabel(t, plot.flopsX);
        const double room = 7.5 * double(label.size()) + 8;
        if (X(t) - lastLabel < room)
            continue;
        lastLabel = X(t);
        svg << "<text x=\"" << fmt(X(t)) << "\" y=\"" << (bottom + 16)
            << "\" text-anchor=\"middle\">" << label << "</text>\n";
    }
    for (double t : yTicks)
        svg << "<text x=\"" << (left - 6) << "\" y=\"" << fmt(Y(t) + 4) << "\" text-anchor=\"end\">"
            << tickLabel(t, false) << "</text>\n";
    svg << "<text x=\"" << fmt((left + right) / 2) << "\" y=\"" << (plot.height - 14)
        << "\" text-anchor=\"middle\">" << xmlEscape(plot.xLabel) << "</text>\n"
        << "<text transform=\"translate(16 " << fmt((top + bottom) / 2)
        << ") rotate(-90)\" text-anchor=\"middle\">" << xmlEscape(plot.yLabel) << "</text>\n";

    if (!plot.front.empty()) {
        svg << "<polyline fill=\"none\" stroke=\"#222222\" stroke-width=\"1.2\" "
               "stroke-dasharray=\"5 3\" points=\"";
        for (size_t i = 0; i < plot.front.size(); ++i) {
            const auto [x, y] = plot.front[i];
            if (i > 0)
                svg << fmt(X(x)) << ',' << fmt(Y(plot.front[i - 1].second)) << ' ';
            svg << fmt(X(x)) << ',' << fmt(Y(y)) << ' ';
        }
        svg << fmt(right) << ',' << fmt(Y(plot.front.back().second)) << "\"/>\n";
        for (const auto &[x, y] : plot.front)
            svg << "<circle cx=\"" << fmt(X(x)) << "\" cy=\"" << fmt(Y(y))
                << "\" r=\"8\" fill=\"none\" stroke=\"#222222\" stroke-width=\"1.4\"/>\n";
    }
    for (const auto &s : plot.series) {
        svg << "<g class=\"series\" data-label=\"" << xmlEscape(s.label) << "\">\n";
        std::string points;
        for (const auto &p : s.points) {
            if (!std::isfinite(p.y) || (plot.logX && p.x <= 0))
                continue;
            points += fmt(X(p.x)) + "," + fmt(Y(p.y)) + " ";
            if (std::isfinite(p.low) && std::isfinite(p.high))
                svg << "<line x1=\"" << fmt(X(p.x)) << "\" y1=\"" << fmt(Y(p.low)) << "\" x2=\""
                    << fmt(X(p.x)) << "\" y2=\"" << fmt(Y(p.high)) << "\" stroke=\"" << s.color
                    << "\" stroke-opacity=\"0.6\"/>\n";
        }
        svg << "<polyline fill=\"none\" stroke=\"" << s.color << "\" stroke-width=\"1.8\""
            << (s.dashed ? " stroke-dasharray=\"6 4\"" : "") << " points=\"" << points << "\"/>\n";
        for (const auto &p : s.points)
            if (std::isfinite(p.y) && !(plot.logX && p.x <= 0))
                svg << "<circle cx=\"" << fmt(X(p.x)) << "\" cy=\"" << fmt(Y(p.y))
                    << "\" r=\"3.5\" fill=\"" << (s.hollow ? "#ffffff" : s.color) << "\" stroke=\""
                    << s.color << "\" stroke-width=\"1.5\"/>\n";
        svg << "</g>\n";
    }
    // Legend: one entry per series, then the front.
    double ly = top + 8;
    const double lx = right + 16;
    const auto entry
        = [&](const std::string &label, const std::string &color, bool dashed, bool hollow) {
              svg << "<line x1=\"" << lx << "\" y1=\"" << fmt(ly) << "\" x2=\"" << (lx + 24)
                  << "\" y2=\"" << fmt(ly) << "\" stroke=\"" << color << "\" stroke-width=\"1.8\""
                  << (dashed ? " stroke-dasharray=\"6 4\"" : "") << "/>\n<circle cx=\"" << (lx + 12)
                  << "\" cy=\"" << fmt(ly) << "\" r=\"3.5\" fill=\"" << (hollow ? "#ffffff" : color)
                  << "\" stroke=\"" << color << "\"/>\n<text class=\"legend\" x=\"" << (lx + 30)
                  << "\" y=\"" << fmt(ly + 4) << "\" font-size=\"11\">" << xmlEscape(label)
                  << "</text>\n";
              ly += 18;
          };
    for (const auto &s : plot.series)
        entry(s.label, s.color, s.dashed, s.hollow);
    if (!plot.front.empty())
        entry(plot.frontLabel, "#222222", true, true);
    svg << "</svg>\n";
    return svg.str();
}

} // namespace storage

#include "ui/results/heat_map_widget.h"

#include <QPainter>
#include <QPainterPath>

#include "engine/core/number_list.h"
#include "ui/common/number_format.h"

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

QColor lerp(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() + t * (b.redF() - a.redF())),
                            float(a.greenF() + t * (b.greenF() - a.greenF())),
                            float(a.blueF() + t * (b.blueF() - a.blueF())));
}

/// Piecewise-linear through colour stops at even spacing.
QColor ramp(const std::vector<QColor> &stops, double t)
{
    t = std::clamp(t, 0.0, 1.0) * double(stops.size() - 1);
    const size_t i = std::min(size_t(t), stops.size() - 2);
    return lerp(stops[i], stops[i + 1], t - double(i));
}

// Viridis (sequential, colour-blind safe) and PuOr (diverging, colour-blind safe), sampled.
const std::vector<QColor> kViridis { QColor(68, 1, 84),    QColor(71, 45, 123),
                                     QColor(59, 82, 139),  QColor(44, 114, 142),
                                     QColor(33, 145, 140), QColor(40, 174, 128),
                                     QColor(94, 201, 98),  QColor(170, 220, 50),
                                     QColor(253, 231, 37) };
const std::vector<QColor> kPuOr { QColor(84, 39, 136),   QColor(128, 115, 172),
                                  QColor(178, 171, 210), QColor(216, 218, 235),
                                  QColor(247, 247, 247), QColor(254, 224, 182),
                                  QColor(253, 184, 99),  QColor(224, 130, 20),
                                  QColor(179, 88, 6) };

} // namespace

HeatMapWidget::HeatMapWidget(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::ClickFocus);
    setMinimumSize(320, 200);
}

void HeatMapWidget::setData(const HeatMapData &map, const AlphaFit &fit, const QString &emptyText)
{
    m_map = map;
    m_fit = fit;
    m_emptyText = emptyText;
    updateGeometry();
    update();
}

void HeatMapWidget::setMode(Mode mode)
{
    m_mode = mode;
    update();
}

void HeatMapWidget::zoom(int steps)
{
    m_zoom = steps == 0 ? 1.0 : std::clamp(m_zoom * std::pow(1.2, steps), 0.5, 4.0);
    updateGeometry();
    update();
}

void HeatMapWidget::highlightRuns(const QVector<qint64> &runIds)
{
    m_highlighted = runIds;
    update();
}

QSize HeatMapWidget::minimumSizeHint() const
{
    return m_zoom == 1.0 ? QSize(320, 200) : sizeHint();
}

QSize HeatMapWidget::sizeHint() const
{
    const QFontMetrics fm = fontMetrics();
    const double cellW = std::max(64.0, fm.horizontalAdvance("100.0") + 16.0) * m_zoom;
    const double cellH = fm.height() * 2.2 * m_zoom;
    return QSize(int(fm.horizontalAdvance("α = 0.000") + 140
                     + cellW * double(std::max<size_t>(1, m_map.fractions.size()))),
                 int(titleHeight() + fm.height() * 4.5
                     + cellH * double(std::max<size_t>(1, m_map.alphas.size()))));
}

QString HeatMapWidget::title() const
{
    return (m_mode == Mode::Accuracy ? tr("mean test accuracy (%)")
                                     : tr("gain over α = 0 (percentage points)"))
        + (m_map.anySelectedOnTest()
               ? tr(" · outlined: best α, chosen on test (no validation split)")
               : tr(" · outlined: best α, chosen on validation"))
        + (m_fit.valid ? tr(" · dashed: fitted α(f)") : QString());
}

/// The title wraps to the widget's width rather than running off its edge.
double HeatMapWidget::titleHeight() const
{
    const QRect bounds = fontMetrics().boundingRect(QRect(0, 0, std::max(80, width() - 8), 10000),
                                                    Qt::TextWordWrap, title());
    return bounds.height() + 4;
}

HeatMapWidget::Geometry HeatMapWidget::geometry() const
{
    const QFontMetrics fm = fontMetrics();
    Geometry g;
    g.cellW = std::max(64.0, fm.horizontalAdvance("100.0") + 16.0) * m_zoom;
    g.cellH = fm.height() * 2.2 * m_zoom;
    // At a chosen export width the gaps are tight: the cells get what is left.
    const double gap = m_fitToWidth ? fm.height() * 0.6 : 24;
    double labelWidth = 0;
    for (double a : m_map.alphas)
        labelWidth = std::max(
            labelWidth, double(fm.horizontalAdvance(QString::fromUtf8("α = ") + formatNumber(a))));
    const double left = (m_fitToWidth ? labelWidth : fm.horizontalAdvance("α = 0.000")) + gap;
    const double top = titleHeight() + fm.height() * 0.4;
    const double bottom = fm.height() * 3.5;
    // The colour bar's gap, width, and its end labels.
    const double right = gap + 14 + 6 + colourBarLabelWidth() + 6;
    const double availW = width() - left - right, availH = height() - top - bottom;
    const double cols = double(m_map.fractions.size()), rows = double(m_map.alphas.size());
    if (m_fitToWidth) {
        // An export at a chosen size: columns share the width (down to their text), rows the
        // height, each between one and a half and three lines of text.
        g.cellW = std::max(availW / cols, fm.horizontalAdvance("+88.8") + 6.0);
        g.cellH = std::clamp(availH / rows, fm.height() * 1.5, fm.height() * 3.0);
    } else if (m_zoom == 1.0) {
        // At zoom 1 the cells grow to fill the space (up to three times their natural size);
        // zoomed, they keep the zoomed size and the scroll area scrolls.
        const double scale
            = std::clamp(std::min(availW / (cols * g.cellW), availH / (rows * g.cellH)), 0.6, 3.0);
        g.cellW *= scale;
        g.cellH *= scale;
    }
    g.grid = QRectF(left, top, cols * g.cellW, rows * g.cellH);
    g.colourBar = QRectF(g.grid.right() + gap, g.grid.top(), 14, g.grid.height());
    return g;
}

double HeatMapWidget::colourBarLabelWidth() const
{
    const auto [lo, hi] = valueRange();
    const QString unit = m_mode == Mode::Accuracy ? tr("%") : tr("points");
    return std::max(fontMetrics().horizontalAdvance(QString::number(hi, 'f', 1) + " " + unit),
                    fontMetrics().horizontalAdvance(QString::number(lo, 'f', 1) + " " + unit));
}

double HeatMapWidget::valueOf(const HeatCell &cell) const
{
    return m_mode == Mode::Accuracy ? 100.0 * cell.accuracy.mean : 100.0 * cell.gain;
}

std::pair<double, double> HeatMapWidget::valueRange() const
{
    double lo = INFINITY, hi = -INFINITY;
    for (const auto &c : m_map.cells) {
        const double v = valueOf(c);
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    if (m_mode == Mode::Gain) {
        const double m = std::max({ std::fabs(lo), std::fabs(hi), 0.1 });
        return { -m, m };
    }
    if (!std::isfinite(lo))
        return { 0, 1 };
    if (hi - lo < 0.1)
        hi = lo + 0.1;
    return { lo, hi };
}

QColor HeatMapWidget::colourFor(double value) const
{
    const auto [lo, hi] = valueRange();
    const double t = (value - lo) / (hi - lo);
    return m_mode == Mode::Accuracy ? ramp(kViridis, t) : ramp(kPuOr, t);
}

void HeatMapWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.base());
    if (m_map.cells.empty()) {
        p.setPen(pal.text().color());
        p.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
                   m_emptyText);
        return;
    }
    const Geometry g = geometry();
    const QFontMetrics fm = fontMetrics();
    const int rows = int(m_map.alphas.size()), cols = int(m_map.fractions.size());
    auto cellRect = [&](int col, int row) {
        return QRectF(g.grid.left() + col * g.cellW, g.grid.top() + (rows - 1 - row) * g.cellH,
                      g.cellW, g.cellH);
    };

    // Pass 1: cell colours (hatching where there is no run).
    for (int col = 0; col < cols; ++col)
        for (int row = 0; row < rows; ++row) {
            const QRectF r = cellRect(col, row).adjusted(1, 1, -1, -1);
            const HeatCell *cell = m_map.cell(m_map.fractions[col], m_map.alphas[row]);
            const double value = cell ? valueOf(*cell) : NAN;
            if (!cell || !std::isfinite(value))
                p.fillRect(r, QBrush(pal.mid().color(), Qt::BDiagPattern));
            else
                p.fillRect(r, colourFor(value));
        }

    // The fitted α(f), mapped through the α rows (linear between row centres).
    if (m_fit.valid && rows >= 2) {
        auto yOf = [&](double alpha) {
            const auto &a = m_map.alphas;
            auto centre = [&](int row) {
                return cellRect(0, row).center().y();
            };
            if (alpha <= a.front())
                return centre(0) + (a.front() - alpha) / (a[1] - a[0]) * (centre(0) - centre(1));
            for (int i = 1; i < rows; ++i)
                if (alpha <= a[i])
                    return centre(i - 1)
                        + (alpha - a[i - 1]) / (a[i] - a[i - 1]) * (centre(i) - centre(i - 1));
            return centre(rows - 1)
                - (alpha - a.back()) / (a[rows - 1] - a[rows - 2])
                * (centre(rows - 2) - centre(rows - 1));
        };
        QPainterPath path;
        for (int col = 0; col < cols; ++col) {
            const QPointF pt(
                cellRect(col, 0).center().x(),
                std::clamp(yOf(m_fit.at(m_map.fractions[col])), g.grid.top(), g.grid.bottom()));
            col == 0 ? path.moveTo(pt) : path.lineTo(pt);
        }
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(Qt::white, 4 * m_penScale, Qt::SolidLine, Qt::RoundCap));
        p.drawPath(path);
        p.setPen(QPen(Qt::black, 2 * m_penScale, Qt::DashLine, Qt::RoundCap));
        p.drawPath(path);
    }

    // Pass 2: values on a small plate (readable over the fitted line), selections, best-α outlines.
    for (int col = 0; col < cols; ++col) {
        for (int row = 0; row < rows; ++row) {
            const QRectF r = cellRect(col, row).adjusted(1, 1, -1, -1);
            const HeatCell *cell = m_map.cell(m_map.fractions[col], m_map.alphas[row]);
            const double value = cell ? valueOf(*cell) : NAN;
            if (!cell || !std::isfinite(value)) {
                p.setPen(pal.text().color());
                p.drawText(r, Qt::AlignCenter, cell ? tr("no α = 0") : tr("no run"));
                continue;
            }
            const QColor fill = colourFor(value);
            QString text = QString::number(value, 'f', 1);
            if (m_mode == Mode::Gain && value > 0)
                text.prepend('+');
            const QRectF plate = QRectF(0, 0, fm.horizontalAdvance(text) + 8, fm.height() + 2);
            p.setPen(Qt::NoPen);
            p.setBrush(fill);
            p.drawRoundedRect(plate.translated(r.center() - plate.center()), 3, 3);
            p.setPen(fill.lightnessF() > 0.5 ? Qt::black : Qt::white);
            p.drawText(r, Qt::AlignCenter, text);
            bool selected = false;
            for (qint64 id : cell->runIds)
                selected |= m_highlighted.contains(id);
            if (selected) {
                p.setPen(QPen(pal.highlight().color(), 2 * m_penScale, Qt::DashLine));
                p.setBrush(Qt::NoBrush);
                p.drawRect(r.adjusted(3, 3, -3, -3));
            }
        }
        // The best α of the column, outlined (ties: every one).
        const auto best = m_map.bestAlphas.find(m_map.fractions[col]);
        if (best != m_map.bestAlphas.end())
            for (double a : best->second) {
                const int row = int(std::find(m_map.alphas.begin(), m_map.alphas.end(), a)
                                    - m_map.alphas.begin());
                p.setPen(QPen(pal.text().color(), 3 * m_penScale));
                p.setBrush(Qt::NoBrush);
                p.drawRect(cellRect(col, row).adjusted(1.5, 1.5, -1.5, -1.5));
            }
    }

    // Axes: α on the left (0 at the bottom), kept fraction below.
    p.setPen(pal.text().color());
    for (int row = 0; row < rows; ++row) {
        const QRectF r = cellRect(0, row);
        p.drawText(QRectF(0, r.top(), g.grid.left() - (m_fitToWidth ? 3 : 8), r.height()),
                   Qt::AlignRight | Qt::AlignVCenter,
                   QString::fromUtf8("α = ") + formatNumber(m_map.alphas[row]));
    }
    for (int col = 0; col < cols; ++col) {
        const QRectF r = cellRect(col, 0);
        p.drawText(QRectF(r.left(), g.grid.bottom() + 4, r.width(), fm.height()), Qt::AlignCenter,
                   formatNumber(100.0 * m_map.fractions[col]) + " %");
    }
    p.drawText(
        QRectF(g.grid.left(), g.grid.bottom() + fm.height() + 8, g.grid.width(), fm.height()),
        Qt::AlignCenter, tr("kept fraction f (%)"));

    // Colour bar with its unit.
    const auto [lo, hi] = valueRange();
    // One gradient, not a stack of one-unit strips: those show seams when scaled for print.
    QLinearGradient gradient(g.colourBar.bottomLeft(), g.colourBar.topLeft());
    for (int k = 0; k <= 32; ++k)
        gradient.setColorAt(
            k / 32.0, m_mode == Mode::Accuracy ? ramp(kViridis, k / 32.0) : ramp(kPuOr, k / 32.0));
    p.fillRect(g.colourBar, gradient);
    p.setPen(pal.text().color());
    p.setBrush(Qt::NoBrush);
    p.drawRect(g.colourBar);
    const QString unit = m_mode == Mode::Accuracy ? tr("%") : tr("points");
    p.drawText(QPointF(g.colourBar.right() + 6, g.colourBar.top() + fm.ascent()),
               QString::number(hi, 'f', 1) + " " + unit);
    p.drawText(QPointF(g.colourBar.right() + 6, g.colourBar.bottom()),
               QString::number(lo, 'f', 1) + " " + unit);
    p.drawText(QRectF(4, 0, std::max(80, width() - 8), titleHeight()),
               Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, title());
}

} // namespace ui

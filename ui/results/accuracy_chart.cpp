#include "ui/results/accuracy_chart.h"

#include <QLabel>
#include <QToolTip>
#include <QVBoxLayout>

#include "engine/core/number_list.h"
#include "ui/common/number_format.h"
#include "ui/common/palette.h"
#include "ui/common/plot_export.h"
#include "ui/common/plot_style.h"
#include "ui/common/qcustomplot_include.h"
#include "ui/common/table_tip.h"
#include "ui/results/chart_legend.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace ui {

namespace {

QCPScatterStyle::ScatterShape shapeOf(int marker)
{
    static const QCPScatterStyle::ScatterShape shapes[]
        = { QCPScatterStyle::ssCircle,  QCPScatterStyle::ssSquare, QCPScatterStyle::ssTriangle,
            QCPScatterStyle::ssDiamond, QCPScatterStyle::ssCross,  QCPScatterStyle::ssStar };
    return shapes[marker % 6];
}

/// α values > 0 of the shown curves, ascending: their rank picks the line style.
std::vector<double> positiveAlphas(const std::vector<Curve> &curves)
{
    std::set<double> alphas;
    for (const auto &c : curves)
        if (c.alpha > 0)
            alphas.insert(c.alpha);
    return { alphas.begin(), alphas.end() };
}

int rankOf(const std::vector<double> &alphas, double alpha)
{
    return int(std::lower_bound(alphas.begin(), alphas.end(), alpha) - alphas.begin());
}

/// The KD setting's line and marker; variants of one label (other steps, another recipe) step
/// to other markers, so the legend tells them apart without colour.
KdStyle curveStyle(const Curve &c, const std::vector<double> &alphas)
{
    KdStyle style = kdStyle(c.alpha, rankOf(alphas, c.alpha));
    if (c.variant > 1)
        style.marker = (style.marker + 2 * (c.variant - 1)) % 6;
    return style;
}

} // namespace

AccuracyChart::AccuracyChart(QWidget *parent)
    : QWidget(parent)
{
    m_plot = new QCustomPlot(this);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setMinimumHeight(240);
    m_plot->setAntialiasedElements(QCP::aeAll);
    m_legend = new ChartLegend(this);
    m_subtitle = new QLabel(this);
    m_subtitle->setStyleSheet("color: palette(mid);");
    m_empty = new QLabel(
        tr("No results yet — set up an experiment in the form and queue it (Ctrl+Enter).\n"
           "Finished runs appear here as accuracy against kept fraction."),
        this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_legend);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_empty, 1);

    connect(m_legend, &ChartLegend::visibilityChanged, this, &AccuracyChart::rebuild);
    m_tip = new TableTip(m_plot);
    connect(m_plot, &QCustomPlot::mouseMove, this, &AccuracyChart::showTooltip);
    connect(m_plot, &QCustomPlot::mousePress, this, &AccuracyChart::handleClick);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent *) { rebuild(); });
    rebuild();
    redrawOnPaletteChange(this, [this] { setCurves(m_curves, m_teachers); });
}

void AccuracyChart::setCurves(const std::vector<Curve> &curves,
                              const std::vector<TeacherLine> &teachers)
{
    m_curves = curves;
    m_teachers = teachers;
    const auto alphas = positiveAlphas(m_curves);
    QVector<ChartLegend::Entry> methods, kd;
    std::set<QString> seenMethods, seenKd;
    for (const Curve &c : m_curves) {
        if (seenMethods.insert(methodKey(c)).second)
            methods.push_back(
                { methodKey(c), c.methodLabel(), methodColor(QString::fromStdString(c.method)) });
        if (seenKd.insert(kdKey(c)).second) {
            const KdStyle style = curveStyle(c, alphas);
            kd.push_back(
                { kdKey(c), c.kdLabel(), palette().text().color(), style.pen, style.marker });
        }
    }
    m_legend->setEntries(methods, kd);
    rebuild();
}

void AccuracyChart::setEmptyText(const QString &text)
{
    m_empty->setText(text);
}

void AccuracyChart::setBand(Band band)
{
    m_band = band;
    rebuild();
}

void AccuracyChart::setLogX(bool logX)
{
    m_logX = logX;
    rebuild();
}

void AccuracyChart::setDifferenceToNoKd(bool on)
{
    m_difference = on;
    rebuild();
}

void AccuracyChart::highlightRuns(const QVector<qint64> &runIds)
{
    m_highlighted = runIds;
    rebuild();
}

QString AccuracyChart::methodKey(const Curve &c) const
{
    return c.methodLabel();
}
QString AccuracyChart::kdKey(const Curve &c) const
{
    return c.kdLabel();
}

bool AccuracyChart::visible(const Curve &c) const
{
    if (m_legend->isHidden(methodKey(c)) || m_legend->isHidden(kdKey(c)))
        return false;
    return !(m_difference && c.alpha <= 0 && !c.scheduled);
}

const CurvePoint *AccuracyChart::baseline(const Curve &c, double fraction) const
{
    for (const Curve &b : m_curves)
        if (b.alpha <= 0 && !b.scheduled && b.baseKey == c.baseKey)
            for (const auto &p : b.points)
                if (p.fraction == fraction)
                    return &p;
    return nullptr;
}

std::optional<CurvePoint> AccuracyChart::shown(const Curve &c, const CurvePoint &p) const
{
    if (!m_difference)
        return p;
    const CurvePoint *b = baseline(c, p.fraction);
    return b ? pairedDifference(p, *b) : std::nullopt;
}

void AccuracyChart::rebuild()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    const QPalette pal = palette();
    applyPalette(m_plot, pal);
    m_plot->xAxis->setLabel(tr("kept fraction f (%)"));
    m_plot->yAxis->setLabel(m_difference ? tr("accuracy gain over α = 0 (percentage points)")
                                         : tr("test accuracy (%)"));
    if (m_logX) {
        m_plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
        m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    } else {
        m_plot->xAxis->setScaleType(QCPAxis::stLinear);
        m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }

    const bool empty = m_curves.empty();
    m_empty->setVisible(empty);
    m_plot->setVisible(!empty);
    m_legend->setVisible(!empty);
    m_subtitle->setVisible(!empty);
    if (empty) {
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }

    const auto alphas = positiveAlphas(m_curves);
    int maxSeeds = 0, minSeeds = INT_MAX;
    double xMin = INFINITY, xMax = -INFINITY, yMin = INFINITY, yMax = -INFINITY;
    for (const Curve &c : m_curves) {
        if (!visible(c))
            continue;
        const QColor color = methodColor(QString::fromStdString(c.method));
        const KdStyle style = curveStyle(c, alphas);
        bool banded = false;
        QVector<double> x, y, lo, hi;
        for (const auto &raw : c.points) {
            const auto p = shown(c, raw);
            if (!p)
                continue;
            const auto [low, high] = p->band(m_band);
            x << 100.0 * p->fraction;
            y << 100.0 * p->accuracy.mean;
            lo << 100.0 * low;
            hi << 100.0 * high;
            banded |= p->accuracy.n > 1 && m_band != Band::None;
            maxSeeds = std::max(maxSeeds, int(p->accuracy.n));
            minSeeds = std::min(minSeeds, int(p->accuracy.n));
            xMin = std::min(xMin, x.back());
            xMax = std::max(xMax, x.back());
            yMin = std::min(yMin, lo.back());
            yMax = std::max(yMax, hi.back());
        }
        if (x.isEmpty())
            continue;
        if (banded) {
            auto *lower = m_plot->addGraph();
            lower->setData(x, lo, true);
            lower->setPen(Qt::NoPen);
            auto *upper = m_plot->addGraph();
            upper->setData(x, hi, true);
            upper->setPen(Qt::NoPen);
            QColor fill = color;
            fill.setAlpha(45);
            upper->setBrush(fill);
            upper->setChannelFillGraph(lower);
        }
        auto *graph = m_plot->addGraph();
        graph->setData(x, y, true);
        QPen pen(color, 2.0, style.pen);
        graph->setPen(pen);
        // With one seed per point there is nothing to average: points only.
        const bool onePerPoint = std::all_of(c.points.begin(), c.points.end(),
                                             [](const CurvePoint &p) { return p.accuracy.n < 2; });
        graph->setLineStyle(onePerPoint ? QCPGraph::lsNone : QCPGraph::lsLine);
        QCPScatterStyle scatter(shapeOf(style.marker), color,
                                style.marker == 0 ? pal.base().color() : color, 8);
        scatter.setPen(QPen(color, 1.6));
        graph->setScatterStyle(scatter);
        graph->setName(c.methodLabel() + " · " + c.kdLabel());
        // A band needs two fractions to have a width: a curve of one point shows its spread as
        // a whisker instead, so seeds never look exact.
        if (banded && x.size() == 1) {
            auto *whisker = new QCPErrorBars(m_plot->xAxis, m_plot->yAxis);
            whisker->setDataPlottable(graph);
            whisker->setData(QVector<double> { y[0] - lo[0] }, QVector<double> { hi[0] - y[0] });
            whisker->setPen(QPen(color, 1.4));
            whisker->setWhiskerWidth(10);
            whisker->removeFromLegend();
        }

        // Selected runs: a ring around their points.
        QVector<double> hx, hy;
        for (const auto &p : c.points)
            for (qint64 id : p.runIds)
                if (m_highlighted.contains(id)) {
                    if (const auto d = shown(c, p)) {
                        hx << 100.0 * p.fraction;
                        hy << 100.0 * d->accuracy.mean;
                    }
                    break;
                }
        if (!hx.isEmpty()) {
            auto *ring = m_plot->addGraph();
            ring->setData(hx, hy, true);
            ring->setLineStyle(QCPGraph::lsNone);
            ring->setScatterStyle(QCPScatterStyle(
                QCPScatterStyle::ssCircle, QPen(pal.highlight().color(), 2.5), Qt::NoBrush, 18));
        }
    }

    if (!m_difference) {
        for (const TeacherLine &t : m_teachers) {
            auto *line = new QCPItemStraightLine(m_plot);
            line->point1->setCoords(0, 100.0 * t.accuracy);
            line->point2->setCoords(1, 100.0 * t.accuracy);
            line->setPen(QPen(pal.text().color(), 1.2, Qt::DashDotLine));
            auto *label = new QCPItemText(m_plot);
            label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
            label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
            label->position->setTypeY(QCPItemPosition::ptPlotCoords);
            label->position->setCoords(0.99, 100.0 * t.accuracy);
            label->setText(t.label);
            label->setColor(pal.text().color());
            yMin = std::min(yMin, 100.0 * t.accuracy);
            yMax = std::max(yMax, 100.0 * t.accuracy);
        }
    } else {
        auto *zero = new QCPItemStraightLine(m_plot);
        zero->point1->setCoords(0, 0);
        zero->point2->setCoords(1, 0);
        zero->setPen(QPen(pal.text().color(), 1.0, Qt::DashLine));
        yMin = std::min(yMin, 0.0);
        yMax = std::max(yMax, 0.0);
    }

    if (std::isfinite(xMin)) {
        const double padY = std::max(0.5, 0.08 * (yMax - yMin));
        m_plot->yAxis->setRange(yMin - padY, yMax + padY);
        if (m_logX)
            m_plot->xAxis->setRange(xMin / 1.4, std::min(100.0 * 1.4, xMax * 1.4));
        else {
            const double padX = std::max(1.0, 0.05 * (xMax - xMin));
            m_plot->xAxis->setRange(std::max(0.0, xMin - padX), xMax + padX);
        }
    }
    QString subtitle;
    if (maxSeeds <= 1)
        subtitle = tr("one seed per point: points only, no band");
    else if (minSeeds == maxSeeds)
        subtitle = tr("mean %1 over %2 seeds").arg(bandName(m_band)).arg(maxSeeds);
    else
        subtitle = tr("mean %1 over %2–%3 seeds per point")
                       .arg(bandName(m_band))
                       .arg(minSeeds)
                       .arg(maxSeeds);
    if (m_difference)
        subtitle += tr(" · difference to the α = 0 curve of the same method, paired by seed");
    m_subtitle->setText(subtitle);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace ui

#include "ui/results/compute_chart.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QToolTip>
#include <QVBoxLayout>

#include "ui/common/number_format.h"
#include "ui/common/palette.h"
#include "ui/common/plot_export.h"
#include "ui/common/plot_style.h"
#include "ui/common/qcustomplot_include.h"

#include <cmath>
#include <set>

namespace ui {

namespace {

enum CostChoice { FlopsAmortised, FlopsStandalone, SecondsAmortised };

QString costText(double value, storage::Measure m)
{
    if (m == storage::Measure::Flops)
        return QString::fromStdString(storage::flopsText(value));
    return value >= 120 ? QString::number(value / 60.0, 'f', 1) + " min"
                        : QString::number(value, 'f', 1) + " s";
}

QString pct(double fraction)
{
    return QString::number(100.0 * fraction, 'f', 2);
}

} // namespace

ComputeChart::ComputeChart(QWidget *parent)
    : QWidget(parent)
{
    m_cost = new QComboBox(this);
    m_cost->setObjectName("compute.cost");
    m_cost->addItem(tr("FLOPs, shared work divided among its runs"), FlopsAmortised);
    m_cost->addItem(tr("FLOPs, each result pays its whole teacher and score"), FlopsStandalone);
    m_cost->addItem(tr("wall time, shared work divided among its runs"), SecondsAmortised);
    m_cost->setToolTip(
        tr("What a result costs: its student's training, plus the teacher it distils from and "
           "the pruning score it selects on. A teacher or score serves many runs: divide it "
           "among them (the sweep's cost per result) or charge it whole (one result on its "
           "own). FLOPs are nominal: 2 per multiply-add, a training image = 3 forward passes."));
    m_subtitle = new QLabel(this);
    m_subtitle->setWordWrap(true);
    m_subtitle->setStyleSheet("color: palette(mid);");
    m_empty = new QLabel(this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_plot = new QCustomPlot(this);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setMinimumHeight(240);
    m_plot->setAntialiasedElements(QCP::aeAll);
    // The legend sits right of the axes, where it can never cover a point.
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    auto *side = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(0, 1, side);
    m_plot->plotLayout()->setColumnStretchFactor(1, 0.001);
    side->addElement(0, 0, m_plot->legend);
    side->addElement(1, 0, new QCPLayoutElement(m_plot)); // keeps the legend at the top
    side->setRowStretchFactor(0, 0.001);
    m_plot->legend->setVisible(true);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Cost"), this));
    top->addWidget(m_cost);
    top->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_empty, 1);

    m_cost->setCurrentIndex(std::clamp(QSettings().value("charts/computeCost", 0).toInt(), 0, 2));
    connect(m_cost, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue("charts/computeCost", m_cost->currentIndex());
        rebuild();
    });
    connect(m_plot, &QCustomPlot::mouseMove, this, &ComputeChart::showTooltip);
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent *event) {
        if (const ComputePoint *p = pointAt(event->pos(), nullptr))
            Q_EMIT runsClicked(QVector<qint64>(p->runIds.begin(), p->runIds.end()));
    });
    rebuild();
    redrawOnPaletteChange(this, [this] { rebuild(); });
}

void ComputeChart::setData(const std::vector<Curve> &curves,
                           const std::map<int64_t, storage::RunCost> &costs)
{
    m_curves = curves;
    m_costs = costs;
    rebuild();
}

void ComputeChart::rebuild()
{
    const auto choice = CostChoice(m_cost->currentData().toInt());
    const auto measure
        = choice == SecondsAmortised ? storage::Measure::Seconds : storage::Measure::Flops;
    const auto charging
        = choice == FlopsStandalone ? storage::Charging::Standalone : storage::Charging::Amortised;
    m_data = computeChartData(m_curves, m_costs, measure, charging);

    m_plot->clearPlottables();
    m_plot->clearItems();
    applyPalette(m_plot, palette());
    const bool empty = m_data.series.empty();
    m_empty->setText(
        m_curves.empty()
            ? tr("No results yet — finished runs appear here as test accuracy against what they "
                 "cost (teacher + scores + student).")
            : tr("None of these runs has a recorded cost: they were trained before Prunescope "
                 "counted compute. Rerun them (or new runs) to see accuracy against compute."));
    m_empty->setVisible(empty);
    m_plot->setVisible(!empty);
    m_subtitle->setVisible(!empty);
    if (empty) {
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }

    m_plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
    m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    m_plot->xAxis->setNumberFormat("eb");
    m_plot->xAxis->setNumberPrecision(0);
    m_plot->xAxis->setLabel(measure == storage::Measure::Flops
                                ? tr("total compute per result (FLOPs, log scale)")
                                : tr("total wall time per result (seconds, log scale)"));
    m_plot->yAxis->setLabel(tr("test accuracy (%)"));

    std::set<double> positive;
    for (const auto &s : m_data.series)
        if (s.alpha > 0)
            positive.insert(s.alpha);
    double xMin = INFINITY, xMax = -INFINITY, yMin = INFINITY, yMax = -INFINITY;
    int seedsMin = INT_MAX, seedsMax = 0;
    for (const auto &s : m_data.series) {
        const QColor color = methodColor(s.method);
        const int rank = int(std::distance(positive.begin(), positive.lower_bound(s.alpha)));
        const KdStyle style = kdStyle(s.alpha, rank);
        // A parametric curve keeps the kept-fraction order: with a fixed step budget every
        // fraction costs the same, and the points stack at one x.
        auto *graph = new QCPCurve(m_plot->xAxis, m_plot->yAxis);
        graph->setName(s.label);
        QPen pen(color, 1.6, style.pen);
        graph->setPen(pen);
        static const QCPScatterStyle::ScatterShape shapes[]
            = { QCPScatterStyle::ssCircle,  QCPScatterStyle::ssSquare, QCPScatterStyle::ssTriangle,
                QCPScatterStyle::ssDiamond, QCPScatterStyle::ssCross,  QCPScatterStyle::ssStar };
        graph->setScatterStyle(QCPScatterStyle(shapes[style.marker % 6], color,
                                               s.alpha > 0 ? color : palette().base().color(), 7));
        // Points in kept-fraction order: the curve shows what pruning less costs and gains.
        double t = 0;
        for (const auto &p : s.points) {
            graph->addData(t++, p.cost.total, 100 * p.accuracy.mean);
            xMin = std::min(xMin, p.cost.total);
            xMax = std::max(xMax, p.cost.total);
            yMin = std::min(yMin, 100 * p.accuracy.mean);
            yMax = std::max(yMax, 100 * p.accuracy.mean);
            seedsMin = std::min<int>(seedsMin, int(p.accuracy.n));
            seedsMax = std::max<int>(seedsMax, int(p.accuracy.n));
        }
    }
    // The front as a staircase: from each front point, level until the next one is reached.
    auto *front = m_plot->addGraph();
    front->setName(m_data.frontOnTest ? tr("Pareto front (chosen on test: no validation split)")
                                      : tr("Pareto front (chosen on validation)"));
    front->setPen(QPen(palette().text().color(), 1.2, Qt::DashLine));
    front->setLineStyle(QCPGraph::lsStepLeft);
    auto *rings = m_plot->addGraph();
    rings->setLineStyle(QCPGraph::lsNone);
    rings->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle,
                                           QPen(palette().text().color(), 1.4), Qt::NoBrush, 15));
    for (const auto &[s, i] : m_data.front) {
        const auto &p = m_data.series[s].points[i];
        front->addData(p.cost.total, 100 * p.accuracy.mean);
        rings->addData(p.cost.total, 100 * p.accuracy.mean);
    }
    if (!m_data.front.empty())
        front->addData(xMax * 1.5,
                       100
                           * m_data.series[m_data.front.back().first]
                                 .points[m_data.front.back().second]
                                 .accuracy.mean);
    const double pad = std::max(0.5, 0.08 * (yMax - yMin));
    m_plot->xAxis->setRange(xMin / 1.6, xMax * 1.6);
    m_plot->yAxis->setRange(yMin - pad, yMax + pad);

    const QString seeds = seedsMin == seedsMax ? QString::number(seedsMax)
                                               : tr("%1–%2").arg(seedsMin).arg(seedsMax);
    QString what;
    switch (choice) {
    case FlopsAmortised:
        what = tr("FLOPs per result, a shared teacher or score divided equally among the finished "
                  "runs that use it");
        break;
    case FlopsStandalone:
        what = tr("FLOPs per result, each paying its whole teacher and score");
        break;
    case SecondsAmortised:
        what = tr("wall seconds per result on the machines that ran them, shared work divided "
                  "among its runs");
        break;
    }
    QString subtitle = tr("Mean test accuracy over %1 seeds against teacher + scores + student "
                          "compute (%2). Ringed: the Pareto front, chosen on %3.")
                           .arg(seeds, what,
                                m_data.frontOnTest ? tr("test accuracy (no validation split)")
                                                   : tr("validation accuracy, shown on test"));
    if (m_data.unknownRuns > 0)
        subtitle
            += tr(" %n run(s) without a recorded cost are left out.", "", int(m_data.unknownRuns));
    m_subtitle->setText(subtitle);
    m_plot->legend->setVisible(true);
    m_plot->legend->setBrush(palette().base());
    m_plot->legend->setTextColor(palette().text().color());
    m_plot->legend->setBorderPen(Qt::NoPen);
    rings->removeFromLegend();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

const ComputePoint *ComputeChart::pointAt(QPoint pixel, QString *label) const
{
    const ComputePoint *best = nullptr;
    double bestDistance = 12.0;
    for (const auto &s : m_data.series)
        for (const auto &p : s.points) {
            const double dx = m_plot->xAxis->coordToPixel(p.cost.total) - pixel.x();
            const double dy = m_plot->yAxis->coordToPixel(100 * p.accuracy.mean) - pixel.y();
            const double d = std::hypot(dx, dy);
            if (d < bestDistance) {
                bestDistance = d;
                best = &p;
                if (label)
                    *label = s.label;
            }
        }
    return best;
}

void ComputeChart::showTooltip(QMouseEvent *event)
{
    QString label;
    const ComputePoint *p = pointAt(event->pos(), &label);
    if (!p) {
        QToolTip::hideText();
        return;
    }
    const auto m = m_data.measure;
    QString text = QString("<b>%1</b><br>kept f = %2 %, n = %3<br>test accuracy %4 %")
                       .arg(label.toHtmlEscaped(), formatNumber(100 * p->fraction))
                       .arg(p->accuracy.n)
                       .arg(pct(p->accuracy.mean));
    if (p->accuracy.n > 1)
        text += QString(" ± %1").arg(pct(p->accuracy.std));
    if (p->validated)
        text += tr("<br>validation accuracy %1 %").arg(pct(p->validation.mean));
    text += tr("<br>student %1 · teacher %2 · scores %3<br><b>total %4</b>")
                .arg(costText(p->cost.student, m), costText(p->cost.teacher, m),
                     costText(p->cost.scores, m), costText(p->cost.total, m));
    if (p->onFront)
        text += tr("<br>on the Pareto front");
    QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

QString ComputeChart::exportTo(const QString &path, const ExportOptions &options)
{
    return exportPlotWithTitle(m_plot, m_subtitle->text(), path, options);
}

} // namespace ui

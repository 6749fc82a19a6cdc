#include "ui/quality/retained_noise_chart.h"

#include <QLabel>
#include <QVBoxLayout>

#include "ui/common/palette.h"
#include "ui/common/plot_style.h"
#include "ui/common/qcustomplot_include.h"
#include "ui/results/chart_legend.h"

#include <cmath>

namespace ui {

namespace {
const QString kFlaggedKey = QStringLiteral("kind:flagged");
const QString kTrulyKey = QStringLiteral("kind:truly");
} // namespace

RetainedNoiseChart::RetainedNoiseChart(QWidget *parent)
    : QWidget(parent)
{
    m_plot = new QCustomPlot(this);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setAntialiasedElements(QCP::aeAll);
    m_plot->setMinimumHeight(160);
    m_legend = new ChartLegend(this);
    m_subtitle = new QLabel(this);
    m_subtitle->setWordWrap(true);
    // Wrapped, with room kept for four lines: unwrapped it was cut in a narrow pane, and a
    // wrapped paragraph without a minimum height was squeezed by the splitter over the grid.
    m_empty = new QLabel(tr("No finished run on this data yet: the noise each method keeps "
                            "shows here once one is."),
                         this);
    m_empty->setWordWrap(true);
    m_empty->setMinimumHeight(4 * m_empty->fontMetrics().lineSpacing());
    m_empty->setToolTip(tr("Queue an experiment on the same dataset and injection: this chart "
                           "then shows, per pruning method and kept fraction, how much of what "
                           "the method keeps is flagged."));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_legend);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_empty, 1);
    connect(m_legend, &ChartLegend::visibilityChanged, this, &RetainedNoiseChart::rebuild);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent *) { rebuild(); });
    rebuild();
    redrawOnPaletteChange(this, [this] { rebuild(); });
}

void RetainedNoiseChart::setCurves(std::vector<NoiseCurve> curves)
{
    const bool sameMethods = curves.size() == m_curves.size()
        && std::equal(curves.begin(), curves.end(), m_curves.begin(),
                      [](const NoiseCurve &a, const NoiseCurve &b) {
                          return a.method == b.method;
                      });
    m_curves = std::move(curves);
    bool truth = false;
    for (const auto &c : m_curves)
        for (double v : c.trulyNoisyPercent)
            truth |= !std::isnan(v);
    if (!sameMethods) {
        // The legend is rebuilt only when the methods change, so hidden entries stay hidden
        // while thresholds move.
        QVector<ChartLegend::Entry> methods, kinds;
        for (const auto &c : m_curves)
            methods.push_back({ c.method, c.method, methodColor(c.method), Qt::SolidLine, -1 });
        // Markers as drawn: filled squares for flagged, open circles for truly noisy.
        kinds.push_back({ kFlaggedKey, tr("flagged by a label flag"), palette().text().color(),
                          Qt::SolidLine, 1 });
        if (truth)
            kinds.push_back({ kTrulyKey, tr("truly noisy (injected)"), palette().text().color(),
                              Qt::DashLine, 0 });
        m_legend->setEntries(methods, kinds);
    }
    int runs = 0;
    for (const auto &c : m_curves)
        for (int n : c.runs)
            runs += n;
    m_subtitle->setText(
        tr("Share of each run's kept samples, mean over α and seeds at each kept fraction "
           "(%1 runs); flags at the current thresholds.")
            .arg(runs)
        + (truth ? QString()
                 : tr(" No injected noise: the truly-noisy curves need a spec with "
                      "dataset.inject.")));
    rebuild();
}

void RetainedNoiseChart::rebuild()
{
    m_plot->clearGraphs();
    const QPalette pal = palette();
    applyPalette(m_plot, pal);
    m_plot->xAxis->setLabel(tr("kept fraction (%)"));
    m_plot->yAxis->setLabel(tr("noisy among kept (%)"));
    const bool empty = m_curves.empty();
    m_plot->setVisible(!empty);
    m_legend->setVisible(!empty);
    m_subtitle->setVisible(!empty);
    m_empty->setVisible(empty);
    double top = 1;
    for (const auto &c : m_curves) {
        if (m_legend->isHidden(c.method))
            continue;
        const QColor color = methodColor(c.method);
        const std::pair<const std::vector<double> *, bool> series[]
            = { { &c.flaggedPercent, true }, { &c.trulyNoisyPercent, false } };
        for (const auto &[values, flagged] : series) {
            if (m_legend->isHidden(flagged ? kFlaggedKey : kTrulyKey))
                continue;
            QVector<double> x, y;
            for (size_t i = 0; i < values->size(); ++i)
                if (!std::isnan((*values)[i])) {
                    x << c.fractionPercent[i];
                    y << (*values)[i];
                    top = std::max(top, (*values)[i]);
                }
            if (x.isEmpty())
                continue;
            auto *graph = m_plot->addGraph();
            graph->setData(x, y, true);
            graph->setName(c.method + (flagged ? tr(" · flagged") : tr(" · truly noisy")));
            graph->setPen(QPen(color, 1.8, flagged ? Qt::SolidLine : Qt::DashLine));
            graph->setScatterStyle(
                QCPScatterStyle(flagged ? QCPScatterStyle::ssSquare : QCPScatterStyle::ssCircle,
                                color, flagged ? color : pal.base().color(), 6));
        }
    }
    m_plot->xAxis->setRange(0, 100);
    m_plot->yAxis->setRange(0, std::min(100.0, top * 1.15));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace ui

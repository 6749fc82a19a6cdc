#include "ui/results/training_curves_chart.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QRegularExpression>
#include <QToolTip>
#include <QVBoxLayout>

#include "ui/common/palette.h"
#include "ui/common/plot_style.h"
#include "ui/common/qcustomplot_include.h"

#include <cmath>
#include <map>
#include <set>

namespace ui {

namespace {
enum Metric { TestAccuracy, TestLoss, TrainLoss, TrainAccuracy, LearningRate };

std::optional<double> metricOf(const storage::MetricRow &m, int metric)
{
    auto pct = [](std::optional<double> v) {
        return v ? std::optional<double>(100.0 * *v) : std::nullopt;
    };
    switch (metric) {
    case TestAccuracy:
        return pct(m.testAccuracy);
    case TestLoss:
        return m.testLoss;
    case TrainLoss:
        return m.trainLoss;
    case TrainAccuracy:
        return pct(m.trainAccuracy);
    default:
        return m.lr;
    }
}

/// Paul Tol's "bright" scheme (colour-blind safe) and a dark grey: runs are told apart here,
/// whatever their method.
const QColor kRunColours[]
    = { QColor("#4477AA"), QColor("#EE6677"), QColor("#228833"), QColor("#CCBB44"),
        QColor("#66CCEE"), QColor("#AA3377"), QColor("#555555") };
constexpr int kRunColourCount = int(std::size(kRunColours));

const QCPScatterStyle::ScatterShape kShapes[]
    = { QCPScatterStyle::ssDisc,    QCPScatterStyle::ssSquare, QCPScatterStyle::ssTriangle,
        QCPScatterStyle::ssDiamond, QCPScatterStyle::ssCross,  QCPScatterStyle::ssPlus,
        QCPScatterStyle::ssStar,    QCPScatterStyle::ssCircle };

QString withoutSeed(const std::string &name)
{
    static const QRegularExpression seed(QString::fromUtf8(" · seed \\d+$"));
    return QString::fromStdString(name).remove(seed);
}
} // namespace

TrainingCurvesChart::TrainingCurvesChart(QWidget *parent)
    : QWidget(parent)
{
    m_plot = new QCustomPlot(this);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->legend->setVisible(true);
    // Curves rise with training, so the lower right is the emptiest corner.
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    m_plot->setAntialiasedElements(QCP::aeAll);
    m_plot->setMouseTracking(true);
    m_metric = new QComboBox(this);
    m_metric->addItems({ tr("Test accuracy (%)"), tr("Test loss"),
                         tr("Training loss (mean since last evaluation)"),
                         tr("Training accuracy (%)"), tr("Learning rate") });
    m_metric->setToolTip(tr("The metric plotted against epoch for the selected runs"));
    m_show = new QComboBox(this);
    m_show->setObjectName("curves.show");
    m_show->addItem(tr("each run"));
    m_show->addItem(tr("mean ± std per setting (over seeds)"));
    m_show->setToolTip(tr("Each run as its own line, or one line per setting (runs that differ "
                          "only in their seed) with its standard deviation as a band"));
    m_empty = new QLabel(tr("Select runs in the run queue (or click a point in a chart) to see "
                            "their training curves.\n"
                            "Double-clicking a run opens this tab."),
                         this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Metric:"), this));
    top->addWidget(m_metric);
    top->addWidget(new QLabel(tr("Show:"), this));
    top->addWidget(m_show);
    top->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_empty, 1);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &TrainingCurvesChart::rebuild);
    connect(m_show, &QComboBox::currentIndexChanged, this, &TrainingCurvesChart::rebuild);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent *) { rebuild(); });
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent *event) {
        const QString text = hoverText(event->position());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
    });
    rebuild();
    redrawOnPaletteChange(this, [this] { rebuild(); });
}

void TrainingCurvesChart::showRuns(const RunRows &runs)
{
    m_runs = runs;
    m_metrics.clear();
    for (const auto &r : m_runs)
        m_metrics.push_back(m_source ? m_source(r.id) : std::vector<storage::MetricRow> {});
    rebuild();
}

void TrainingCurvesChart::setShow(Show show)
{
    m_show->setCurrentIndex(show == Show::EachRun ? 0 : 1);
}

void TrainingCurvesChart::setMetric(int index)
{
    m_metric->setCurrentIndex(index);
}

void TrainingCurvesChart::addLine(const QString &name, const QVector<double> &x,
                                  const QVector<double> &y, const QColor &color, Qt::PenStyle pen,
                                  int marker)
{
    auto *graph = m_plot->addGraph();
    graph->setData(x, y, true);
    graph->setPen(QPen(color, 1.8, pen));
    graph->setScatterStyle(QCPScatterStyle(kShapes[marker % 8], color, color, 6));
    graph->setName(name);
}

void TrainingCurvesChart::rebuild()
{
    m_plot->clearGraphs();
    const QPalette pal = palette();
    m_plot->legend->setBrush(pal.base());
    m_plot->legend->setTextColor(pal.text().color());
    applyPalette(m_plot, pal);
    const bool empty = m_runs.isEmpty();
    m_plot->setVisible(!empty);
    m_empty->setVisible(empty);
    m_plot->xAxis->setLabel(tr("epoch (passes over the kept subset)"));
    m_plot->yAxis->setLabel(m_metric->currentText());
    std::set<double> alphas;
    for (const auto &r : m_runs)
        if (r.alpha > 0)
            alphas.insert(r.alpha);
    const auto styleOf = [&](const storage::RunRow &r) {
        return kdStyle(r.alpha, int(std::distance(alphas.begin(), alphas.find(r.alpha))));
    };
    const int metric = m_metric->currentIndex();
    double lo = INFINITY, hi = -INFINITY, xMax = 0;
    const auto extend = [&](double x, double y) {
        lo = std::min(lo, y);
        hi = std::max(hi, y);
        xMax = std::max(xMax, x);
    };
    if (m_show->currentIndex() == 0) {
        for (int i = 0; i < m_runs.size(); ++i) {
            QVector<double> x, y;
            for (const auto &m : m_metrics[size_t(i)])
                if (auto v = metricOf(m, metric); v && std::isfinite(*v)) {
                    x << m.epoch;
                    y << *v;
                    extend(m.epoch, *v);
                }
            addLine(QString("#%1 ").arg(m_runs[i].id) + QString::fromStdString(m_runs[i].name), x,
                    y, kRunColours[i % kRunColourCount], styleOf(m_runs[i]).pen,
                    i / kRunColourCount);
        }
    } else {
        // Runs that differ only in their seed: mean and std at every step all of them evaluated.
        std::map<std::string, std::vector<int>> groups;
        std::vector<std::string> order;
        for (int i = 0; i < m_runs.size(); ++i) {
            auto &members = groups[m_runs[i].groupKey];
            if (members.empty())
                order.push_back(m_runs[i].groupKey);
            members.push_back(i);
        }
        int g = 0;
        for (const std::string &key : order) {
            const auto &members = groups[key];
            std::map<int64_t, std::vector<double>> values;
            std::map<int64_t, double> epochs;
            for (int i : members)
                for (const auto &m : m_metrics[size_t(i)])
                    if (auto v = metricOf(m, metric); v && std::isfinite(*v)) {
                        values[m.step].push_back(*v);
                        epochs[m.step] = m.epoch;
                    }
            QVector<double> x, mean, low, high;
            for (const auto &[step, vs] : values) {
                if (vs.size() != members.size())
                    continue;
                // Sample standard deviation (n − 1), as the accuracy chart's band.
                double sum = 0, squares = 0;
                for (double v : vs)
                    sum += v;
                const double m = sum / double(vs.size());
                for (double v : vs)
                    squares += (v - m) * (v - m);
                const double spread
                    = vs.size() > 1 ? std::sqrt(squares / double(vs.size() - 1)) : 0.0;
                x << epochs[step];
                mean << m;
                low << m - spread;
                high << m + spread;
                extend(epochs[step], m - spread);
                extend(epochs[step], m + spread);
            }
            const QColor colour = kRunColours[g % kRunColourCount];
            const storage::RunRow &first = m_runs[members.front()];
            if (members.size() > 1) {
                auto *lower = m_plot->addGraph();
                lower->setData(x, low, true);
                lower->setPen(Qt::NoPen);
                lower->removeFromLegend();
                auto *upper = m_plot->addGraph();
                upper->setData(x, high, true);
                upper->setPen(Qt::NoPen);
                QColor fill = colour;
                fill.setAlpha(50);
                upper->setBrush(fill);
                upper->setChannelFillGraph(lower);
                upper->removeFromLegend();
            }
            addLine(withoutSeed(first.name)
                        + (members.size() > 1 ? tr(" (mean ± std of %1 seeds)").arg(members.size())
                                              : tr(" (one seed)")),
                    x, mean, colour, styleOf(first).pen, g / kRunColourCount);
            ++g;
        }
    }
    // Room around the data, so that markers on the edge are not cut in half.
    if (std::isfinite(lo)) {
        const double pad = std::max(1e-9, 0.06 * (hi - lo));
        m_plot->yAxis->setRange(lo - pad, hi + pad);
        m_plot->xAxis->setRange(0, std::max(xMax * 1.03, 1e-6));
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString TrainingCurvesChart::hoverText(QPointF position) const
{
    double best = 12; // pixels
    QString text;
    for (int g = 0; g < m_plot->graphCount(); ++g) {
        const QCPGraph *graph = m_plot->graph(g);
        if (graph->name().isEmpty() || graph->pen() == Qt::NoPen)
            continue;
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
            const double dx = m_plot->xAxis->coordToPixel(it->key) - position.x();
            const double dy = m_plot->yAxis->coordToPixel(it->value) - position.y();
            const double d = std::hypot(dx, dy);
            if (d < best) {
                best = d;
                text = QString("%1\nepoch %2 · %3 %4")
                           .arg(graph->name())
                           .arg(it->key, 0, 'f', 2)
                           .arg(m_metric->currentText())
                           .arg(it->value, 0, 'g', 5);
            }
        }
    }
    return text;
}

QString TrainingCurvesChart::csv() const
{
    QString text = "run_id,run,step,epoch,train_loss,train_accuracy,test_loss,test_accuracy,lr\r\n";
    auto v = [](std::optional<double> x) {
        return x ? QString::number(*x, 'g', 10) : QString();
    };
    for (int i = 0; i < m_runs.size(); ++i)
        for (const auto &m : m_metrics[size_t(i)])
            text += QString("%1,\"%2\",%3,%4,%5,%6,%7,%8,%9\r\n")
                        .arg(m_runs[i].id)
                        .arg(QString::fromStdString(m_runs[i].name).replace('"', "\"\""))
                        .arg(m.step)
                        .arg(m.epoch, 0, 'g', 10)
                        .arg(v(m.trainLoss), v(m.trainAccuracy), v(m.testLoss), v(m.testAccuracy),
                             v(m.lr));
    return text;
}

} // namespace ui

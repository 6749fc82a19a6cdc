#include "ui/results/training_curves_chart.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "ui/common/palette.h"
#include "ui/common/plot_style.h"
#include "ui/common/qcustomplot_include.h"

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
    m_metric = new QComboBox(this);
    m_metric->addItems({ tr("Test accuracy (%)"), tr("Test loss"),
                         tr("Training loss (mean since last evaluation)"),
                         tr("Training accuracy (%)"), tr("Learning rate") });
    m_metric->setToolTip(tr("The metric plotted against epoch for the selected runs"));
    m_empty = new QLabel(tr("Select runs in the run queue (or click a point in a chart) to see "
                            "their training curves.\n"
                            "Double-clicking a run opens this tab."),
                         this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Metric:"), this));
    top->addWidget(m_metric);
    top->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_empty, 1);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &TrainingCurvesChart::rebuild);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent *) {
        m_plot->rescaleAxes();
        m_plot->replot();
    });
    rebuild();
}

void TrainingCurvesChart::showRuns(const RunRows &runs)
{
    m_runs = runs;
    m_metrics.clear();
    for (const auto &r : m_runs)
        m_metrics.push_back(m_source ? m_source(r.id) : std::vector<storage::MetricRow> {});
    rebuild();
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
    for (int i = 0; i < m_runs.size(); ++i) {
        const auto &r = m_runs[i];
        QVector<double> x, y;
        for (const auto &m : m_metrics[size_t(i)])
            if (auto v = metricOf(m, m_metric->currentIndex()); v && std::isfinite(*v)) {
                x << m.epoch;
                y << *v;
            }
        auto *graph = m_plot->addGraph();
        graph->setData(x, y, true);
        const int rank = int(std::distance(alphas.begin(), alphas.find(r.alpha)));
        const KdStyle style = kdStyle(r.alpha, rank);
        const QColor color = methodColor(QString::fromStdString(r.method));
        graph->setPen(QPen(color, 1.8, style.pen));
        // Runs of one method and KD setting (other seeds, fractions) differ by marker.
        static const QCPScatterStyle::ScatterShape shapes[]
            = { QCPScatterStyle::ssDisc,    QCPScatterStyle::ssSquare, QCPScatterStyle::ssTriangle,
                QCPScatterStyle::ssDiamond, QCPScatterStyle::ssCross,  QCPScatterStyle::ssPlus,
                QCPScatterStyle::ssStar,    QCPScatterStyle::ssCircle };
        graph->setScatterStyle(QCPScatterStyle(shapes[i % 8], color, color, 6));
        graph->setName(QString("#%1 ").arg(r.id) + QString::fromStdString(r.name));
    }
    m_plot->rescaleAxes();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
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

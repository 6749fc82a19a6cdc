#pragma once

#include <QWidget>

#include "storage/store.h"
#include "ui/runs/run_events.h"

#include <functional>

class QCustomPlot;
class QComboBox;
class QLabel;

namespace ui {

/// Per-evaluation metrics of the selected runs against epoch: test accuracy by default, or test
/// loss, training loss and accuracy, learning rate. Raw values, no smoothing. Colour = method,
/// line style = KD setting, as in every chart.
class TrainingCurvesChart : public QWidget
{
    Q_OBJECT

public:
    using MetricsSource = std::function<std::vector<storage::MetricRow>(qint64 runId)>;

    explicit TrainingCurvesChart(QWidget *parent = nullptr);
    void setSource(MetricsSource source) { m_source = std::move(source); }
    void showRuns(const RunRows &runs);
    QCustomPlot *plot() const { return m_plot; }
    QString csv() const;

private:
    void rebuild();

    QCustomPlot *m_plot;
    QComboBox *m_metric;
    QLabel *m_empty;
    MetricsSource m_source;
    RunRows m_runs;
    std::vector<std::vector<storage::MetricRow>> m_metrics;
};

} // namespace ui

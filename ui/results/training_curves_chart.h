#pragma once

#include <QWidget>

#include "storage/store.h"
#include "ui/runs/run_events.h"

#include <functional>

class QCustomPlot;
class QComboBox;
class QLabel;
class QMouseEvent;

namespace ui {

/// Per-evaluation metrics of the selected runs against epoch: test accuracy by default, or test
/// loss, training loss and accuracy, learning rate. Raw values, no smoothing. Each run (or each
/// setting) has its own colour and marker, line style = KD setting as in every chart; "mean ±
/// std" draws one line per setting (runs that differ only in their seed) with its spread. The
/// mouse shows the value under it.
class TrainingCurvesChart : public QWidget
{
    Q_OBJECT

public:
    using MetricsSource = std::function<std::vector<storage::MetricRow>(qint64 runId)>;
    enum class Show { EachRun, MeanPerSetting };

    explicit TrainingCurvesChart(QWidget *parent = nullptr);
    void setSource(MetricsSource source) { m_source = std::move(source); }
    void showRuns(const RunRows &runs);
    void setShow(Show show);
    void setMetric(int index);
    QCustomPlot *plot() const { return m_plot; }
    QString csv() const;
    /// What the tooltip says for the point nearest to a position in the plot (within 12 pixels),
    /// empty when there is none.
    QString hoverText(QPointF position) const;

private:
    void rebuild();
    void addLine(const QString &name, const QVector<double> &x, const QVector<double> &y,
                 const QColor &color, Qt::PenStyle pen, int marker);

    QCustomPlot *m_plot;
    QComboBox *m_metric;
    QComboBox *m_show;
    QLabel *m_empty;
    MetricsSource m_source;
    RunRows m_runs;
    std::vector<std::vector<storage::MetricRow>> m_metrics;
};

} // namespace ui

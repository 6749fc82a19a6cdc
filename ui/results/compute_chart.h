#pragma once

#include <QVector>
#include <QWidget>

#include "ui/results/compute_chart_data.h"

class QComboBox;
class QCustomPlot;
class QLabel;
class QMouseEvent;

namespace ui {

/// Test accuracy against the total compute of each result (teacher + scores + student) on a log
/// axis: one curve per method × KD setting through its kept fractions, and the Pareto front
/// (chosen on validation) as a staircase with its points ringed. The cost is FLOPs with shared
/// work amortised or charged in full, or wall time.
class ComputeChart : public QWidget
{
    Q_OBJECT

public:
    explicit ComputeChart(QWidget *parent = nullptr);

    void setData(const std::vector<Curve> &curves,
                 const std::map<int64_t, storage::RunCost> &costs);
    const ComputeChartData &data() const { return m_data; }
    QCustomPlot *plot() const { return m_plot; }
    QComboBox *costChoice() const { return m_cost; }
    QString csv() const { return computeCsv(m_data); }
    /// PNG, SVG or PDF with the legend (curves and the front only) and the subtitle as title.
    QString exportTo(const QString &path, const struct ExportOptions &options);

Q_SIGNALS:
    void runsClicked(const QVector<qint64> &runIds);

private:
    void rebuild();
    const ComputePoint *pointAt(QPoint pixel, QString *label) const;
    void showTooltip(QMouseEvent *event);

    std::vector<Curve> m_curves;
    std::map<int64_t, storage::RunCost> m_costs;
    ComputeChartData m_data;
    QComboBox *m_cost;
    QLabel *m_subtitle;
    QLabel *m_empty;
    QCustomPlot *m_plot;
};

} // namespace ui

#pragma once

#include <QWidget>

#include "ui/quality/retained_noise_data.h"

#include <vector>

class QCustomPlot;
class QLabel;

namespace ui {

class ChartLegend;

/// How much noise each pruning method keeps: the share of kept samples that a label flag marks
/// (solid) and, under injection, that is truly noisy (dashed), against kept fraction. Colour =
/// method, as in every chart.
class RetainedNoiseChart : public QWidget
{
    Q_OBJECT

public:
    explicit RetainedNoiseChart(QWidget *parent = nullptr);
    void setCurves(std::vector<NoiseCurve> curves);
    const std::vector<NoiseCurve> &curves() const { return m_curves; }
    bool isEmpty() const { return m_curves.empty(); }
    QCustomPlot *plot() const { return m_plot; }

private:
    void rebuild();

    std::vector<NoiseCurve> m_curves;
    QCustomPlot *m_plot;
    ChartLegend *m_legend;
    QLabel *m_subtitle, *m_empty;
};

} // namespace ui

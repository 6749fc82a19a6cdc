#pragma once

#include <QWidget>

#include "ui/results/chart_data.h"

#include <optional>

class QCustomPlot;
class QLabel;
class QMouseEvent;

namespace ui {

class ChartLegend;
class TableTip;

/// Test accuracy against kept fraction: one curve per (method, KD setting) with its mean over
/// seeds, a band (± std by default), markers at every measured fraction, the full-data teacher as a
/// reference line. Hover lists every visible curve at that fraction, sorted; clicking a point
/// selects its runs; the wheel and drags zoom, a double-click resets.
class AccuracyChart : public QWidget
{
    Q_OBJECT

public:
    struct TeacherLine
    {
        QString label;
        double accuracy = 0; ///< fraction
    };

    explicit AccuracyChart(QWidget *parent = nullptr);

    void setCurves(const std::vector<Curve> &curves, const std::vector<TeacherLine> &teachers);
    void setBand(Band band);
    void setLogX(bool logX);
    /// Plots each KD curve's accuracy minus the α = 0 curve of the same method, in points.
    void setDifferenceToNoKd(bool on);
    void highlightRuns(const QVector<qint64> &runIds);
    void setEmptyText(const QString &text);

    Band band() const { return m_band; }
    QCustomPlot *plot() const { return m_plot; }
    /// The hover table of the fraction under the mouse (hidden when there is none).
    TableTip *tip() const { return m_tip; }
    /// The numbers behind the chart as CSV.
    QString csv() const;
    /// PNG, SVG or PDF of the chart with its legend and subtitle; an error message, or empty.
    QString exportTo(const QString &path, const struct ExportOptions &options);
    bool isEmpty() const { return m_curves.empty(); }
    const std::vector<Curve> &curves() const { return m_curves; }

Q_SIGNALS:
    void runsClicked(const QVector<qint64> &runIds);

private:
    void rebuild();
    void showTooltip(QMouseEvent *event);
    void handleClick(QMouseEvent *event);
    bool visible(const Curve &c) const;
    /// The point as plotted: itself, or in difference mode its paired per-seed gains over the α = 0
    /// point of the same setting (nullopt without one).
    std::optional<CurvePoint> shown(const Curve &c, const CurvePoint &p) const;
    const CurvePoint *baseline(const Curve &c, double fraction) const;
    QString methodKey(const Curve &c) const;
    QString kdKey(const Curve &c) const;

    QCustomPlot *m_plot;

    TableTip *m_tip;
    ChartLegend *m_legend;
    QLabel *m_subtitle;
    QLabel *m_empty;
    std::vector<Curve> m_curves;
    std::vector<TeacherLine> m_teachers;
    QVector<qint64> m_highlighted;
    Band m_band = Band::Std;
    bool m_logX = false;
    bool m_difference = false;
};

} // namespace ui

#pragma once

#include <QWidget>

#include "ui/results/chart_data.h"

namespace ui {

/// The α × f grid: kept fraction ascending to the right, α ascending upwards from 0. Each measured
/// cell shows its mean accuracy (one decimal); cells without runs are hatched and say "no run".
/// The best α of every column is outlined (ties: all), the fitted α(f) is drawn over the grid,
/// and a colour bar with its unit sits on the right. Ctrl+= / Ctrl+− / Ctrl+0 zoom.
class HeatMapWidget : public QWidget
{
    Q_OBJECT

public:
    enum class Mode { Accuracy, Gain };

    explicit HeatMapWidget(QWidget *parent = nullptr);
    void setData(const HeatMapData &map, const AlphaFit &fit, const QString &emptyText);
    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    void zoom(int steps); ///< 0 resets
    void highlightRuns(const QVector<qint64> &runIds);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    const HeatMapData &data() const { return m_map; }
    /// Writes the map as PNG, SVG or PDF at the chosen size, cropped to what it draws (title,
    /// grid, axes, colour bar): no empty canvas.
    QString exportTo(const QString &path, const struct ExportOptions &options);
    /// The part of the widget the map draws on, for a tight crop.
    QRect contentRect() const;

Q_SIGNALS:
    void cellClicked(const QVector<qint64> &runIds);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Geometry
    {
        QRectF grid;
        double cellW = 0, cellH = 0;
        QRectF colourBar;
    };
    Geometry geometry() const;
    QString title() const;
    double colourBarLabelWidth() const;
    double titleHeight() const;
    /// Cell under a point: column (fraction index) and row (α index), or −1.
    std::pair<int, int> cellAt(QPointF pos) const;
    QColor colourFor(double value) const;
    double valueOf(const HeatCell &cell) const;
    std::pair<double, double> valueRange() const;

    HeatMapData m_map;
    AlphaFit m_fit;
    QString m_emptyText;
    QVector<qint64> m_highlighted;
    Mode m_mode = Mode::Accuracy;
    double m_zoom = 1.0;
    double m_penScale = 1.0; ///< outlines and the fitted line: thinner in points on paper
    bool m_fitToWidth = false; ///< an export at a chosen width: cells may shrink to their text
};

} // namespace ui

#pragma once

#include <QWidget>

#include <cstdint>
#include <vector>

namespace ui {

class SampleTable;

/// Confident learning's estimate of the label noise as a small heat map: rows are the given
/// labels, columns the likely true classes, each off-diagonal cell the estimated number of
/// samples given the row's class that belong to the column's (shaded by its share of the row).
/// Clicking a cell picks it (the samples the label-issue flag took from it); clicking it again,
/// or a diagonal cell, clears the pick.
class NoiseMatrixView : public QWidget
{
    Q_OBJECT

public:
    /// More classes than this and the cells would be too small to read or click.
    static constexpr int kMaxClasses = 20;

    explicit NoiseMatrixView(QWidget *parent = nullptr);
    /// Reads the estimate from the table's report; empty without out-of-sample probabilities.
    void setTable(const SampleTable *table);
    bool hasMatrix() const { return m_classes > 0; }
    int given() const { return m_given; }
    int likely() const { return m_likely; }
    /// Picks a cell (−1, −1 clears) without emitting.
    void setCell(int given, int likely);
    int64_t count(int given, int likely) const;
    /// The cell under a point of the widget, or (−1, −1).
    QPoint cellAt(const QPoint &pos) const;
    QRect cellRect(int given, int likely) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void cellChosen(int given, int likely);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    int cellSide() const;
    int labelWidth() const;

    const SampleTable *m_table = nullptr;
    int m_classes = 0;
    std::vector<int64_t> m_counts; ///< classes × classes, calibrated joint
    std::vector<int64_t> m_rowTotals;
    int m_given = -1, m_likely = -1;
};

} // namespace ui

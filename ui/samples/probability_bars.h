#pragma once

#include <QString>
#include <QVector>
#include <QWidget>

namespace ui {

/// Horizontal bars of class probabilities (a model's top k): class name, bar, percentage. The
/// given label's bar is outlined so it can be found among the others.
class ProbabilityBars : public QWidget
{
    Q_OBJECT

public:
    struct Bar
    {
        QString label;
        double probability = 0;
        bool given = false;
    };

    explicit ProbabilityBars(QWidget *parent = nullptr);
    void setBars(const QVector<Bar> &bars);
    const QVector<Bar> &bars() const { return m_bars; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QVector<Bar> m_bars;
};

} // namespace ui

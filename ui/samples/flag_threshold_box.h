#pragma once

#include <QGroupBox>
#include <QVector>

class QDoubleSpinBox;
class QLabel;

namespace ui {

class SampleTable;

/// One threshold per flag (defaults from the engine), with the number of samples each raises;
/// a flag the data cannot measure is disabled with the reason in its tooltip.
class FlagThresholdBox : public QGroupBox
{
    Q_OBJECT

public:
    explicit FlagThresholdBox(QWidget *parent = nullptr);
    void setTable(const SampleTable *table);
    /// Shows the table's current thresholds and flagged counts.
    void refresh();
    QDoubleSpinBox *editor(int flag) const { return m_editors.value(flag); }

Q_SIGNALS:
    void thresholdChanged(int flag, double value);
    void defaultsRequested();

private:
    const SampleTable *m_table = nullptr;
    QWidget *m_rows;
    QVector<QDoubleSpinBox *> m_editors;
    QVector<QLabel *> m_counts;
};

} // namespace ui

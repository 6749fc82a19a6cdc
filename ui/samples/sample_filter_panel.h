#pragma once

#include <QWidget>

#include "ui/samples/sample_filter.h"

class QButtonGroup;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QListWidget;
class QPushButton;
class QRadioButton;
class QToolButton;

namespace ui {

class NoiseMatrixView;
class SampleTable;

/// The sample browser's left sidebar: membership in a chosen run, classes, flag kinds, a score
/// range and the sort order, each value with its count, and a badge that counts the active
/// filters and clears them.
class SampleFilterPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SampleFilterPanel(QWidget *parent = nullptr);
    void setTable(const SampleTable *table);
    SampleFilter filter() const;
    /// Writes the counts beside every value.
    void setCounts(const FilterOutcome &outcome);
    void clearFilters();

    QComboBox *runCombo() const { return m_run; }
    QRadioButton *membershipButton(SampleFilter::Membership m) const { return m_membership[m]; }
    QListWidget *classList() const { return m_classes; }
    QListWidget *flagList() const { return m_flags; }
    QGroupBox *rangeBox() const { return m_range; }
    QComboBox *rangeColumn() const { return m_rangeColumn; }
    QDoubleSpinBox *rangeMin() const { return m_rangeMin; }
    QDoubleSpinBox *rangeMax() const { return m_rangeMax; }
    QComboBox *sortCombo() const { return m_sort; }
    QToolButton *sortDirection() const { return m_direction; }
    QPushButton *clearButton() const { return m_clear; }
    NoiseMatrixView *noiseMatrix() const { return m_noise; }
    QGroupBox *noiseBox() const { return m_noiseBox; }
    QComboBox *labelFilterCombo() const { return m_labelFilter; }
    QComboBox *labelRankCombo() const { return m_labelRank; }

Q_SIGNALS:
    void filterChanged();
    /// The user chose how the label-issue flag picks and ranks (engine::LabelFilter and
    /// engine::LabelRanking values).
    void labelOptionsChosen(int filter, int ranking);

private:
    void changed();
    void fitRangeToColumn();

    const SampleTable *m_table = nullptr;
    bool m_filling = false;
    QComboBox *m_run;
    QRadioButton *m_membership[3];
    QButtonGroup *m_membershipGroup;
    QListWidget *m_classes, *m_flags;
    QGroupBox *m_range;
    QComboBox *m_rangeColumn;
    QDoubleSpinBox *m_rangeMin, *m_rangeMax;
    QLabel *m_rangeCount;
    QGroupBox *m_noiseBox;
    NoiseMatrixView *m_noise;
    QLabel *m_noiseCaption;
    QComboBox *m_labelFilter, *m_labelRank;
    QComboBox *m_sort;
    QToolButton *m_direction;
    QPushButton *m_clear;
};

} // namespace ui

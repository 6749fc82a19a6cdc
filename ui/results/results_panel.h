#pragma once

#include <QWidget>

#include "storage/compute.h"
#include "storage/results.h"
#include "storage/run_row.h"
#include "ui/common/export_options.h"
#include "ui/results/chart_data.h"
#include "ui/results/training_curves_chart.h"
#include "ui/runs/run_events.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QStandardItemModel;
class QTabWidget;
class QTableView;

namespace ui {

class AccuracyChart;
class ComputeChart;
class HeatMapWidget;

/// The central results: accuracy against kept fraction, the α × f heat map, teacher capacity,
/// training curves of the selected runs, and the table of groups. One filter bar (dataset,
/// student, method, teacher) drives every view; each view exports its picture and its numbers.
class ResultsPanel : public QWidget
{
    Q_OBJECT

public:
    enum Tab { AccuracyTab, HeatMapTab, TeacherTab, CurvesTab, ComputeTab, TableTab };
    /// What each finished run cost (read from the workspace when the views refresh).
    using CostSource = std::function<std::map<int64_t, storage::RunCost>()>;
    /// The Table's cells hold their exact value under this role for the CSV export.
    static constexpr int CsvRole = Qt::UserRole + 2;

    explicit ResultsPanel(QWidget *parent = nullptr);

    void setRuns(const RunRows &runs);
    void setTeachers(const std::vector<storage::TeacherRow> &teachers);
    void setMetricsSource(TrainingCurvesChart::MetricsSource source);
    void setCostSource(CostSource source);
    /// Highlights the runs' points and cells, and shows their training curves.
    void showSelection(const QVector<qint64> &runIds);
    void setCurrentTab(Tab tab);
    QTabWidget *tabs() const { return m_tabs; }
    /// Asks for a file and exports the current tab (picture or table by the chosen suffix).
    void exportCurrent();
    /// Writes the current tab to a file by suffix (.png/.svg/.pdf for charts, .csv/.tex for
    /// tables); returns an error message, empty on success.
    QString exportCurrentTo(const QString &path, const ExportOptions &options = {});
    /// The numbers of the current view as CSV (what the chart shows, or the Table).
    QString currentCsv() const;

    AccuracyChart *accuracyChart() const { return m_accuracy; }
    HeatMapWidget *heatMap() const { return m_heatMap; }
    ComputeChart *computeChart() const { return m_compute; }
    /// "all methods", or one setting (method, selection, recipe): the accuracy and compute charts
    /// and the Table show only it; the heat map and teacher chart compare α and teachers in it.
    QComboBox *methodFilter() const { return m_method; }
    QTableView *table() const { return m_table; }

Q_SIGNALS:
    void runsSelected(const QVector<qint64> &runIds);
    /// The fitted α(f), as schedule points, for the experiment form.
    void scheduleRequested(const std::vector<engine::AlphaPoint> &schedule);
    void message(const QString &text);

private:
    void refreshFilters();
    void refreshViews();
    std::vector<storage::RunRow> filteredRuns() const;
    void fillTable(const std::vector<storage::GroupSummary> &groups);
    void fillComparisonTable(const std::vector<storage::GroupSummary> &groups);
    QString tableCsv() const;
    QString tableLatex() const;
    QString heatMapCsv() const;

    RunRows m_runs;
    std::vector<storage::TeacherRow> m_teachers;
    QVector<qint64> m_selection;
    HeatMapData m_heatData;
    AlphaFit m_fit;

    QComboBox *m_dataset, *m_student, *m_method, *m_teacher, *m_band, *m_heatMode, *m_teacherAlpha,
        *m_tableMode;
    std::vector<storage::GroupSummary> m_groups; ///< of the method filter's runs, for the Table
    std::vector<storage::GroupSummary> m_comparisonGroups; ///< every method's, for comparisons
    QCheckBox *m_logX, *m_difference;
    QPushButton *m_useSchedule;
    QLabel *m_fitLabel;
    QTabWidget *m_tabs;
    AccuracyChart *m_accuracy;
    HeatMapWidget *m_heatMap;
    AccuracyChart *m_teacherChart;
    TrainingCurvesChart *m_curves;
    ComputeChart *m_compute;
    CostSource m_costSource;
    QTableView *m_table;
    QStandardItemModel *m_tableModel;
    bool m_updating = false;
};

} // namespace ui

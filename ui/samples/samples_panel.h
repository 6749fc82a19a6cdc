#pragma once

#include <QPointer>
#include <QWidget>

#include "ui/samples/sample_detail_pane.h"

#include <functional>
#include <memory>
#include <vector>

class QHBoxLayout;
class QLabel;
class QListView;
class QPushButton;
class QSplitter;
class QStackedWidget;

namespace ui {

class FlagThresholdBox;
class QualityComputeBar;
class QualityWorker;
class RetainedNoiseChart;
class SampleFilterPanel;
class SampleGridModel;
class SampleGridPage;
class SampleTable;

/// The Samples tab: every training sample of the experiment's data as a thumbnail grid with the
/// quality flags, a filter sidebar with counts, flag thresholds, selection export, the retained
/// noise of each pruning method, and a detail pane (placed by the window in its own dock).
/// Flags are computed on an explicit button, off the GUI thread.
class SamplesPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SamplesPanel(QWidget *parent = nullptr);
    ~SamplesPanel() override;

    /// Where the spec to compute flags for comes from (the experiment form's JSON).
    void setSpecSource(std::function<QString()> source);
    /// The workspace whose teacher, scores and finished runs the flags read.
    void setStorePath(const QString &path);
    /// Starts computing the flags of the current spec's data (the Compute button).
    void compute();
    /// Shows a computed table (compute() ends with this; tests give one directly).
    void setTable(std::shared_ptr<SampleTable> table, const QString &description = QString());
    /// Shows freshly computed flags with the label-issue pick and ranking chosen last time.
    void showComputed(std::shared_ptr<SampleTable> table, const QString &description);
    /// Chooses the label issues again with this filter and ranking (engine::LabelFilter and
    /// engine::LabelRanking values), remembered for the next computed flags too.
    void chooseLabelIssues(int filter, int ranking);

    /// The detail pane, for the window's "Sample detail" dock.
    SampleDetailPane *detailPane() const { return m_detail; }
    /// Asks for a file and writes the samples the export button names.
    void exportCsv();
    /// Writes them to path; returns an error message, empty on success.
    QString exportCsvTo(const QString &path) const;
    /// Reads the indices of wrongly labelled samples from a CSV or .npy file as the ground
    /// truth of the flags shown; returns an error naming the file and line, empty on success.
    QString loadTruthFile(const QString &path);
    void chooseTruthFile();
    /// What export acts on: the selected samples if any, else every sample shown (grid order).
    std::vector<int64_t> exportedSamples() const;
    void setTileSide(int side);

    SampleTable *table() const { return m_table.get(); }
    SampleGridModel *gridModel() const { return m_model; }
    QListView *grid() const { return m_grid; }
    SampleFilterPanel *filterPanel() const { return m_filters; }
    FlagThresholdBox *thresholdBox() const { return m_thresholds; }
    RetainedNoiseChart *noiseChart() const { return m_noise; }
    QualityWorker *worker() const;
    QualityComputeBar *computeBar() const { return m_computeBar; }
    /// Selects a sample in the grid (or shows it in the detail pane when filtered out).
    void showSample(qint64 sample);
    QLabel *selectionLabel() const;
    QPushButton *exportButton() const;
    QPushButton *computeButton() const;
    QString errorText() const;

Q_SIGNALS:
    void message(const QString &text);
    /// A tile was activated (double-click, Enter): the window shows the detail dock.
    void detailRequested();

private:
    void applyFilters();
    void thresholdsChanged();
    void updateSelectionText();
    void showError(const QString &text);
    void stepDetail(int delta);

    std::shared_ptr<SampleTable> m_table;
    QString m_description;
    QualityComputeBar *m_computeBar;
    QPushButton *m_truthButton = nullptr;
    SampleGridModel *m_model;
    QPointer<SampleDetailPane> m_detail; ///< the window's dock owns it once docked
    SampleFilterPanel *m_filters;
    FlagThresholdBox *m_thresholds;
    RetainedNoiseChart *m_noise;
    QStackedWidget *m_stack;
    QWidget *m_emptyPage, *m_errorBar;
    QLabel *m_emptyText, *m_emptyHint, *m_errorLabel, *m_status;
    SampleGridPage *m_gridPage;
    QListView *m_grid;
    QSplitter *m_gridSplit;
    QHBoxLayout *m_statusRow;
};

} // namespace ui

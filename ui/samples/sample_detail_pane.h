#pragma once

#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;

namespace ui {

class PixelView;
class ProbabilityBars;
class SampleTable;

/// Everything about one training sample (the "Sample detail" dock): the enlarged image, index,
/// given and suggested label, the out-of-sample and teacher top-5 probabilities, every score,
/// each flag with its score, threshold and reason, the runs that kept it, and "Copy as JSON".
/// ←/→ ask for the previous/next sample of the grid's order; Esc gives focus back to the grid.
class SampleDetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit SampleDetailPane(QWidget *parent = nullptr);
    ~SampleDetailPane() override;

    void setTable(std::shared_ptr<const SampleTable> table);
    /// Shows a sample (−1: none); call again after thresholds change to refresh the flags.
    void showSample(int64_t sample);
    int64_t sample() const { return m_sample; }
    /// The pane's text as shown (tests, screen readers).
    QString text() const;
    /// The sample's record as JSON (what "Copy as JSON" copies).
    QString json() const;

Q_SIGNALS:
    void stepRequested(int delta);
    /// A sample named in a reason (a near-duplicate's partner) was clicked.
    void sampleRequested(qint64 sample);
    void backToGrid();
    void message(const QString &text);

private:
    std::shared_ptr<const SampleTable> m_table;
    int64_t m_sample = -1;
    PixelView *m_image;
    QLabel *m_empty, *m_header, *m_truth, *m_oosTitle, *m_teacherTitle, *m_teacherNote, *m_flags,
        *m_scores, *m_runs;
    ProbabilityBars *m_oos, *m_teacher;
    QPushButton *m_copy;
    QWidget *m_content, *m_scroll;
};

} // namespace ui

#pragma once

#include <QWidget>

#include <functional>
#include <memory>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace ui {

class QualityWorker;
class SampleTable;

/// The flags' compute controls: out-of-sample folds, epochs and repeats, the Compute button, and
/// while it runs a progress bar with the stage ("Training fold 2/4… 38 %") and Cancel. The work
/// runs on the QualityWorker's thread; the GUI thread never waits for it.
class QualityComputeBar : public QWidget
{
    Q_OBJECT

public:
    explicit QualityComputeBar(QWidget *parent = nullptr);
    ~QualityComputeBar() override;

    void setSpecSource(std::function<QString()> source) { m_specSource = std::move(source); }
    void setStorePath(const QString &path);
    /// Short button text ("Recompute") where the bar sits beside the results.
    void setCompact(bool compact);
    QString storePath() const { return m_storePath; }
    /// Starts computing for the current spec; a reason it cannot start arrives as failed().
    void compute();
    void cancel();
    QualityWorker *worker() const { return m_worker; }
    QPushButton *computeButton() const { return m_compute; }
    QSpinBox *repeatsBox() const { return m_repeats; }
    QSpinBox *foldsBox() const { return m_folds; }
    /// The flag sets computed earlier into this workspace, newest first.
    QComboBox *savedSets() const { return m_saved; }
    /// Reopens the chosen earlier flag set (its spec and settings; the cached probabilities).
    void openSaved();
    /// Lists the workspace's flag sets again (after a computation, or another process's).
    void refreshSaved();

Q_SIGNALS:
    void computed(std::shared_ptr<ui::SampleTable> table, const QString &description);
    void failed(const QString &message);
    void message(const QString &text);
    void started();

private:
    void setBusy(bool busy);
    /// Starts the worker on spec with the boxes' settings; source names the spec in problems.
    void startWorker(const QString &spec, const QString &source, const QString &stage);

    std::function<QString()> m_specSource;
    QString m_storePath;
    QualityWorker *m_worker;
    QSpinBox *m_folds, *m_epochs, *m_repeats;
    QPushButton *m_compute, *m_cancel, *m_open;
    QComboBox *m_saved;
    QWidget *m_savedRow;
    QProgressBar *m_progress;
    QLabel *m_stage;
};

} // namespace ui

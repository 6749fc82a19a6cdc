#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QStringList>

#include "ui/runs/run_events.h"

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QTabWidget;
class QTimer;
class QToolButton;

namespace storage {
class Store;
}

namespace ui {

class ClusterMonitor;
class ClusterQueuePanel;
class ExperimentForm;
struct BundledPreset;
class LogBridge;
class LogPane;
class ResultsPanel;
class RunQueuePanel;
class RunSession;
class RunTableModel;
class SamplesPanel;

/// Assembles the panels: the experiment form (left dock), the results (centre tabs), the run
/// queue and the log (bottom docks), menus, shortcuts and the status bar; opens workspaces and
/// remembers layout, recent files and the form.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(LogBridge *log, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Help ▸ About: what the workbench computes, the paper it is built around, the licence.
    static QString aboutText();

    /// Opens (or creates) a workspace store; runs an earlier session left unfinished resume.
    void openWorkspace(const QString &path);
    QString workspace() const { return m_workspace; }
    /// A warning in the status bar (its first line) and the log (all of it).
    void warn(const QString &text) { showMessage(text, 1); }
    /// File ▸ Export report: the open workspace as one self-contained HTML file (findings with
    /// paired intervals, charts as SVG, tables, specs); an error message, empty on success.
    QString exportReportTo(const QString &path);

    ExperimentForm *form() const { return m_form; }
    RunTableModel *runModel() const { return m_model; }
    ResultsPanel *results() const { return m_results; }
    RunQueuePanel *queuePanel() const { return m_queue; }
    ClusterMonitor *clusterMonitor() const { return m_cluster; }
    ClusterQueuePanel *clusterQueue() const { return m_clusterQueue; }
    /// The queue dock's pages: this computer's runs, then the Slurm cluster's.
    QTabWidget *queueTabs() const { return m_queueTabs; }
    RunSession *session() const { return m_session; }
    SamplesPanel *samples() const { return m_samples; }
    QDockWidget *sampleDetailDock() const { return m_detailDock; }
    /// Help ▸ Keyboard shortcuts: "what\tkeys" for every action with a shortcut, the menus'
    /// and the panels'.
    QStringList shortcutLines() const;
    /// The longest gap between two GUI heartbeats (10 ms timer) since the last reset, in ms.
    double longestStallMs() const { return m_longestStall; }
    void resetStallWatch();

    /// How closing treats runs in progress, for tests: ask (default), resume next time, or stop.
    enum class CloseAnswer { Ask, Resume, Stop };
    void setCloseAnswer(CloseAnswer answer) { m_closeAnswer = answer; }
    /// How Experiment ▸ Reset answers its confirmation, for tests: ask (NoButton), Yes or No.
    void setResetAnswer(int answer) { m_resetAnswer = answer; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void buildMenus();
    void buildStatusBar();
    void connectWorker();
    /// The form's Slurm submissions, the cluster page's actions and the merging of shards.
    void connectCluster();
    void refreshTeachers();
    void scheduleResultsRefresh();
    void updateQueueIndicator();
    void showMessage(const QString &text, int severity); ///< 0 info, 1 warning, 2 error
    /// File ▸ New from preset: one experiment into the form; a study's experiments queued.
    void usePreset(const BundledPreset &preset);
    void addRecent(const QString &path);
    void rebuildRecentMenu();
    void newWorkspace();
    void chooseWorkspace();
    void exportReport();
    void duplicateRun(qint64 runId);
    void showShortcuts();
    void restoreLayout();
    void saveSettings();
    /// Picks up runs that another process (a command-line sweep) wrote to the workspace.
    void pollExternalChanges();
    /// The detail dock goes with the Samples tab: shown there (unless the user closed it), hidden
    /// on the other tabs.
    void syncDetailDock();

    RunSession *m_session;
    std::unique_ptr<storage::Store> m_readStore;
    RunTableModel *m_model;
    ExperimentForm *m_form;
    ResultsPanel *m_results;
    RunQueuePanel *m_queue;
    ClusterMonitor *m_cluster;
    ClusterQueuePanel *m_clusterQueue;
    QTabWidget *m_queueTabs;
    LogPane *m_log;
    SamplesPanel *m_samples;
    QDockWidget *m_formDock, *m_queueDock, *m_logDock, *m_detailDock;
    bool m_detailWanted = true;
    bool m_onSamplesTab = false;
    bool m_clusterShown = false; ///< the cluster page was considered for this workspace
    QMenu *m_recentMenu = nullptr;
    QProgressBar *m_queueProgress;
    QToolButton *m_queueButton, *m_messagesButton;
    QLabel *m_deviceLabel, *m_workspaceLabel;
    QTimer *m_resultsTimer, *m_heartbeat, *m_externalTimer;
    int64_t m_dataVersion = -1;
    QString m_stage;
    int m_doneWhenBusy = 0;
    QString m_workspace;
    QByteArray m_defaultState;
    CloseAnswer m_closeAnswer = CloseAnswer::Ask;
    int m_resetAnswer = 0; ///< QMessageBox::StandardButton; NoButton: ask
    double m_longestStall = 0;
    qint64 m_lastBeat = 0;
};

} // namespace ui

#include "ui/window/main_window.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QResizeEvent>
#include <QScreen>
#include <QScrollArea>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "engine/experiment/runner.h"
#include "engine/train/device.h"
#include "storage/store.h"
#include "ui/common/plot_export.h"
#include "ui/form/experiment_form.h"
#include "ui/results/results_panel.h"
#include "ui/runs/cluster_monitor.h"
#include "ui/runs/cluster_queue_panel.h"
#include "ui/runs/run_queue_panel.h"
#include "ui/runs/run_session.h"
#include "ui/runs/run_table_model.h"
#include "ui/samples/sample_detail_pane.h"
#include "ui/samples/samples_panel.h"
#include "ui/window/log_pane.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sstream>

namespace ui {

namespace {
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

MainWindow::MainWindow(LogBridge *log, QWidget *parent)
    : QMainWindow(parent)
{
    setObjectName("mainWindow");
    m_session = new RunSession(this);
    m_model = new RunTableModel(this);
    m_results = new ResultsPanel(this);
    setCentralWidget(m_results);
    // Appended: ResultsPanel's Tab enum addresses its own tabs by position.
    m_samples = new SamplesPanel(this);
    m_results->tabs()->addTab(m_samples, tr("Samples"));

    m_form = new ExperimentForm(this);
    auto *formScroll = new QScrollArea(this);
    formScroll->setWidget(m_form);
    formScroll->setWidgetResizable(true);
    // Its full width by default, but the dock may be made narrower (a horizontal scroll bar
    // then) so that the window fits a small or 2×-scaled screen.
    const int formWidth = m_form->sizeHint().width() + 24;
    formScroll->setMinimumWidth(std::min(formWidth, 380));
    // The action bar (run count, first problem, Queue) stays under the scrolled form.
    auto *formPane = new QWidget(this);
    auto *formPaneLayout = new QVBoxLayout(formPane);
    formPaneLayout->setContentsMargins(0, 0, 0, 0);
    formPaneLayout->setSpacing(0);
    formPaneLayout->addWidget(formScroll, 1);
    formPaneLayout->addWidget(m_form->actionBar());
    m_formDock = new QDockWidget(tr("Experiment"), this);
    m_formDock->setObjectName("experimentDock");
    m_formDock->setWidget(formPane);
    addDockWidget(Qt::LeftDockWidgetArea, m_formDock);
    resizeDocks({ m_formDock }, { formWidth }, Qt::Horizontal);

    m_queue = new RunQueuePanel(m_model, this);
    m_cluster = new ClusterMonitor(this);
    m_clusterQueue = new ClusterQueuePanel(m_cluster, this);
    m_queueTabs = new QTabWidget(this);
    m_queueTabs->setObjectName("queueTabs");
    m_queueTabs->setDocumentMode(true);
    m_queueTabs->addTab(m_queue, tr("This computer"));
    m_queueTabs->addTab(m_clusterQueue, m_clusterQueue->title());
    m_queueDock = new QDockWidget(tr("Run queue"), this);
    m_queueDock->setObjectName("runQueueDock");
    m_queueDock->setWidget(m_queueTabs);
    addDockWidget(Qt::BottomDockWidgetArea, m_queueDock);

    m_log = new LogPane(this);
    m_logDock = new QDockWidget(tr("Log"), this);
    m_logDock->setObjectName("logDock");
    m_logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    splitDockWidget(m_queueDock, m_logDock, Qt::Horizontal);
    resizeDocks({ m_queueDock, m_logDock }, { 3, 1 }, Qt::Horizontal);
    resizeDocks({ m_queueDock }, { 260 }, Qt::Vertical);
    if (log)
        connect(log, &LogBridge::lineArrived, m_log, &LogPane::append);

    m_detailDock = new QDockWidget(tr("Sample detail"), this);
    m_detailDock->setObjectName("sampleDetailDock");
    m_detailDock->setWidget(m_samples->detailPane());
    addDockWidget(Qt::RightDockWidgetArea, m_detailDock);
    // The queue and log keep the full width below the charts; the detail dock shares the
    // charts' row instead of pushing the bottom docks (and the window) wider.
    setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);
    resizeDocks({ m_detailDock }, { 340 }, Qt::Horizontal);
    m_samples->setSpecSource([this] { return m_form->specJson(); });
    connect(m_samples, &SamplesPanel::message, this,
            [this](const QString &t) { showMessage(t, 0); });
    connect(m_samples, &SamplesPanel::detailRequested, this, [this] {
        m_detailWanted = true;
        m_detailDock->show();
        m_detailDock->raise();
    });
    connect(m_results->tabs(), &QTabWidget::currentChanged, this, &MainWindow::syncDetailDock);

    m_results->setMetricsSource([this](qint64 runId) {
        return m_readStore ? m_readStore->metrics(runId) : std::vector<storage::MetricRow> {};
    });
    m_results->setCostSource([this] {
        try {
            return m_readStore ? storage::runCosts(*m_readStore)
                               : std::map<int64_t, storage::RunCost> {};
        } catch (const std::exception &e) {
            showMessage(QString::fromStdString(e.what()), 2);
            return std::map<int64_t, storage::RunCost> {};
        }
    });
    m_resultsTimer = new QTimer(this);
    m_resultsTimer->setSingleShot(true);
    m_resultsTimer->setInterval(300);
    connect(m_resultsTimer, &QTimer::timeout, this, [this] {
        m_results->setRuns(m_model->rows());
        m_form->setKnownRuns(m_model->rows());
    });

    // The heartbeat measures how long the GUI thread ever waits.
    m_heartbeat = new QTimer(this);
    m_heartbeat->setInterval(10);
    connect(m_heartbeat, &QTimer::timeout, this, [this] {
        const qint64 now = nowMs();
        if (m_lastBeat > 0)
            m_longestStall = std::max(m_longestStall, double(now - m_lastBeat - 10));
        m_lastBeat = now;
    });
    m_heartbeat->start();
    m_externalTimer = new QTimer(this);
    m_externalTimer->setInterval(2000);
    connect(m_externalTimer, &QTimer::timeout, this, &MainWindow::pollExternalChanges);
    m_externalTimer->start();

    buildMenus();
    buildStatusBar();

    connect(m_form, &ExperimentForm::queueRequested, this, [this](const QString &spec) {
        m_session->enqueue(spec);
        m_form->markQueued();
    });
    connectCluster();
    connect(m_form, &ExperimentForm::message, this,
            [this](const QString &t) { showMessage(t, 0); });
    connect(m_results, &ResultsPanel::message, this,
            [this](const QString &t) { showMessage(t, 0); });
    connect(m_results, &ResultsPanel::runsSelected, this, [this](const QVector<qint64> &ids) {
        m_queue->selectRuns(ids);
        m_results->showSelection(ids);
    });
    connect(m_results, &ResultsPanel::scheduleRequested, m_form, &ExperimentForm::setSchedule);
    connect(m_queue, &RunQueuePanel::selectionChanged, m_results, &ResultsPanel::showSelection);
    connect(m_queue, &RunQueuePanel::curvesRequested, this, [this](const QVector<qint64> &ids) {
        m_results->showSelection(ids);
        m_results->setCurrentTab(ResultsPanel::CurvesTab);
    });
    connect(m_queue, &RunQueuePanel::cancelRequested, this, [this](const QVector<qint64> &ids) {
        QVector<qint64> waiting;
        for (qint64 id : ids) {
            const auto *r = m_model->run(id);
            if (!r)
                continue;
            if (r->status == storage::RunStatus::Running) {
                if (r->ownerPid != QCoreApplication::applicationPid()) {
                    showMessage(tr("Run %1 is trained by another process (%2); stop it there")
                                    .arg(id)
                                    .arg(r->ownerPid),
                                1);
                    continue;
                }
                m_model->markCancelling(
                    id); // acknowledged at once; it stops within one training step
                m_session->stopRun(id);
            } else if (r->status == storage::RunStatus::Queued
                       || r->status == storage::RunStatus::Interrupted) {
                waiting << id; // finished, failed and cancelled runs are left as they are
            }
        }
        if (!waiting.isEmpty())
            m_session->cancel(waiting);
    });
    connect(m_queue, &RunQueuePanel::cancelAllRequested, this, [this] {
        if (QMessageBox::question(
                this, tr("Cancel all runs"),
                tr("Cancel the running run and every queued run? Finished runs are kept."))
            != QMessageBox::Yes)
            return;
        QVector<qint64> waiting;
        for (const auto &r : m_model->rows())
            if (r.status == storage::RunStatus::Queued
                || r.status == storage::RunStatus::Interrupted)
                waiting << r.id;
        m_session->cancel(waiting);
        m_session->stopCurrent();
    });
    connect(m_queue, &RunQueuePanel::retryRequested, this, [this](const QVector<qint64> &ids) {
        QVector<qint64> retryable;
        for (qint64 id : ids)
            if (const auto *r = m_model->run(id); r
                && (r->status == storage::RunStatus::Failed
                    || r->status == storage::RunStatus::Cancelled
                    || r->status == storage::RunStatus::Interrupted))
                retryable << id;
        if (!retryable.isEmpty())
            m_session->retry(retryable);
    });
    connect(m_queue, &RunQueuePanel::removeRequested, this, [this](const QVector<qint64> &ids) {
        int finished = 0;
        for (qint64 id : ids)
            if (const auto *r = m_model->run(id); r && r->status == storage::RunStatus::Done)
                ++finished;
        if (finished > 0
            && QMessageBox::question(
                   this, tr("Remove runs"),
                   tr("Remove %n run(s) with their stored results? This cannot be undone.", "",
                      int(ids.size())))
                != QMessageBox::Yes)
            return;
        m_session->remove(ids);
    });
    connect(m_queue, &RunQueuePanel::duplicateRequested, this, &MainWindow::duplicateRun);
    connect(m_session, &RunSession::workerStarted, this, [this] { connectWorker(); });
    connect(m_session, &RunSession::busyChanged, this, [this] { updateQueueIndicator(); });

    m_defaultState = saveState();
    restoreLayout();
    syncDetailDock();
    QSettings settings;
    const QString spec = settings.value("form/spec").toString();
    if (!spec.isEmpty())
        m_form->loadSpec(spec);
    updateQueueIndicator();
}

MainWindow::~MainWindow()
{
    m_session->close(true);
}

void MainWindow::syncDetailDock()
{
    const bool samples = m_results->tabs()->currentWidget() == m_samples;
    if (samples) {
        if (m_detailWanted && !m_detailDock->isVisible()) {
            // Showing a dock keeps the charts' width and widens the window by the dock's; past
            // the screen's edge the dock would be out of reach, so the window is fitted back.
            // The dock takes its width from the charts: without a cap on the central widget
            // for this one layout pass, QMainWindow keeps the charts' width and widens the
            // window (past the screen's edge where no window manager stops it).
            QWidget *central = centralWidget();
            const int dockWidth = std::max(m_detailDock->sizeHint().width(),
                                           m_detailDock->minimumSizeHint().width());
            const int capped
                = std::max(central->minimumSizeHint().width(), central->width() - dockWidth);
            central->setMaximumWidth(capped);
            m_detailDock->show();
            QTimer::singleShot(0, this, [central] { central->setMaximumWidth(QWIDGETSIZE_MAX); });
        }
    } else {
        if (m_onSamplesTab)
            m_detailWanted = m_detailDock->isVisible();
        m_detailDock->hide();
    }
    m_onSamplesTab = samples;
}

void MainWindow::resetStallWatch()
{
    m_longestStall = 0;
    m_lastBeat = 0;
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    // Showing a dock or filling the sample browser keeps the charts' width and widens the window
    // instead; past the screen's edge the detail dock would be out of reach, so the window is
    // fitted back (the docks and charts share what the screen has).
    if (isMaximized() || isFullScreen() || !screen())
        return;
    const QRect available = screen()->availableGeometry();
    const int frame = frameGeometry().width() - width();
    const int fits = available.right() - frameGeometry().left() - frame;
    if (width() > fits && fits >= minimumSizeHint().width())
        QTimer::singleShot(0, this, [this, fits] {
            if (width() > fits)
                resize(fits, height());
        });
}

} // namespace ui

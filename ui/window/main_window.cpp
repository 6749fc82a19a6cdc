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

#include "engine/experiment/runner.h"
#include "engine/train/device.h"
#include "storage/store.h"
#include "ui/common/plot_export.h"
#include "ui/form/experiment_form.h"
#include "ui/results/results_panel.h"
#include "ui/runs/run_queue_panel.h"
#include "ui/runs/run_session.h"
#include "ui/runs/run_table_model.h"
#include "ui/samples/sample_detail_pane.h"
#include "ui/samples/samples_panel.h"
#include "ui/window/log_pane.h"

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
    formScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    formScroll->setMinimumWidth(m_form->sizeHint().width() + 24);
    m_formDock = new QDockWidget(tr("Experiment"), this);
    m_formDock->setObjectName("experimentDock");
    m_formDock->setWidget(formScroll);
    addDockWidget(Qt::LeftDockWidgetArea, m_formDock);

    m_queue = new RunQueuePanel(m_model, this);
    m_queueDock = new QDockWidget(tr("Run queue"), this);
    m_queueDock->setObjectName("runQueueDock");
    m_queueDock->setWidget(m_queue);
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

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value("window/geometry").toByteArray()))
        resize(1500, 950);
    restoreState(settings.value("window/state").toByteArray());
}

void MainWindow::buildMenus()
{
    auto *file = menuBar()->addMenu(tr("&File"));
    auto *newAction = file->addAction(tr("&New workspace…"), this, &MainWindow::newWorkspace);
    newAction->setShortcut(QKeySequence::New);
    newAction->setObjectName("action.file.new");
    auto *openAction = file->addAction(tr("&Open workspace…"), this, &MainWindow::chooseWorkspace);
    openAction->setShortcut(QKeySequence::Open);
    openAction->setObjectName("action.file.open");
    m_recentMenu = file->addMenu(tr("Open &recent"));
    rebuildRecentMenu();
    file->addSeparator();
    auto *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto *experiment = menuBar()->addMenu(tr("&Experiment"));
    experiment->addAction(m_form->queueAction());
    addAction(m_form->queueAction());
    auto *save = experiment->addAction(tr("&Save preset…"), this, [this] {
        const QString path
            = QFileDialog::getSaveFileName(this, tr("Save preset"), QString(), tr("Spec (*.json)"));
        if (!path.isEmpty())
            m_form->savePresetTo(path.endsWith(".json") ? path : path + ".json");
    });
    save->setShortcut(QKeySequence::Save);
    experiment->addAction(tr("&Load preset…"), this, [this] {
        const QString path
            = QFileDialog::getOpenFileName(this, tr("Load preset"), QString(), tr("Spec (*.json)"));
        if (path.isEmpty())
            return;
        std::ifstream in(path.toStdString());
        std::stringstream text;
        text << in.rdbuf();
        const QStringList problems = m_form->loadSpec(QString::fromStdString(text.str()));
        showMessage(problems.isEmpty()
                        ? tr("Loaded %1").arg(path)
                        : tr("Loaded %1 with problems: %2").arg(path, problems.join("; ")),
                    problems.isEmpty() ? 0 : 1);
    });
    experiment->addAction(tr("&Copy as command line"), this, [this] {
        QApplication::clipboard()->setText(m_form->commandLine(m_workspace));
        showMessage(tr("Command line copied: it runs the same spec into this workspace"), 0);
    });
    experiment->addAction(tr("Reset the form to the default"), m_form,
                          &ExperimentForm::resetToDefault);

    auto *runs = menuBar()->addMenu(tr("&Runs"));
    runs->addAction(m_queue->cancelAction());
    runs->addAction(m_queue->cancelAllAction());
    runs->addAction(m_queue->retryAction());
    runs->addAction(m_queue->removeAction());

    auto *view = menuBar()->addMenu(tr("&View"));
    auto *panels = view->addMenu(tr("&Panels"));
    const std::pair<QDockWidget *, QKeySequence> docks[]
        = { { m_formDock, QKeySequence(Qt::ALT | Qt::Key_0) },
            { m_queueDock, QKeySequence(Qt::ALT | Qt::Key_1) },
            { m_logDock, QKeySequence(Qt::ALT | Qt::Key_2) },
            { m_detailDock, QKeySequence(Qt::ALT | Qt::Key_3) } };
    for (const auto &[dock, keys] : docks) {
        QAction *toggle = dock->toggleViewAction();
        toggle->setShortcut(keys);
        panels->addAction(toggle);
    }
    view->addAction(tr("Reset layout"), this, [this] {
        restoreState(m_defaultState);
        m_detailWanted = true;
        m_onSamplesTab = false;
        syncDetailDock();
    });
    view->addSeparator();
    for (int i = 0; i < m_results->tabs()->count(); ++i) {
        auto *tab = view->addAction(m_results->tabs()->tabText(i), this,
                                    [this, i] { m_results->tabs()->setCurrentIndex(i); });
        tab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    view->addSeparator();
    auto *exportAction = view->addAction(tr("&Export current view…"), this, [this] {
        if (m_results->tabs()->currentWidget() == m_samples)
            m_samples->exportCsv();
        else
            m_results->exportCurrent();
    });
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    auto *find = view->addAction(tr("&Find in log"), this, [this] {
        m_logDock->show();
        m_logDock->raise();
        m_log->focusFilter();
    });
    find->setShortcut(QKeySequence::Find);

    auto *help = menuBar()->addMenu(tr("&Help"));
    auto *keys = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    keys->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    auto *about = help->addAction(tr("&About Prunescope"), this, [this] {
        QMessageBox::about(
            this, tr("About Prunescope"),
            tr("<b>Prunescope</b> 0.1 — data pruning with knowledge distillation.<br>"
               "L = (1 − α)·CE + α·τ²·KL(softmax(z<sub>t</sub>/τ) ‖ softmax(z<sub>s</sub>/τ)) on "
               "the kept "
               "subset; the teacher is trained on the full data.<br>GPL-3.0-or-later."));
    });
    about->setShortcut(QKeySequence::HelpContents);
}

void MainWindow::showShortcuts()
{
    QStringList rows;
    for (QMenu *menu : menuBar()->findChildren<QMenu *>())
        for (QAction *a : menu->actions())
            if (!a->shortcut().isEmpty() && !a->text().isEmpty())
                rows << QString("<tr><td>%1</td><td><b>%2</b></td></tr>")
                            .arg(QString(a->text()).remove('&').toHtmlEscaped(),
                                 a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped());
    rows.removeDuplicates();
    QMessageBox box(this);
    box.setWindowTitle(tr("Keyboard shortcuts"));
    box.setText("<table cellspacing=6>" + rows.join("") + "</table>");
    box.exec();
}

void MainWindow::buildStatusBar()
{
    m_queueProgress = new QProgressBar(this);
    m_queueProgress->setMaximumWidth(160);
    m_queueProgress->setRange(0, 1000);
    m_queueProgress->setTextVisible(false);
    m_queueButton = new QToolButton(this);
    m_queueButton->setAutoRaise(true);
    m_queueButton->setToolTip(tr("Runs running and waiting; click to show the run queue"));
    connect(m_queueButton, &QToolButton::clicked, this, [this] {
        m_queueDock->show();
        m_queueDock->raise();
    });
    m_deviceLabel = new QLabel(
        QString::fromStdString(engine::describeDevice(engine::resolveDevice("auto"))), this);
    m_deviceLabel->setToolTip(tr("Where runs with device \"auto\" train"));
    m_workspaceLabel = new QLabel(this);
    m_messagesButton = new QToolButton(this);
    m_messagesButton->setAutoRaise(true);
    m_messagesButton->setToolTip(tr("Warnings and errors in the log; click to show it"));
    m_messagesButton->setText(QString::fromUtf8("⚠ 0  ✗ 0"));
    connect(m_messagesButton, &QToolButton::clicked, this, [this] {
        m_logDock->show();
        m_logDock->raise();
    });
    connect(m_log, &LogPane::countsChanged, this, [this](int warnings, int errors) {
        m_messagesButton->setText(QString::fromUtf8("⚠ %1  ✗ %2").arg(warnings).arg(errors));
        m_messagesButton->setStyleSheet(errors > 0 ? "color: #c62828;"
                                                   : (warnings > 0 ? "color: #b26a00;" : ""));
    });
    statusBar()->addPermanentWidget(m_queueProgress);
    statusBar()->addPermanentWidget(m_queueButton);
    statusBar()->addPermanentWidget(m_deviceLabel);
    statusBar()->addPermanentWidget(m_workspaceLabel);
    statusBar()->addPermanentWidget(m_messagesButton);
}

void MainWindow::connectWorker()
{
    RunWorker *w = m_session->worker();
    connect(w, &RunWorker::opened, this, [this](const RunRows &rows, int interrupted) {
        // The worker has created or migrated the file: the GUI's read connection can open now.
        m_readStore.reset();
        m_dataVersion = -1;
        try {
            m_readStore = std::make_unique<storage::Store>(
                m_session->storePath().toStdString(), storage::OpenOptions { .readOnly = true });
        } catch (const std::exception &e) {
            showMessage(QString::fromStdString(e.what()), 2);
        }
        m_model->reset(rows);
        m_results->setRuns(rows);
        m_form->setKnownRuns(rows);
        refreshTeachers();
        if (interrupted > 0)
            showMessage(
                tr("%n run(s) were interrupted when the program last closed; they are queued again",
                   "", interrupted),
                1);
        updateQueueIndicator();
    });
    connect(w, &RunWorker::openFailed, this,
            [this](const QString &message) { showMessage(message, 2); });
    connect(w, &RunWorker::runsChanged, this, [this](const RunRows &rows) {
        m_model->upsert(rows);
        updateQueueIndicator();
        scheduleResultsRefresh();
    });
    connect(w, &RunWorker::runsRemoved, this, [this](const QVector<qint64> &ids) {
        m_model->remove(ids);
        updateQueueIndicator();
        scheduleResultsRefresh();
    });
    connect(w, &RunWorker::progress, this, [this](const RunProgress &p) {
        m_model->setProgress(p);
        updateQueueIndicator();
    });
    // Stage texts go to the queue indicator's tooltip, so they never push an error off the status
    // bar.
    connect(w, &RunWorker::stageChanged, this, [this](const QString &text) {
        m_stage = text;
        updateQueueIndicator();
    });
    connect(w, &RunWorker::teachersChanged, this, &MainWindow::refreshTeachers);
    connect(w, &RunWorker::enqueued, this, [this](const QString &name, int waiting, int done) {
        showMessage(
            tr("Queued “%1”: %2 run(s) to run, %3 already stored").arg(name).arg(waiting).arg(done),
            0);
        m_queueDock->show();
    });
    connect(w, &RunWorker::problem, this,
            [this](const QString &message) { showMessage(message, 2); });
    connect(w, &RunWorker::busyChanged, this, [this](bool busy) {
        if (busy) {
            m_doneWhenBusy = m_model->countWithStatus(storage::RunStatus::Done);
            return;
        }
        m_model->clearProgress();
        updateQueueIndicator();
        // The queue emptied while the window was in the background, having finished something.
        if (!isActiveWindow()
            && m_model->countWithStatus(storage::RunStatus::Done) > m_doneWhenBusy)
            QApplication::alert(this);
    });
}

void MainWindow::refreshTeachers()
{
    if (!m_readStore)
        return;
    try {
        const auto teachers = m_readStore->teachers();
        m_results->setTeachers(teachers);
        m_form->setTeachers(teachers);
    } catch (const std::exception &e) {
        showMessage(QString::fromStdString(e.what()), 2);
    }
}

void MainWindow::scheduleResultsRefresh()
{
    if (!m_resultsTimer->isActive())
        m_resultsTimer->start();
}

void MainWindow::updateQueueIndicator()
{
    const int running = m_model->countWithStatus(storage::RunStatus::Running);
    const int waiting = m_model->countWithStatus(storage::RunStatus::Queued)
        + m_model->countWithStatus(storage::RunStatus::Interrupted);
    const RunProgress &p = m_model->activeProgress();
    const bool teacher = m_session->isBusy() && p.runId < 0 && p.totalSteps > 0;
    QString text = tr("%1 running · %2 queued").arg(running).arg(waiting);
    if (teacher)
        text = tr("teacher training · %1 queued").arg(waiting);
    m_queueButton->setText(text);
    const double done = m_model->liveFraction();
    const bool active = (running > 0 || teacher) && done >= 0;
    m_queueProgress->setVisible(active);
    m_queueProgress->setValue(int(1000 * done));
    m_queueProgress->setToolTip(m_stage);
    m_queueButton->setToolTip(m_stage.isEmpty()
                                  ? tr("Runs running and waiting; click to show the run queue")
                                  : m_stage + tr(" — click to show the run queue"));
    QString title = m_workspace.isEmpty()
        ? QString("Prunescope")
        : QString("Prunescope — %1").arg(QFileInfo(m_workspace).fileName());
    if (active)
        title = QString("[%1 %] ").arg(int(100 * done)) + title;
    setWindowTitle(title);
}

void MainWindow::showMessage(const QString &text, int severity)
{
    statusBar()->showMessage(text.section('\n', 0, 0), severity == 0 ? 6000 : 0);
    auto logger = spdlog::get("ui");
    if (logger) {
        const std::string line = text.toStdString();
        severity == 2 ? logger->error("{}", line)
                      : (severity == 1 ? logger->warn("{}", line) : logger->info("{}", line));
    }
}

void MainWindow::openWorkspace(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_readStore.reset(); // reopened when the worker announces the workspace
    m_dataVersion = -1;
    m_session->open(absolute);
    m_workspace = absolute;
    setWorkspaceForExports(absolute);
    m_samples->setStorePath(absolute);
    m_workspaceLabel->setText(QFileInfo(absolute).fileName());
    m_workspaceLabel->setToolTip(absolute);
    addRecent(absolute);
    updateQueueIndicator();
}

void MainWindow::newWorkspace()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("New workspace"),
                                                      QDir::homePath() + "/workspace.db",
                                                      tr("Prunescope workspace (*.db)"));
    if (!path.isEmpty())
        openWorkspace(path.endsWith(".db") ? path : path + ".db");
}

void MainWindow::chooseWorkspace()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open workspace"), QString(),
                                                      tr("Prunescope workspace (*.db)"));
    if (!path.isEmpty())
        openWorkspace(path);
}

void MainWindow::addRecent(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value("workspaces/recent").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 8)
        recent.removeLast();
    settings.setValue("workspaces/recent", recent);
    settings.setValue("workspaces/last", path);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = QSettings().value("workspaces/recent").toStringList();
    for (const QString &path : recent)
        m_recentMenu->addAction(path, this, [this, path] { openWorkspace(path); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::duplicateRun(qint64 runId)
{
    const auto *run = m_model->run(runId);
    if (!run)
        return;
    // A run's stored config maps back onto a one-run spec.
    const auto config = nlohmann::json::parse(run->configJson, nullptr, false);
    if (!config.is_object()) {
        showMessage(tr("Run %1 has no readable config").arg(runId), 2);
        return;
    }
    nlohmann::json spec;
    try {
        spec["name"] = run->name + " (copy)";
        spec["dataset"] = { { "path", config["dataset"].value("path", "") },
                            { "format", config["dataset"].value("format", "auto") } };
        spec["student"] = config["student"];
        if (config["teacher"].is_object())
            spec["teacher"] = config["teacher"];
        spec["pruning"]
            = { { "method", config["pruning"]["method"] },
                { "class_balanced", config["pruning"]["class_balanced"] },
                { "fractions", nlohmann::json::array({ config["pruning"]["fraction"] }) } };
        const auto &kd = config["distillation"];
        spec["distillation"] = { { "alphas", nlohmann::json::array({ kd["alpha"] }) },
                                 { "tau", kd.value("tau", 4.0) },
                                 { "tau_squared", kd.value("tau_squared", true) } };
        spec["seeds"] = nlohmann::json::array({ config["seed"] });
        spec["device"] = config.value("device", "auto");
    } catch (const nlohmann::json::exception &e) {
        showMessage(tr("Run %1's stored config cannot be read back into the form: %2")
                        .arg(runId)
                        .arg(e.what()),
                    2);
        return;
    }
    const QStringList problems = m_form->loadSpec(QString::fromStdString(spec.dump()));
    m_formDock->show();
    m_formDock->raise();
    showMessage(problems.isEmpty() ? tr("Run %1 copied into the form").arg(runId)
                                   : tr("Run %1 copied into the form; it has problems: %2")
                                         .arg(runId)
                                         .arg(problems.join("; ")),
                problems.isEmpty() ? 0 : 1);
}

void MainWindow::pollExternalChanges()
{
    if (!m_readStore)
        return;
    try {
        const int64_t version = m_readStore->dataVersion();
        if (version == m_dataVersion)
            return;
        m_dataVersion = version;
        RunRows changed;
        QVector<qint64> gone;
        QSet<qint64> present;
        for (const auto &r : m_readStore->runs()) {
            present.insert(r.id);
            const auto *known = m_model->run(r.id);
            // Rows the worker is updating live keep its figures; anything else that differs is
            // news.
            if (!known || known->status != r.status || known->testAccuracy != r.testAccuracy
                || known->finishedAt != r.finishedAt)
                if (!(known && known->status == storage::RunStatus::Running
                      && r.status == storage::RunStatus::Running))
                    changed.push_back(r);
        }
        for (const auto &r : m_model->rows())
            if (!present.contains(r.id))
                gone << r.id;
        if (!changed.isEmpty())
            m_model->upsert(changed);
        if (!gone.isEmpty())
            m_model->remove(gone);
        if (!changed.isEmpty() || !gone.isEmpty()) {
            updateQueueIndicator();
            scheduleResultsRefresh();
            refreshTeachers();
        }
    } catch (const std::exception &e) {
        showMessage(QString::fromStdString(e.what()), 2);
    }
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

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_session->isOpen() && m_session->isBusy() && !m_session->isClosing()) {
        CloseAnswer answer = m_closeAnswer;
        if (answer == CloseAnswer::Ask) {
            QMessageBox box(QMessageBox::Question, tr("Training in progress"),
                            tr("Runs are training or queued. Resume them the next time this "
                               "workspace opens, or "
                               "stop them now?"),
                            QMessageBox::NoButton, this);
            auto *resumeButton = box.addButton(tr("Resume next time"), QMessageBox::AcceptRole);
            auto *stopButton = box.addButton(tr("Stop them"), QMessageBox::DestructiveRole);
            box.addButton(QMessageBox::Cancel);
            box.setDefaultButton(resumeButton);
            box.exec();
            if (box.clickedButton() == static_cast<QAbstractButton *>(resumeButton))
                answer = CloseAnswer::Resume;
            else if (box.clickedButton() == static_cast<QAbstractButton *>(stopButton))
                answer = CloseAnswer::Stop;
            else {
                event->ignore();
                return;
            }
        }
        // Stop without blocking the GUI thread: the window hides and closes when the worker has
        // ended.
        saveSettings();
        hide();
        connect(m_session, &RunSession::closed, this, &QWidget::close, Qt::SingleShotConnection);
        m_session->beginClose(answer == CloseAnswer::Resume);
        event->ignore();
        return;
    }
    if (m_session->isClosing()) {
        event->ignore(); // closes once the worker has ended
        return;
    }
    if (isVisible())
        saveSettings();
    m_session->close(true);
    event->accept();
}

void MainWindow::saveSettings()
{
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    settings.setValue("form/spec", m_form->specJson());
}

} // namespace ui

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
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
#include "storage/report.h"
#include "storage/store.h"
#include "ui/common/plot_export.h"
#include "ui/form/experiment_form.h"
#include "ui/results/results_panel.h"
#include "ui/runs/run_queue_panel.h"
#include "ui/runs/run_session.h"
#include "ui/runs/run_table_model.h"
#include "ui/samples/sample_detail_pane.h"
#include "ui/samples/samples_panel.h"
#include "ui/window/bundled_presets.h"
#include "ui/window/log_pane.h"
#include "ui/window/main_window.h"
#include "ui/window/preferences_dialog.h"
#include "ui/window/user_guide.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sstream>

// The menus, the shortcut sheet, the status bar and the messages shown in it.

namespace ui {

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
    auto *presets = file->addMenu(tr("New from &preset"));
    presets->setObjectName("menu.file.presets");
    presets->setToolTipsVisible(true);
    bool findings = false;
    for (const BundledPreset &p : bundledPresets()) {
        if (findings && !p.finding)
            presets->addSeparator(); // the paper's findings first, then single experiments
        findings = p.finding.has_value();
        auto *action = presets->addAction(p.title, this, [this, p] { usePreset(p); });
        action->setToolTip(p.summary.isEmpty() ? p.title : p.summary);
        action->setStatusTip(p.summary);
        action->setObjectName("preset." + p.file);
    }
    file->addSeparator();
    auto *report = file->addAction(tr("Export &report…"), this, &MainWindow::exportReport);
    report->setObjectName("action.file.report");
    report->setStatusTip(tr("The workspace as one HTML file: the paper's findings with paired "
                            "intervals, charts, tables and every experiment's spec"));
    file->addSeparator();
    auto *preferences = file->addAction(tr("&Preferences…"), this, [this] {
        PreferencesDialog dialog(this);
        dialog.exec();
    });
    preferences->setObjectName("action.file.preferences");
    // Linux desktops define no standard Preferences key (the sequence is empty there): Ctrl+, as
    // on the others.
    preferences->setShortcut(QKeySequence(QKeySequence::Preferences).isEmpty()
                                 ? QKeySequence(Qt::CTRL | Qt::Key_Comma)
                                 : QKeySequence(QKeySequence::Preferences));
    preferences->setMenuRole(QAction::PreferencesRole);
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
        m_form->validateNow();
        QApplication::clipboard()->setText(m_form->commandLine(m_workspace));
        if (m_form->problems().isEmpty())
            showMessage(tr("Command line copied: it runs the same spec into this workspace"), 0);
        else
            showMessage(tr("Command line copied, but the spec has problems the command will "
                           "refuse until they are fixed: %1")
                            .arg(m_form->problems().join("; ")),
                        1);
    });
    auto *reset = experiment->addAction(tr("Reset the form to the default…"), this, [this] {
        if (m_resetAnswer == QMessageBox::NoButton
            && QMessageBox::question(this, tr("Reset the form"),
                                     tr("Replace every field of the form with the default sweep "
                                        "on Fashion-MNIST? The current values are lost (File ▸ "
                                        "Save preset keeps them)."))
                != QMessageBox::Yes)
            return;
        if (m_resetAnswer == QMessageBox::No)
            return;
        m_form->resetToDefault();
    });
    reset->setObjectName("action.experiment.reset");

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
    auto *guide = help->addAction(tr("&User guide"), this, [this] { showUserGuide(this); });
    guide->setObjectName("action.help.guide");
    guide->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About Prunescope"), this,
                    [this] { QMessageBox::about(this, tr("About Prunescope"), aboutText()); });
}

QString MainWindow::aboutText()
{
    return tr("<b>Prunescope</b> 0.1 — data pruning with knowledge distillation.<br>"
              "L = (1 − α)·CE + α·τ²·KL(softmax(z<sub>t</sub>/τ) ‖ softmax(z<sub>s</sub>/τ)) on "
              "the kept subset; the teacher is trained on the full data.<br><br>"
              "Built around: Ben-Baruch, Botach, Kviatkovsky, Aggarwal, Medioni, "
              "<i>Distilling the Knowledge in Data Pruning</i>, ICML 2025 (arXiv:2403.07854).<br>"
              "Label issues: Northcutt, Jiang, Chuang, <i>Confident Learning: "
              "Estimating Uncertainty in Dataset Labels</i>, JAIR 2021.<br><br>"
              "GPL-3.0-or-later.");
}

void MainWindow::showShortcuts()
{
    QStringList rows;
    for (const QString &line : shortcutLines()) {
        const QString keys = line.section('\t', 1), what = line.section('\t', 0, 0);
        rows << QString("<tr><td>%1</td><td><b>%2</b></td></tr>")
                    .arg(what.toHtmlEscaped(), keys.toHtmlEscaped());
    }
    QMessageBox box(this);
    box.setWindowTitle(tr("Keyboard shortcuts"));
    box.setText("<table cellspacing=6>" + rows.join("") + "</table>");
    box.exec();
}

QStringList MainWindow::shortcutLines() const
{
    // The menus' actions, then those of the panels (the Samples tab's keys work where it has
    // focus, and say so).
    QStringList lines;
    const auto add = [&lines](QAction *a, const QString &where) {
        for (const QKeySequence &keys : a->shortcuts())
            if (!keys.isEmpty() && !a->text().isEmpty())
                lines << QString(a->text()).remove('&') + where + '\t'
                        + keys.toString(QKeySequence::NativeText);
    };
    for (QMenu *menu : menuBar()->findChildren<QMenu *>())
        for (QAction *a : menu->actions())
            add(a, QString());
    for (QWidget *panel : std::initializer_list<QWidget *> { m_samples, m_samples->detailPane() })
        for (QAction *a : panel->findChildren<QAction *>())
            add(a, tr(" (Samples tab)"));
    lines.removeDuplicates();
    return lines;
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
    // A long message is cut at the window's edge (at 2× scale often): hovering shows all of it.
    connect(statusBar(), &QStatusBar::messageChanged, this, [this](const QString &shown) {
        if (shown.isEmpty())
            statusBar()->setToolTip({});
    });
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
    statusBar()->setToolTip(text);
    auto logger = spdlog::get("ui");
    if (logger) {
        const std::string line = text.toStdString();
        severity == 2 ? logger->error("{}", line)
                      : (severity == 1 ? logger->warn("{}", line) : logger->info("{}", line));
    }
}

void MainWindow::usePreset(const BundledPreset &preset)
{
    if (preset.specs.size() == 1) {
        const QStringList problems = m_form->loadSpec(preset.specs.front());
        showMessage(problems.isEmpty()
                        ? tr("Loaded the preset \"%1\" into the form: queue it with Ctrl+Enter")
                              .arg(preset.title)
                        : tr("Loaded the preset \"%1\" with problems: %2")
                              .arg(preset.title, problems.join("; ")),
                    problems.isEmpty() ? 0 : 1);
        return;
    }
    // A study compares several experiments (methods, teachers): they are queued together.
    const auto answer = QMessageBox::question(
        this, tr("Queue a study"),
        tr("<b>%1</b><p>%2</p><p>Queue its %3 experiments into this workspace?</p>")
            .arg(preset.title.toHtmlEscaped(), preset.summary.toHtmlEscaped())
            .arg(preset.specs.size()));
    if (answer != QMessageBox::Yes)
        return;
    for (const QString &spec : preset.specs)
        m_session->enqueue(spec);
    showMessage(
        tr("Queued the %1 experiments of \"%2\"").arg(preset.specs.size()).arg(preset.title), 0);
}

QString MainWindow::exportReportTo(const QString &path)
{
    if (!m_readStore)
        return tr("Open a workspace first: the report is written from its runs");
    std::string html;
    try {
        html = storage::htmlReport(*m_readStore,
                                   { QFileInfo(m_workspace).fileName().toStdString(), {} });
    } catch (const std::exception &e) {
        return QString::fromStdString(e.what());
    }
    return writeOutputFile(path, [&](const QString &temporary) {
        QFile file(temporary);
        return file.open(QIODevice::WriteOnly)
            && file.write(html.data(), qint64(html.size())) == qint64(html.size());
    });
}

void MainWindow::exportReport()
{
    if (!m_readStore) {
        showMessage(tr("Open a workspace first: the report is written from its runs"), 1);
        return;
    }
    const QFileInfo workspace(m_workspace);
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export report"),
        workspace.dir().filePath(workspace.completeBaseName() + "-report.html"),
        tr("HTML report (*.html)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += ".html";
    const QString error = exportReportTo(path);
    showMessage(error.isEmpty() ? tr("Wrote the report to %1").arg(path) : error,
                error.isEmpty() ? 0 : 2);
}

} // namespace ui

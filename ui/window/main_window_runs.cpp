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

#include "engine/core/log.h"
#include "engine/experiment/runner.h"
#include "engine/train/device.h"
#include "storage/store.h"
#include "ui/common/plot_export.h"
#include "ui/form/cluster_target_box.h"
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
#include "ui/window/main_window.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sstream>

// The worker's events, runs written by other processes, and what follows from them.

namespace ui {

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
        // The workspace file exists now: its sweeps can be followed and their shards merged.
        m_cluster->setWorkspace(m_session->storePath());
        if (interrupted > 0)
            showMessage(
                tr("%n run(s) were interrupted when the program last closed; they are queued again",
                   "", interrupted),
                1);
        updateQueueIndicator();
    });
    connect(w, &RunWorker::merged, this, [this](const QString &text, bool clean, int added) {
        // Every merge goes to the log; the status bar hears of new results and of problems.
        engine::namedLogger("ui")->info("merged cluster shards: {}", text.toStdString());
        if (!clean)
            showMessage(tr("Merging cluster shards found problems: %1").arg(text), 1);
        else if (added > 0)
            showMessage(tr("%n run(s) from the cluster merged into the workspace", "", added), 0);
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

void MainWindow::connectCluster()
{
    connect(m_form, &ExperimentForm::clusterSubmitRequested, this, [this](const QString &spec) {
        const ClusterTargetBox *target = m_form->clusterTarget();
        m_cluster->submit(spec, target->resources(), target->runsPerTask());
        m_form->markQueued();
        showMessage(tr("Preparing the Slurm submission (reading the dataset, writing the "
                       "scripts)…"),
                    0);
    });
    connect(m_cluster, &ClusterMonitor::submitted, this, [this](const QString &summary) {
        showMessage(summary, 0);
        m_queueDock->show();
        m_queueTabs->setCurrentWidget(m_clusterQueue);
    });
    connect(m_cluster, &ClusterMonitor::failed, this,
            [this](const QString &message) { showMessage(message, 2); });
    connect(m_cluster, &ClusterMonitor::mergeRequested, m_session, &RunSession::merge);
    connect(m_clusterQueue, &ClusterQueuePanel::message, this, &MainWindow::showMessage);
    connect(m_clusterQueue, &ClusterQueuePanel::titleChanged, this, [this](const QString &title) {
        m_queueTabs->setTabText(m_queueTabs->indexOf(m_clusterQueue), title);
    });
    // A workspace opened while its cluster tasks run shows them, unless runs wait here too.
    connect(m_cluster, &ClusterMonitor::statusChanged, this, [this] {
        if (m_cluster->sweeps().empty()) {
            m_clusterShown = false;
            return;
        }
        if (m_clusterShown)
            return;
        m_clusterShown = true;
        bool active = false;
        for (const auto &sweep : m_cluster->sweeps())
            for (const auto &task : sweep.tasks)
                active = active || task.queued;
        if (active && m_model->countWithStatus(storage::RunStatus::Queued) == 0
            && m_model->countWithStatus(storage::RunStatus::Running) == 0)
            m_queueTabs->setCurrentWidget(m_clusterQueue);
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

} // namespace ui

// The window's side of a Slurm cluster, against a real one: a private single-node cluster on
// loopback (tests/slurm/private_cluster.sh), as tst_slurm starts it. A spec submitted from the
// form appears in the queue's "Slurm cluster" page with job ids and states; the shards of ended
// tasks are merged into the workspace and the runs reach the run table and the charts; a task
// cancelled from the page is cancelled in Slurm, and Retry submits only its missing runs.
// Skipped with the reason where Slurm cannot start; CI sets PRUNESCOPE_REQUIRE_SLURM=1.

#include <QAction>
#include <QItemSelectionModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "storage/run_row.h"
#include "tests/support/fixtures.h"
#include "tests/support/program_run.h"
#include "ui/form/cluster_target_box.h"
#include "ui/form/experiment_form.h"
#include "ui/results/accuracy_chart.h"
#include "ui/results/results_panel.h"
#include "ui/runs/cluster_monitor.h"
#include "ui/runs/cluster_queue_panel.h"
#include "ui/runs/cluster_run_model.h"
#include "ui/runs/run_table_model.h"
#include "ui/window/main_window.h"

#include <filesystem>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

nlohmann::json tinySpec(const std::string &name, const std::string &dataset, int steps)
{
    // 4 runs of random pruning without a teacher: the preparation job has nothing to train.
    return {
        { "name", name },
        { "dataset", { { "path", dataset } } },
        { "student",
          { { "model", "smallcnnx0.25" },
            { "train", { { "steps", steps }, { "batch_size", 32 }, { "eval_points", 2 } } } } },
        { "pruning", { { "fractions", { 0.3, 0.6 } } } },
        { "distillation", { { "alphas", { 0 } } } },
        { "seeds", { 0, 1 } },
        { "device", "cpu" }
    };
}

QString column(const ui::ClusterRunModel *model, int row, int column)
{
    return model->index(row, column).data().toString();
}

int squeueCount()
{
    const auto r
        = fixtures::runProgram("squeue", { "-h" }, QProcessEnvironment::systemEnvironment(), 20000);
    return r.exitCode == 0 ? int(r.out.trimmed().isEmpty() ? 0 : r.out.trimmed().count('\n') + 1)
                           : -1;
}

} // namespace

class TestClusterWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_cluster, m_dataset;
    bool m_started = false;

    void submitFromTheForm(ui::MainWindow &window, const nlohmann::json &spec)
    {
        QVERIFY(window.form()->loadSpec(QString::fromStdString(spec.dump())).isEmpty());
        window.form()->clusterTarget()->setCluster(true);
        window.form()->clusterTarget()->setFields("debug", 0, "10:00", 1);
        QVERIFY(window.form()->clusterTarget()->onCluster());
        QTRY_VERIFY_WITH_TIMEOUT(window.form()->queueAction()->isEnabled(), 20000);
        QCOMPARE(window.form()->queueAction()->text(), QString("Submit to Slurm"));
        window.form()->queueAction()->trigger();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_tmp.isValid());
        m_cluster = m_tmp.filePath("cluster");
        const auto started = fixtures::startPrivateCluster(PRUNESCOPE_CLUSTER_SCRIPT, m_cluster);
        if (started.skip)
            QSKIP(qPrintable(started.message));
        QVERIFY2(started.started, qPrintable(started.message));
        m_started = true;
        // The window and everything it starts (sbatch, squeue, scancel) talk to this cluster.
        qputenv("SLURM_CONF", QFile::encodeName(m_cluster + "/slurm.conf"));
        m_dataset = m_tmp.filePath("digits");
        fixtures::writeIdxDataset(m_dataset.toStdString(), 400, 100, true);
    }

    void cleanupTestCase()
    {
        if (m_started)
            fixtures::runProgram(PRUNESCOPE_CLUSTER_SCRIPT, { "stop", m_cluster },
                                 QProcessEnvironment::systemEnvironment(), 60000);
    }

    void submittedSweepIsFollowedMergedAndCharted()
    {
        ui::MainWindow window(nullptr);
        window.setCloseAnswer(ui::MainWindow::CloseAnswer::Stop);
        window.clusterMonitor()->setCliPath(PRUNESCOPE_CLI);
        window.openWorkspace(m_tmp.filePath("ws.db"));
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.clusterMonitor()->workspace(), window.workspace(), 10000);
        QVERIFY(window.clusterMonitor()->sweeps().empty());
        submitFromTheForm(window, tinySpec("window sweep", m_dataset.toStdString(), 40));

        // The queue's cluster page lists the four runs, each with its array task's job id.
        const ui::ClusterRunModel *model = window.clusterQueue()->model();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 4, 60000);
        QCOMPARE(window.queueTabs()->currentWidget(), window.clusterQueue());
        const auto &sweep = window.clusterMonitor()->sweeps().front().sweep;
        QVERIFY(!sweep.arrayJob.empty());
        QCOMPARE(sweep.resources.partition, std::string("debug"));
        QCOMPARE(sweep.resources.time, std::string("10:00"));
        QStringList jobs;
        for (int r = 0; r < 4; ++r)
            jobs << column(model, r, ui::ClusterRunModel::Job);
        jobs.sort();
        const QString array = QString::fromStdString(sweep.arrayJob);
        QCOMPARE(jobs, (QStringList { array + "_0", array + "_1", array + "_2", array + "_3" }));
        QVERIFY(fs::exists(sweep.folder / "tasks.sbatch"));

        // Each ended task's shard is merged: the runs reach the run table and the charts.
        QTRY_COMPARE_WITH_TIMEOUT(window.runModel()->countWithStatus(storage::RunStatus::Done), 4,
                                  240000);
        QTRY_COMPARE_WITH_TIMEOUT(model->countWithState("done"), 4, 20000);
        for (int r = 0; r < 4; ++r)
            QCOMPARE(column(model, r, ui::ClusterRunModel::SlurmState), QString("COMPLETED"));
        QTRY_VERIFY_WITH_TIMEOUT(!window.results()->accuracyChart()->isEmpty(), 5000);
        for (const auto &run : window.runModel()->rows())
            QVERIFY2(run.testAccuracy && *run.testAccuracy > 0.1, run.name.c_str());

        // Submitting the same spec again finds nothing to submit: no new sweep.
        submitFromTheForm(window, tinySpec("window sweep", m_dataset.toStdString(), 40));
        QTest::qWait(3000);
        QTRY_VERIFY_WITH_TIMEOUT(!window.clusterMonitor()->busy(), 60000);
        window.clusterMonitor()->pollNow();
        QTest::qWait(1000);
        QCOMPARE(window.clusterMonitor()->sweeps().size(), size_t(1));
    }

    void cancelledTaskIsRetriedForItsMissingRunsOnly()
    {
        ui::MainWindow window(nullptr);
        window.setCloseAnswer(ui::MainWindow::CloseAnswer::Stop);
        window.clusterMonitor()->setCliPath(PRUNESCOPE_CLI);
        window.openWorkspace(m_tmp.filePath("cancel.db"));
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.clusterMonitor()->workspace(), window.workspace(), 10000);
        // Long enough to be cancelled while it trains.
        submitFromTheForm(window, tinySpec("cancel sweep", m_dataset.toStdString(), 4000));
        ui::ClusterQueuePanel *page = window.clusterQueue();
        QTRY_COMPARE_WITH_TIMEOUT(page->model()->rowCount(), 4, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(page->model()->countWithState("running") >= 1, 120000);
        int row = -1;
        for (int r = 0; r < 4 && row < 0; ++r)
            if (column(page->model(), r, ui::ClusterRunModel::RunState) == "running")
                row = r;
        QVERIFY(row >= 0);
        const QString job = column(page->model(), row, ui::ClusterRunModel::Job);
        page->setConfirmCancel(false);
        page->view()->selectionModel()->select(page->model()->index(row, 0),
                                               QItemSelectionModel::ClearAndSelect
                                                   | QItemSelectionModel::Rows);
        QVERIFY(page->cancelTaskAction()->isEnabled());
        page->cancelTaskAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(fixtures::runProgram("squeue", { "-h", "-j", job },
                                                      QProcessEnvironment::systemEnvironment(),
                                                      20000)
                                     .out.trimmed()
                                     .isEmpty(),
                                 60000);
        // The other tasks finish; the cancelled one is left with its run missing.
        QTRY_COMPARE_WITH_TIMEOUT(squeueCount(), 0, 400000);
        QTRY_COMPARE_WITH_TIMEOUT(window.runModel()->countWithStatus(storage::RunStatus::Done), 3,
                                  30000);
        QVERIFY(!window.clusterMonitor()->sweeps().front().advice.empty());

        // Retry submits the one missing run, as a second sweep, and it is merged too.
        page->view()->selectionModel()->select(page->model()->index(row, 0),
                                               QItemSelectionModel::ClearAndSelect
                                                   | QItemSelectionModel::Rows);
        page->retryAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window.clusterMonitor()->sweeps().size(), size_t(2), 60000);
        QCOMPARE(window.clusterMonitor()->sweeps().back().sweep.runs, 1);
        QCOMPARE(page->model()->rowCount(), 5);
        QTRY_COMPARE_WITH_TIMEOUT(window.runModel()->countWithStatus(storage::RunStatus::Done), 4,
                                  400000);
    }
};

QTEST_MAIN(TestClusterWindow)
#include "tst_cluster_window.moc"

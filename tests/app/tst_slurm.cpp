// `prunescope-cli slurm` against a real Slurm: a private single-node cluster on loopback
// (tests/slurm/private_cluster.sh: munged, slurmctld, slurmd as root). Where Slurm cannot start
// the test says why and CTest reports it skipped; CI sets PRUNESCOPE_REQUIRE_SLURM=1, which turns
// that into a failure.

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/support/fixtures.h"
#include "tests/support/program_run.h"

#include <SQLiteCpp/Database.h>
#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using Result = fixtures::ProgramResult;

/// The environment of every program the test runs: the private cluster's SLURM_CONF once started.
QProcessEnvironment g_env = QProcessEnvironment::systemEnvironment();

Result runProgram(const QString &program, const QStringList &args, int timeoutMs = 120000)
{
    return fixtures::runProgram(program, args, g_env, timeoutMs);
}

Result cli(const QStringList &args, int timeoutMs = 300000)
{
    return runProgram(PRUNESCOPE_CLI, args, timeoutMs);
}

QString str(const fs::path &p)
{
    return QString::fromStdString(p.string());
}

/// Waits until Slurm holds no job; false after timeoutS.
bool waitForEmptyQueue(int timeoutS)
{
    for (int i = 0; i < timeoutS; ++i) {
        const Result r = runProgram("squeue", { "-h" });
        if (r.exitCode == 0 && r.out.trimmed().isEmpty())
            return true;
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    return false;
}

int64_t scalar(const fs::path &store, const std::string &sql)
{
    try {
        SQLite::Database db(store.string(), SQLite::OPEN_READONLY, 5000);
        return db.execAndGet(sql).getInt64();
    } catch (const SQLite::Exception &) {
        return -1; // not written yet
    }
}

std::string integrity(const fs::path &store)
{
    SQLite::Database db(store.string(), SQLite::OPEN_READONLY, 5000);
    return db.execAndGet("PRAGMA integrity_check").getString();
}

/// SHA-256 of every table's rows in a fixed order: equal digests, equal workspaces.
QByteArray orderedDump(const fs::path &store)
{
    SQLite::Database db(store.string(), SQLite::OPEN_READONLY, 5000);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    SQLite::Statement tables(db,
                             "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY "
                             "name");
    while (tables.executeStep()) {
        const std::string table = tables.getColumn(0).getString();
        hash.addData(QByteArray::fromStdString(table));
        SQLite::Statement rows(db, "SELECT * FROM \"" + table + "\" ORDER BY 1, 2");
        while (rows.executeStep())
            for (int c = 0; c < rows.getColumnCount(); ++c) {
                const auto column = rows.getColumn(c);
                hash.addData(
                    QByteArray(static_cast<const char *>(column.getBlob()), column.getBytes()));
                hash.addData(QByteArray(1, '|'));
            }
    }
    return hash.result().toHex();
}

/// test accuracy and loss of every finished run, by run key.
std::map<std::string, std::pair<double, double>> results(const fs::path &store)
{
    std::map<std::string, std::pair<double, double>> found;
    SQLite::Database db(store.string(), SQLite::OPEN_READONLY, 5000);
    SQLite::Statement q(db,
                        "SELECT run_key, test_accuracy, test_loss FROM runs WHERE status = "
                        "'done'");
    while (q.executeStep())
        found[q.getColumn(0).getString()]
            = { q.getColumn(1).getDouble(), q.getColumn(2).getDouble() };
    return found;
}

std::string readAll(const fs::path &file)
{
    std::ifstream in(file);
    return { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
}

int countInFile(const fs::path &file, const std::string &needle)
{
    int count = 0;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line))
        count += line.find(needle) != std::string::npos;
    return count;
}

/// Lines of every log of a workspace's sweeps that contain needle.
int countInLogs(const fs::path &sweeps, const std::string &needle)
{
    int count = 0;
    for (const auto &entry : fs::recursive_directory_iterator(sweeps))
        if (entry.path().extension() == ".log")
            count += countInFile(entry.path(), needle);
    return count;
}

json sweepSpec(const fs::path &dataset, int steps)
{
    // 8 runs: el2n scores (one proxy) and a teacher shared by every task; augmentation on, so the
    // KD runs read the teacher's memo of augmented views.
    return { { "name", "slurm sweep" },
             { "dataset", { { "path", dataset.string() } } },
             { "student",
               { { "model", "smallcnnx0.25" },
                 { "train",
                   { { "steps", steps },
                     { "batch_size", 32 },
                     { "lr", 0.05 },
                     { "crop_padding", 2 },
                     { "flip", true },
                     { "eval_points", 2 } } } } },
             { "teacher",
               { { "model", "smallcnnx0.25" },
                 { "train", { { "epochs", 2 }, { "batch_size", 32 }, { "lr", 0.05 } } } } },
             { "pruning",
               { { "method", "el2n" },
                 { "settings", { { "proxies", 1 }, { "checkpoint", 0 } } },
                 { "proxy",
                   { { "model", "smallcnnx0.25" },
                     { "train", { { "steps", 20 }, { "batch_size", 32 } } } } },
                 { "fractions", { 0.3, 0.6 } } } },
             { "distillation", { { "alphas", { 0, 0.5 } }, { "tau", 4 } } },
             { "seeds", { 0, 1 } },
             { "device", "cpu" } };
}

} // namespace

class TestSlurm : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path m_dir, m_cluster, m_dataset;
    bool m_started = false;

    QString writeSpec(const std::string &name, const json &spec)
    {
        std::ofstream(m_dir / name) << spec.dump(2);
        return str(m_dir / name);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_dir = fs::path(m_tmp.path().toStdString());
        m_cluster = m_dir / "cluster";
        const auto started
            = fixtures::startPrivateCluster(PRUNESCOPE_CLUSTER_SCRIPT, str(m_cluster));
        if (started.skip)
            QSKIP(qPrintable(started.message));
        QVERIFY2(started.started, qPrintable(started.message));
        m_started = true;
        g_env.insert("SLURM_CONF", str(m_cluster / "slurm.conf"));
        m_dataset = m_dir / "digits";
        fixtures::writeIdxDataset(m_dataset, 400, 100, true);
    }

    void cleanupTestCase()
    {
        if (m_started)
            runProgram(PRUNESCOPE_CLUSTER_SCRIPT, { "stop", str(m_cluster) });
    }

    void sweepEqualsALocalRunRunByRun()
    {
        const QString spec = writeSpec("sweep.json", sweepSpec(m_dataset, 40));
        const fs::path ws = m_dir / "ws.db";
        Result r = cli({ "slurm", "submit", spec, "--store", str(ws), "--runs-per-task", "2",
                         "--max-parallel", "2", "--cpus-per-task", "1" });
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("8 runs of 'slurm sweep' in 4 tasks"), qPrintable(r.out));
        QVERIFY2(r.out.contains("submitted: preparation job"), qPrintable(r.out));
        QVERIFY(waitForEmptyQueue(300));
        r = cli({ "slurm", "status", str(ws) });
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QCOMPARE(r.out.count("COMPLETED"), 4);

        // The same spec run here, one thread per run as in the tasks.
        const fs::path local = m_dir / "local.db";
        r = cli({ "run", spec, "--store", str(local), "--threads", "1" });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto cluster = results(ws), here = results(local);
        QCOMPARE(here.size(), size_t(8));
        QCOMPARE(cluster.size(), size_t(8));
        std::set<double> accuracies;
        for (const auto &[key, figures] : here) {
            QVERIFY2(cluster.count(key), key.c_str());
            QVERIFY2(std::fabs(cluster.at(key).first - figures.first) <= 1e-6,
                     qPrintable(QString("%1: %2 vs %3")
                                    .arg(key.c_str())
                                    .arg(cluster.at(key).first)
                                    .arg(figures.first)));
            QVERIFY(std::fabs(cluster.at(key).second - figures.second) <= 1e-6);
            accuracies.insert(figures.first);
        }
        QVERIFY2(accuracies.size() > 2, "the runs differ from each other (a meaningful check)");
        // Trained once, in the preparation job; every task that needed it loaded it.
        const fs::path sweeps = m_dir / "ws-slurm";
        QCOMPARE(countInLogs(sweeps, "(trained in"), 1);
        QCOMPARE(countInFile(sweeps / "sweep-001" / "logs" / "prepare.log", "(trained in"), 1);
        QVERIFY(countInLogs(sweeps, "(cached in the store)") >= 1);
        QCOMPARE(countInLogs(sweeps, "Computing el2n scores"), 2); // one score per seed
        QCOMPARE(scalar(ws, "SELECT count(*) FROM teachers"), int64_t(1));
        QCOMPARE(integrity(ws), std::string("ok"));

        // Merging again changes nothing; a resubmission finds nothing to do.
        const QByteArray before = orderedDump(ws);
        r = cli({ "merge", str(ws), str(sweeps / "sweep-001" / "prepare.db"),
                  str(sweeps / "sweep-001" / "shards" / "task-000.db"),
                  str(sweeps / "sweep-001" / "shards" / "task-003.db") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains("0 runs added, 2 held already"));
        QCOMPARE(orderedDump(ws), before);
        r = cli({ "slurm", "status", str(ws) });
        QCOMPARE(orderedDump(ws), before);
        r = cli({ "slurm", "submit", spec, "--store", str(ws) });
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("Nothing to submit: all 8 runs"), qPrintable(r.out));
    }

    void faultsLoseNoFinishedRun()
    {
        // Longer runs, so each task can be caught in the middle of one.
        const QString spec = writeSpec("faults.json", sweepSpec(m_dataset, 1200));
        const fs::path ws = m_dir / "faults.db";
        Result r = cli({ "slurm", "submit", spec, "--store", str(ws), "--runs-per-task", "2",
                         "--cpus-per-task", "1" });
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const QString array = QRegularExpression("job array (\\d+)").match(r.out).captured(1);
        QVERIFY(!array.isEmpty());
        const fs::path sweep = m_dir / "faults-slurm" / "sweep-001";
        const auto shard = [&](int t) {
            return sweep / "shards" / ("task-00" + std::to_string(t) + ".db");
        };
        const auto waitFor = [&](int t, const std::string &sql, int64_t atLeast) {
            for (int i = 0; i < 600; ++i) {
                if (scalar(shard(t), sql) >= atLeast)
                    return true;
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
            }
            return false;
        };
        const std::string running = "SELECT count(*) FROM runs WHERE status = 'running'";
        const std::string done = "SELECT count(*) FROM runs WHERE status = 'done'";

        // Task 0: cancelled by the user in the middle of its first run.
        QVERIFY(waitFor(0, running, 1));
        QCOMPARE(runProgram("scancel", { array + "_0" }).exitCode, 0);
        // Task 1: SIGKILL while it writes its shard (its second run's curve), after one run
        // finished.
        QVERIFY(waitFor(1, done, 1));
        QVERIFY(waitFor(1, running, 1));
        const Result pids = runProgram("pgrep", { "-f", str(shard(1)) });
        QVERIFY2(!pids.out.trimmed().isEmpty(), "the task's process");
        for (const auto &pid : pids.out.split('\n', Qt::SkipEmptyParts))
            ::kill(pid.toInt(), SIGKILL);
        // Task 2: Slurm's time-limit warning (the signal --signal=B:USR1 sends): it stops its
        // run and requeues itself, then finishes.
        QVERIFY(waitFor(2, running, 1));
        QCOMPARE(runProgram("scancel", { "--batch", "--signal=USR1", array + "_2" }).exitCode, 0);
        QVERIFY(waitForEmptyQueue(600));

        r = cli({ "slurm", "status", str(ws) });
        QVERIFY2(r.out.contains("submits only the missing runs again"), qPrintable(r.out));
        for (int t = 0; t < 4; ++t)
            if (fs::exists(shard(t)))
                QCOMPARE(integrity(shard(t)), std::string("ok"));
        QCOMPARE(integrity(ws), std::string("ok"));
        // Nothing that finished in a shard is missing from the workspace.
        const auto merged = results(ws);
        int64_t finished = 0;
        for (int t = 0; t < 4; ++t)
            if (fs::exists(shard(t)))
                for (const auto &[key, figures] : results(shard(t))) {
                    ++finished;
                    QVERIFY(merged.count(key));
                }
        QCOMPARE(int64_t(merged.size()), finished);
        QVERIFY2(finished >= 5 && finished <= 7, qPrintable(QString::number(finished)));
        QCOMPARE(scalar(shard(2), done), int64_t(2)); // the requeued task finished its share
        const std::string log2 = readAll(sweep / "logs" / "task-002.log");
        QVERIFY2(log2.find("time limit near") != std::string::npos, log2.c_str());
        QVERIFY2(log2.find("restart 1") != std::string::npos, log2.c_str());

        // Resubmitted: only the missing runs, then everything is there.
        r = cli({ "slurm", "submit", spec, "--store", str(ws), "--runs-per-task", "2" });
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QString("%1 runs of 'slurm sweep'").arg(8 - finished)),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QString("%1 already in the workspace").arg(finished)),
                 qPrintable(r.out));
        QVERIFY(waitForEmptyQueue(600));
        r = cli({ "slurm", "status", str(ws) });
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QCOMPARE(results(ws).size(), size_t(8));
        QCOMPARE(countInLogs(m_dir / "faults-slurm", "(trained in"), 1);
        const QByteArray once = orderedDump(ws);
        cli({ "slurm", "status", str(ws) });
        QCOMPARE(orderedDump(ws), once);
        QCOMPARE(integrity(ws), std::string("ok"));
    }
};

QTEST_GUILESS_MAIN(TestSlurm)
#include "tst_slurm.moc"

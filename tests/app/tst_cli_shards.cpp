// The cluster side of the command line without a cluster: `run --shard/--run-list/
// --prepare-only/--artifacts-from`, `merge`, the scripts `slurm submit --dry-run` writes, and
// the errors of each. (tst_slurm runs them through a real Slurm.)

#include <QTemporaryDir>
#include <QtTest>

#include "tests/support/fixtures.h"
#include "tests/support/program_run.h"

#include <SQLiteCpp/Database.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using Result = fixtures::ProgramResult;

/// The command line, with PATH replaced when path is given (no Slurm on it).
Result runCli(const QStringList &args, const QString &path = {})
{
    auto env = QProcessEnvironment::systemEnvironment();
    if (!path.isEmpty())
        env.insert("PATH", path);
    return fixtures::runProgram(PRUNESCOPE_CLI, args, env);
}

QString str(const fs::path &p)
{
    return QString::fromStdString(p.string());
}

std::map<std::string, double> accuracies(const fs::path &store)
{
    SQLite::Database db(store.string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT run_key, test_accuracy FROM runs WHERE status = 'done'");
    std::map<std::string, double> found;
    while (q.executeStep())
        found[q.getColumn(0).getString()] = q.getColumn(1).getDouble();
    return found;
}

std::string readAll(const fs::path &file)
{
    std::ifstream in(file);
    return { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
}

} // namespace

class TestCliShards : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path m_dir;
    QString m_spec;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_dir = fs::path(m_tmp.path().toStdString());
        fixtures::writeIdxDataset(m_dir / "digits", 300, 80, false);
        const json spec { { "name", "shards" },
                          { "dataset", { { "path", (m_dir / "digits").string() } } },
                          { "student",
                            { { "model", "smallcnnx0.25" },
                              { "train",
                                { { "steps", 20 },
                                  { "batch_size", 32 },
                                  { "crop_padding", 2 },
                                  { "flip", true } } } } },
                          { "teacher",
                            { { "model", "smallcnnx0.25" },
                              { "train", { { "epochs", 1 }, { "batch_size", 32 } } } } },
                          { "pruning", { { "method", "random" }, { "fractions", { 0.3, 0.6 } } } },
                          { "distillation", { { "alphas", { 0, 0.7 } }, { "tau", 4 } } },
                          { "seeds", { 0 } },
                          { "device", "cpu" } };
        std::ofstream(m_dir / "spec.json") << spec.dump(2);
        m_spec = str(m_dir / "spec.json");
    }

    void shardsMergedEqualOneRun()
    {
        // The preparation trains the teacher; each share takes it from there, and the merged
        // shares equal one local run of the whole spec (one thread each).
        const fs::path prepare = m_dir / "prepare.db";
        Result r = runCli(
            { "run", m_spec, "--store", str(prepare), "--prepare-only", "--threads", "1" });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("trained in") && r.err.contains("prepared:"), qPrintable(r.err));
        QVERIFY(accuracies(prepare).empty());
        std::vector<fs::path> shards;
        for (int i = 0; i < 3; ++i) {
            shards.push_back(m_dir / ("shard-" + std::to_string(i) + ".db"));
            r = runCli({ "run", m_spec, "--store", str(shards.back()), "--shard",
                         QString("%1/3").arg(i), "--artifacts-from", str(prepare), "--threads",
                         "1" });
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            QVERIFY2(!r.err.contains("trained in"), qPrintable(r.err));
        }
        QCOMPARE(accuracies(shards[0]).size(), size_t(2)); // positions 0 and 3 of 4
        QCOMPARE(accuracies(shards[1]).size(), size_t(1)); // position 1
        QCOMPARE(accuracies(shards[2]).size(), size_t(1)); // position 2
        const fs::path ws = m_dir / "merged.db";
        QStringList args { "merge", str(ws), str(prepare) };
        for (const auto &s : shards)
            args << str(s);
        r = runCli(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const fs::path local = m_dir / "local.db";
        r = runCli({ "run", m_spec, "--store", str(local), "--threads", "1" });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto merged = accuracies(ws), whole = accuracies(local);
        QCOMPARE(whole.size(), size_t(4));
        QCOMPARE(merged.size(), whole.size());
        for (const auto &[key, accuracy] : whole)
            QVERIFY2(std::fabs(merged.at(key) - accuracy) <= 1e-6, key.c_str());
    }

    void taskOptionsNameWhatIsWrong()
    {
        const fs::path store = m_dir / "bad.db";
        Result r = runCli({ "run", m_spec, "--store", str(store), "--shard", "3/3" });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--shard '3/3': expected I/N with 0 ≤ I < N"), qPrintable(r.err));
        r = runCli({ "run", m_spec, "--store", str(store), "--shard", "one/two" });
        QCOMPARE(r.exitCode, 2);
        const fs::path list = m_dir / "bad-list.txt";
        std::ofstream(list) << "# a list\nnot-a-key  run\n";
        r = runCli({ "run", m_spec, "--store", str(store), "--run-list", str(list) });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("bad-list.txt' line 2: expected a run key (64 lower-case hex "
                                "digits), found 'not-a-key'"),
                 qPrintable(r.err));
        std::ofstream(list) << std::string(64, 'a') << "  a run of another spec\n";
        r = runCli({ "run", m_spec, "--store", str(store), "--run-list", str(list) });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("line 1: run aaaaaaaaaaaa… is not a run of experiment 'shards'"),
                 qPrintable(r.err));
        r = runCli({ "run", m_spec, "--store", str(store), "--artifacts-from",
                     str(m_dir / "nowhere.db") });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("nowhere.db' does not exist"), qPrintable(r.err));
        QVERIFY(!fs::exists(store) || accuracies(store).empty());
    }

    void submitWithoutSlurmWritesReadableScripts()
    {
        const fs::path ws = m_dir / "plan.db";
        // No sbatch on this PATH: said at once, nothing written.
        Result r = runCli({ "slurm", "submit", m_spec, "--store", str(ws) }, "/nonexistent");
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("sbatch is not on the PATH"), qPrintable(r.err));
        QVERIFY(!fs::exists(m_dir / "plan-slurm"));

        r = runCli({ "slurm", "submit", m_spec, "--store", str(ws), "--dry-run", "--runs-per-task",
                     "1", "--max-parallel", "2", "--partition", "gpu", "--gres", "gpu:1", "--time",
                     "2:00:00", "--mem", "8G" },
                   "/nonexistent");
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("4 runs of 'shards' in 4 tasks"), qPrintable(r.out));
        QVERIFY(r.out.contains("sbatch --parsable --dependency=afterok:"));
        const fs::path sweep = m_dir / "plan-slurm" / "sweep-001";
        const std::string tasks = readAll(sweep / "tasks.sbatch");
        for (const char *line :
             { "#SBATCH --array=0-3%2\n", "#SBATCH --partition=gpu\n", "#SBATCH --gres=gpu:1\n",
               "#SBATCH --time=2:00:00\n", "#SBATCH --mem=8G\n", "#SBATCH --requeue\n",
               "#SBATCH --signal=B:USR1@120\n", "set -euo pipefail\n", "--dry-run --runs-per-task",
               "scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"" })
            QVERIFY2(tasks.find(line) != std::string::npos, line);
        QVERIFY(tasks.find("#SBATCH --output=" + (sweep / "logs").string() + "/task-%3a.log")
                != std::string::npos);
        QVERIFY(tasks.find((sweep / "spec.json").string()) != std::string::npos);
        for (const char *script : { "prepare.sbatch", "tasks.sbatch" }) {
            const Result syntax = fixtures::runProgram("bash", { "-n", str(sweep / script) });
            QVERIFY2(syntax.exitCode == 0, qPrintable(syntax.err));
        }
        // Each task's list names one run of the spec, all four different.
        std::set<std::string> keys;
        for (int t = 0; t < 4; ++t) {
            const std::string list
                = readAll(sweep / "tasks" / ("task-00" + std::to_string(t) + ".txt"));
            keys.insert(list.substr(list.find('\n') + 1, 64));
        }
        QCOMPARE(keys.size(), size_t(4));
        r = runCli({ "slurm", "status", str(ws) }, "/nonexistent");
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("not submitted (written with --dry-run)"), qPrintable(r.out));
        r = runCli({ "slurm", "status", str(m_dir / "no-such.db") });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no-such.db' does not exist"), qPrintable(r.err));
    }

    void hostilePlansAreRefusedByName()
    {
        // A plan that claims a billion tasks, or is cut short, is named and refused; nothing is
        // allocated for the tasks it claims and the workspace is untouched.
        const fs::path ws = m_dir / "hostile.db";
        const fs::path sweep = m_dir / "hostile-slurm" / "sweep-001";
        fs::create_directories(sweep);
        std::ofstream(ws) << ""; // status reads the plans before it opens the workspace
        std::ofstream(sweep / "plan.json")
            << R"({"workspace": "x", "experiment": "e", "created_at": "t", "tasks": 1000000000,
                   "runs": 1})";
        Result r = runCli({ "slurm", "status", str(ws) }, "/nonexistent");
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("sweep plan '"
                                + QString::fromStdString((sweep / "plan.json").string())
                                + "' cannot be read: tasks 1000000000 out of 1…100000"),
                 qPrintable(r.err));
        std::ofstream(sweep / "plan.json") << R"({"workspace": "x", "tasks": )";
        r = runCli({ "slurm", "status", str(ws) }, "/nonexistent");
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("plan.json' cannot be read"), qPrintable(r.err));
        QCOMPARE(fs::file_size(ws), uintmax_t(0));
    }
};

QTEST_GUILESS_MAIN(TestCliShards)
#include "tst_cli_shards.moc"

// Merging shard stores into a workspace, on real SQLite files: what is added, kept, completed,
// reported as a conflict and refused.

#include <QTemporaryDir>
#include <QtTest>

#include "engine/train/progress.h"
#include "storage/shard_merge.h"
#include "storage/store.h"
#include "storage/store_error.h"

#include <SQLiteCpp/Database.h>
#include <fstream>

namespace fs = std::filesystem;

namespace {

storage::NewRun newRun(const std::string &key, const std::string &fingerprint = "fp-a")
{
    storage::NewRun r;
    r.key = key;
    r.groupKey = r.curveKey = r.baseKey = "g";
    r.name = "run " + key;
    r.configJson = R"({"dataset":{"fingerprint":")" + fingerprint + R"("}})";
    r.dataset = "digits";
    r.studentModel = "smallcnn";
    r.method = "random";
    r.fraction = 0.5;
    r.keptCount = 3;
    return r;
}

/// A store holding one experiment ("spec") with these runs; those with an accuracy are done
/// (with a curve of two points and a kept subset), the others queued.
void makeStore(const fs::path &file, const std::vector<std::pair<std::string, double>> &runs,
               const std::string &fingerprint = "fp-a")
{
    storage::Store store(file);
    const int64_t experiment = store.addExperiment("spec", "sweep", "{}");
    int position = 0;
    for (const auto &[key, accuracy] : runs) {
        const auto row = store.registerRun(experiment, position++, newRun(key, fingerprint));
        if (accuracy < 0)
            continue;
        QVERIFY(store.claimRun(row.id, { storage::RunStatus::Queued }, storage::Owner::current()));
        engine::EvalMetrics m;
        m.step = 5;
        m.epoch = 0.5;
        m.testAccuracy = accuracy / 2;
        store.addMetrics(row.id, m);
        m.step = 10;
        m.epoch = 1;
        m.testAccuracy = accuracy;
        m.testLoss = 1 - accuracy;
        store.addMetrics(row.id, m);
        store.markDone(row.id, m, { 0, 2, int64_t(accuracy * 100) }, 10, 1.5, std::nullopt);
    }
}

int64_t count(storage::Store &store, const std::string &sql)
{
    return store.database().execAndGet(sql).getInt64();
}

std::string mergeError(storage::Store &workspace, const fs::path &shard)
{
    try {
        storage::mergeShard(workspace, shard);
    } catch (const storage::StoreError &e) {
        return e.what();
    }
    return "no error";
}

} // namespace

class TestShardMerge : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path dir() const { return fs::path(m_tmp.path().toStdString()); }

private Q_SLOTS:
    void foldsFinishedRunsWithTheirCurvesAndSubsets()
    {
        const fs::path ws = dir() / "fold.db", a = dir() / "fold-a.db", b = dir() / "fold-b.db";
        makeStore(a, { { "r1", 0.8 }, { "r2", 0.7 }, { "r3", -1 } });
        makeStore(b, { { "r4", 0.6 }, { "r2", 0.7 } }); // r2 finished in both, the same
        storage::Store workspace(ws);
        auto report = storage::mergeShard(workspace, a);
        QCOMPARE(report.added, 2);
        QCOMPARE(report.unfinished, 1);
        report = storage::mergeShard(workspace, b);
        QCOMPARE(report.added, 1);
        QCOMPARE(report.unchanged, 1);
        QVERIFY(report.conflicts.empty());
        QCOMPARE(count(workspace, "SELECT count(*) FROM runs"), int64_t(3));
        QCOMPARE(count(workspace, "SELECT count(*) FROM experiments"), int64_t(1));
        QCOMPARE(count(workspace, "SELECT count(*) FROM experiment_runs"), int64_t(3));
        QCOMPARE(count(workspace, "SELECT count(*) FROM run_metrics"), int64_t(6));
        const auto runs = workspace.runs();
        for (const auto &run : runs) {
            QCOMPARE(run.status, storage::RunStatus::Done);
            const auto metrics = workspace.metrics(run.id);
            QCOMPARE(metrics.size(), size_t(2));
            QCOMPARE(*metrics[1].testAccuracy, *run.testAccuracy);
            QCOMPARE(workspace.keptIndices(run.id),
                     (std::vector<int64_t> { 0, 2, int64_t(*run.testAccuracy * 100) }));
        }
        // The shard's positions in the experiment are kept.
        QCOMPARE(count(workspace,
                       "SELECT position FROM experiment_runs JOIN runs ON runs.id = "
                       "run_id WHERE run_key = 'r4'"),
                 int64_t(0));
    }

    void mergingTwiceChangesNothing()
    {
        const fs::path ws = dir() / "twice.db", a = dir() / "twice-a.db";
        makeStore(a, { { "r1", 0.8 }, { "r2", 0.7 } });
        storage::Store workspace(ws);
        storage::mergeShard(workspace, a);
        const auto dump = [&] {
            std::string text;
            SQLite::Statement q(workspace.database(),
                                "SELECT run_key || status || test_accuracy || "
                                "(SELECT count(*) FROM run_metrics WHERE run_id = runs.id) || "
                                "hex((SELECT data FROM run_subsets WHERE run_id = runs.id)) FROM "
                                "runs ORDER BY id");
            while (q.executeStep())
                text += q.getColumn(0).getString() + ";";
            return text;
        };
        const std::string once = dump();
        const auto report = storage::mergeShard(workspace, a);
        QCOMPARE(report.added, 0);
        QCOMPARE(report.unchanged, 2);
        QCOMPARE(dump(), once);
    }

    void aDifferentResultIsAConflictNotAnOverwrite()
    {
        const fs::path ws = dir() / "conflict.db", a = dir() / "conflict-a.db",
                       b = dir() / "conflict-b.db";
        makeStore(a, { { "r1", 0.8 } });
        makeStore(b, { { "r1", 0.75 } });
        storage::Store workspace(ws);
        storage::mergeShard(workspace, a);
        const auto report = storage::mergeShard(workspace, b);
        QCOMPARE(report.conflicts.size(), size_t(1));
        QVERIFY2(report.conflicts[0].find("80.0000 % in the workspace, 75.0000 % in the shard")
                     != std::string::npos,
                 report.conflicts[0].c_str());
        QCOMPARE(*workspace.runs().at(0).testAccuracy, 0.8);
    }

    void completesARunTheWorkspaceHeldUnfinished()
    {
        const fs::path ws = dir() / "complete.db", a = dir() / "complete-a.db";
        makeStore(ws, { { "r1", -1 } }); // queued in the workspace
        makeStore(a, { { "r1", 0.9 } });
        storage::Store workspace(ws);
        const int64_t id = workspace.runs().at(0).id;
        const auto report = storage::mergeShard(workspace, a);
        QCOMPARE(report.completed, 1);
        const auto run = *workspace.run(id); // the same row, now done
        QCOMPARE(run.status, storage::RunStatus::Done);
        QCOMPARE(*run.testAccuracy, 0.9);
        QCOMPARE(workspace.metrics(id).size(), size_t(2));
    }

    void refusesWhatIsNotAShardOfThisWorkspace()
    {
        const fs::path ws = dir() / "refuse.db";
        makeStore(ws, { { "r1", 0.8 } }, "fp-a");
        storage::Store workspace(ws);
        // Another dataset (or the same files changed): nothing merged.
        const fs::path other = dir() / "refuse-other.db";
        makeStore(other, { { "r9", 0.5 } }, "fp-b");
        std::string message = mergeError(workspace, other);
        QVERIFY2(message.find("holds runs on digits (content fp-b") != std::string::npos
                     && message.find("another dataset, or the same files changed")
                         != std::string::npos,
                 message.c_str());
        QCOMPARE(count(workspace, "SELECT count(*) FROM runs"), int64_t(1));
        // A newer schema.
        const fs::path newer = dir() / "refuse-newer.db";
        makeStore(newer, { { "r2", 0.5 } });
        {
            SQLite::Database db(newer.string(), SQLite::OPEN_READWRITE);
            db.exec("PRAGMA user_version = 99");
        }
        message = mergeError(workspace, newer);
        QVERIFY2(message.find("newer than this Prunescope understands") != std::string::npos,
                 message.c_str());
        // The workspace itself, and a file that is no store.
        QVERIFY(mergeError(workspace, ws).find("is the workspace itself") != std::string::npos);
        const fs::path text = dir() / "notes.db";
        std::ofstream(text) << "not a database, just text that is long enough to be read";
        message = mergeError(workspace, text);
        QVERIFY2(message.find("notes.db") != std::string::npos, message.c_str());
        QVERIFY(mergeError(workspace, dir() / "missing.db").find("does not exist")
                != std::string::npos);
        QCOMPARE(count(workspace, "SELECT count(*) FROM runs"), int64_t(1));
    }

    void aShardIsOnlyRead()
    {
        const fs::path ws = dir() / "read.db", a = dir() / "read-a.db";
        makeStore(a, { { "r1", 0.8 } });
        std::ifstream in(a, std::ios::binary);
        const std::string before { std::istreambuf_iterator<char>(in), {} };
        fs::permissions(a, fs::perms::owner_read | fs::perms::group_read);
        storage::Store workspace(ws);
        QCOMPARE(storage::mergeShard(workspace, a).added, 1);
        std::ifstream again(a, std::ios::binary);
        QCOMPARE(std::string(std::istreambuf_iterator<char>(again), {}), before);
    }
};

QTEST_GUILESS_MAIN(TestShardMerge)
#include "tst_shard_merge.moc"

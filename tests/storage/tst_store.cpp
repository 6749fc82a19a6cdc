#include <QTemporaryDir>
#include <QtTest>

#include "engine/experiment/observer.h"
#include "storage/store.h"
#include "storage/store_error.h"
#include "tests/support/fixtures.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fstream>
#include <sys/stat.h>

namespace fs = std::filesystem;

namespace {

storage::NewRun newRun(const std::string &key, double fraction = 0.1, double alpha = 0.5,
                       int64_t seed = 0)
{
    storage::NewRun r;
    r.key = key;
    r.name = "run " + key;
    r.configJson = R"({"k":")" + key + R"("})";
    r.dataset = "Fashion-MNIST";
    r.studentModel = "smallcnn";
    r.teacherModel = alpha > 0 ? "resnet8x4" : "";
    r.method = "random";
    r.fraction = fraction;
    r.keptCount = 6000;
    r.alpha = alpha;
    if (alpha > 0)
        r.tau = 4;
    r.seed = seed;
    return r;
}

std::string fileBytes(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    return { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
}

std::string openError(const fs::path &file)
{
    try {
        storage::Store store(file);
    } catch (const storage::StoreError &e) {
        return e.what();
    }
    return "no error";
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runRoundTrip_data()
    {
        QTest::addColumn<double>("fraction");
        QTest::addColumn<double>("alpha");
        QTest::addColumn<int>("seed");
        QTest::newRow("kd") << 0.02 << 0.5 << 1;
        QTest::newRow("plain") << 1.0 << 0.0 << 7;
        QTest::newRow("tiny fraction") << 1e-4 << 1.0 << 0;
    }

    void runRoundTrip()
    {
        QFETCH(double, fraction);
        QFETCH(double, alpha);
        QFETCH(int, seed);
        storage::Store store(":memory:");
        const int64_t experiment = store.addExperiment("spec-key", "exp", "{}");
        QCOMPARE(store.addExperiment("spec-key", "exp", "{}"),
                 experiment); // same key, same experiment
        const auto row = store.registerRun(experiment, 0, newRun("a", fraction, alpha, seed));
        QCOMPARE(row.status, storage::RunStatus::Queued);
        QCOMPARE(row.fraction, fraction);
        QCOMPARE(row.alpha, alpha);
        QCOMPARE(row.seed, int64_t(seed));
        QCOMPARE(row.tau.has_value(), alpha > 0);
        QCOMPARE(row.teacherModel.empty(), alpha == 0);
        QCOMPARE(store.registerRun(experiment, 0, newRun("a")).id, row.id); // idempotent

        QVERIFY(store.claimRun(row.id, { storage::RunStatus::Queued }, { 4242, "token" }));
        QVERIFY(!store.claimRun(row.id, { storage::RunStatus::Queued },
                                storage::Owner::current())); // taken
        store.setRunDevice(row.id, "CPU · 2 threads");
        engine::EvalMetrics m;
        m.step = 10;
        m.epoch = 1.5;
        m.trainLoss = 0.7;
        m.testAccuracy = 0.8125;
        m.lr = 0.05;
        store.addMetrics(row.id, m);
        m.step = 20;
        m.testAccuracy = 0.875;
        m.testLoss = 0.4;
        store.addMetrics(row.id, m);
        const std::vector<int64_t> kept { 3, 17, 59999, 123456 };
        store.markDone(row.id, m, kept, 20, 12.5, std::nullopt);

        const auto done = *store.run(row.id);
        QCOMPARE(done.status, storage::RunStatus::Done);
        QCOMPARE(*done.testAccuracy, 0.875);
        QCOMPARE(*done.testLoss, 0.4);
        QCOMPARE(*done.steps, int64_t(20));
        QCOMPARE(*done.wallSeconds, 12.5);
        QCOMPARE(done.device, std::string("CPU · 2 threads"));
        QVERIFY(!done.startedAt.empty() && !done.finishedAt.empty());
        QCOMPARE(store.keptIndices(row.id), kept);
        const auto metrics = store.metrics(row.id);
        QCOMPARE(metrics.size(), size_t(2));
        QCOMPARE(*metrics[0].testAccuracy, 0.8125);
        QVERIFY(!metrics[0].testLoss); // NaN is stored as NULL
        QCOMPARE(metrics[1].epoch, 1.5);
    }

    void restartClearsEarlierAttempt()
    {
        storage::Store store(":memory:");
        const auto row = store.registerRun(store.addExperiment("k", "e", "{}"), 0, newRun("a"));
        QVERIFY(store.claimRun(row.id, { storage::RunStatus::Queued }, storage::Owner::current()));
        engine::EvalMetrics m;
        m.step = 5;
        store.addMetrics(row.id, m);
        store.markEnded(row.id, storage::RunStatus::Failed, "boom");
        QCOMPARE(store.run(row.id)->error, std::string("boom"));
        QVERIFY(store.claimRun(row.id, { storage::RunStatus::Failed }, storage::Owner::current()));
        QVERIFY(store.metrics(row.id).empty());
        QVERIFY(store.run(row.id)->error.empty());
    }

    void interruptedRunsAreRecovered()
    {
        storage::Store store(":memory:");
        const int64_t e = store.addExperiment("k", "e", "{}");
        const auto orphan = store.registerRun(e, 0, newRun("orphan"));
        const auto live = store.registerRun(e, 1, newRun("live"));
        const auto reused = store.registerRun(e, 2, newRun("reused"));
        QVERIFY(store.claimRun(orphan.id, { storage::RunStatus::Queued },
                               { 999999999, "" })); // no such process
        QVERIFY(store.claimRun(live.id, { storage::RunStatus::Queued }, storage::Owner::current()));
        // This process's id, but a token from another process start: the id was reused.
        auto impostor = storage::Owner::current();
        impostor.token += "0";
        QVERIFY(store.claimRun(reused.id, { storage::RunStatus::Queued }, impostor));
        QCOMPARE(store.recoverInterrupted(), 2);
        QCOMPARE(store.run(reused.id)->status, storage::RunStatus::Interrupted);
        QCOMPARE(store.run(orphan.id)->status, storage::RunStatus::Interrupted);
        QCOMPARE(store.run(live.id)->status, storage::RunStatus::Running);
        store.requeue(orphan.id);
        QCOMPARE(store.run(orphan.id)->status, storage::RunStatus::Queued);
    }

    void teacherRoundTrip()
    {
        storage::Store store(":memory:");
        storage::TeacherRow t;
        t.key = "abc";
        t.identityJson = "{}";
        t.model = "resnet8x4";
        t.dataset = "CIFAR-10";
        t.checkpoint = "teachers/abc.pt";
        t.sha256 = std::string(64, 'f');
        t.testAccuracy = 0.91;
        t.trainSeconds = 55;
        const int64_t id = store.saveTeacher(t);
        t.testAccuracy = 0.92;
        QCOMPARE(store.saveTeacher(t), id); // replaced, not duplicated
        const auto back = *store.teacherByKey("abc");
        QCOMPARE(*back.testAccuracy, 0.92);
        QCOMPARE(back.checkpoint, std::string("teachers/abc.pt"));
        QCOMPARE(store.teachers().size(), size_t(1));
        QVERIFY(!store.teacherByKey("other"));
    }

    void migratesVersionOneForward()
    {
        QTemporaryDir tmp;
        const fs::path file = fs::path(tmp.path().toStdString()) / "old.db";
        {
            storage::Store v1(file, storage::OpenOptions { .schemaVersion = 1 });
            QCOMPARE(v1.schemaVersion(), 1);
            v1.database().exec("INSERT INTO experiments (spec_key, name, spec_json, created_at) "
                               "VALUES ('k', 'old', '{}', '2026-01-01T00:00:00Z')");
            v1.database().exec(
                "INSERT INTO runs (run_key, group_key, curve_key, base_key, name, config_json, "
                "dataset, "
                "student_model, method, class_balanced, kept_fraction, kept_count, alpha, seed, "
                "status, "
                "created_at, test_accuracy) VALUES ('r', 'g', 'c', 'b', 'old run', '{}', 'MNIST', "
                "'smallcnn', 'random', 0, 0.5, 30000, 0, 3, 'done', '2026-01-01T00:00:00Z', 0.97)");
        }
        try {
            storage::Store readOnly(file, storage::OpenOptions { .readOnly = true });
            QFAIL("a read-only open of an old store must ask for an upgrade");
        } catch (const storage::StoreError &e) {
            QVERIFY2(std::string(e.what()).find("has schema version 1; open it once")
                         != std::string::npos,
                     e.what());
        }
        storage::Store store(file);
        QCOMPARE(store.schemaVersion(), storage::Store::latestSchemaVersion());
        const auto runs = store.runs();
        QCOMPARE(runs.size(), size_t(1));
        QCOMPARE(runs[0].name, std::string("old run"));
        QCOMPARE(*runs[0].testAccuracy, 0.97);
        QVERIFY(!runs[0].teacherId);
        QVERIFY(store.teachers().empty());
    }

    void fileStoreUsesWalAndSharesReaders()
    {
        QTemporaryDir tmp;
        const fs::path file = fs::path(tmp.path().toStdString()) / "w.db";
        storage::Store writer(file);
        storage::Store reader(file);
        QCOMPARE(writer.database().execAndGet("PRAGMA journal_mode").getString(),
                 std::string("wal"));
        QCOMPARE(writer.database().execAndGet("PRAGMA foreign_keys").getInt(), 1);
        writer.registerRun(writer.addExperiment("k", "e", "{}"), 0, newRun("a"));
        QCOMPARE(reader.runs().size(), size_t(1));
        QCOMPARE(writer.artifactsDir(), fs::path(tmp.path().toStdString()) / "w-artifacts");
        // Made under a temporary name and linked into place: the usual mode, no temporary left.
        const mode_t mask = ::umask(022);
        ::umask(mask);
        struct stat st
        {
        };
        QCOMPARE(::stat(file.c_str(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0666 & ~mask);
        for (const auto &entry : fs::directory_iterator(tmp.path().toStdString()))
            QVERIFY2(entry.path().filename().string().find(".new-") == std::string::npos,
                     entry.path().c_str());
    }

    void refusesWhatItCannotOpen()
    {
        QTemporaryDir tmp;
        const fs::path dir(tmp.path().toStdString());

        const fs::path newer = dir / "newer.db";
        {
            SQLite::Database db(newer.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            db.exec("PRAGMA user_version = 99");
        }
        const std::string before = fileBytes(newer);
        std::string message = openError(newer);
        QVERIFY2(fileBytes(newer) == before, "a refused store is left unchanged");
        QVERIFY2(message.find("schema version 99, newer than this Prunescope understands")
                     != std::string::npos,
                 message.c_str());
        QVERIFY(message.find("newer.db") != std::string::npos);

        const fs::path foreign = dir / "foreign.db";
        {
            SQLite::Database db(foreign.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            db.exec("CREATE TABLE mine (x)");
        }
        const std::string foreignBefore = fileBytes(foreign);
        message = openError(foreign);
        QVERIFY2(message.find("not a Prunescope store") != std::string::npos, message.c_str());
        QVERIFY2(fileBytes(foreign) == foreignBefore, "a foreign database is left unchanged");

        const fs::path garbage = dir / "garbage.db";
        fixtures::writeBytes(garbage, std::vector<uint8_t>(4096, 0x41));
        message = openError(garbage);
        QVERIFY2(message.find("cannot open store '" + garbage.string() + "'") != std::string::npos,
                 message.c_str());

        fixtures::writeBytes(dir / "plain-file", { 1 });
        message = openError(dir / "plain-file" / "store.db");
        QVERIFY2(message.find("does not exist") != std::string::npos, message.c_str());
        message = openError(dir);
        QVERIFY2(message.find("it is a folder") != std::string::npos, message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"

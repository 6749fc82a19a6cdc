#include <QTemporaryDir>
#include <QtTest>

#include "engine/experiment/run_expansion.h"
#include "engine/experiment/spec.h"
#include "storage/recorder.h"
#include "storage/results.h"
#include "storage/sha256.h"
#include "storage/store.h"
#include "tests/support/fixtures.h"

namespace fs = std::filesystem;

namespace {

engine::ExperimentSpec spec()
{
    const auto parsed = engine::parseSpec(R"({
        "student": {"model": "smallcnn", "train": {"steps": 10}},
        "teacher": {"model": "smallcnn", "train": {"epochs": 1}},
        "pruning": {"fractions": [0.1, 0.5]},
        "distillation": {"alphas": [0, 0.5]},
        "seeds": [0]
    })");
    return parsed.spec;
}

std::vector<engine::RunConfig> runs(const engine::ExperimentSpec &s)
{
    engine::DatasetInfo d;
    d.path = "/data";
    d.format = engine::DatasetFormat::Idx;
    d.name = "MNIST";
    d.channels = 1;
    d.height = d.width = 28;
    d.classNames = std::vector<std::string>(10, "c");
    d.trainCounts = std::vector<int64_t>(10, 100);
    d.fingerprint = "f";
    std::vector<engine::Problem> problems;
    return engine::expandRuns(s, d, problems);
}

} // namespace

class TestRecorder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void finishedRunsAreSkippedAndOthersRequeued()
    {
        storage::Store store(":memory:");
        const auto s = spec();
        const auto configs = runs(s);
        storage::Recorder recorder(store);
        QCOMPARE(recorder.registerExperiment(s, configs), std::vector<bool>(4, false));
        recorder.runStarted(0, "cpu");
        engine::RunOutcome done;
        done.run = 0;
        done.final.testAccuracy = 0.5;
        done.keptIndices = { 1, 2, 3 };
        recorder.runFinished(done);
        recorder.runStarted(1, "cpu");
        recorder.runEnded(1, engine::RunEnd::Failed, "out of memory");
        recorder.runStarted(2, "cpu");
        recorder.runEnded(2, engine::RunEnd::Cancelled, "cancelled by the user");
        QCOMPARE(store.run(recorder.runIds()[1])->status, storage::RunStatus::Failed);
        QCOMPARE(store.run(recorder.runIds()[2])->status, storage::RunStatus::Cancelled);

        storage::Recorder again(store);
        QCOMPARE(again.registerExperiment(s, configs),
                 (std::vector<bool> { true, false, false, false }));
        QCOMPARE(again.runIds(), recorder.runIds());
        QCOMPARE(again.experimentId(), recorder.experimentId());
        for (int i = 1; i < 4; ++i)
            QCOMPARE(store.run(again.runIds()[i])->status, storage::RunStatus::Queued);
        QCOMPARE(store.keptIndices(again.runIds()[0]), (std::vector<int64_t> { 1, 2, 3 }));
    }

    void anotherExperimentSharesIdenticalRuns()
    {
        storage::Store store(":memory:");
        auto s = spec();
        storage::Recorder first(store);
        first.registerExperiment(s, runs(s));
        s.name = "wider";
        s.fractions = { 0.5, 0.9 };
        s.tau = 2; // changes the α > 0 runs only
        storage::Recorder second(store);
        second.registerExperiment(s, runs(s));
        QVERIFY(second.experimentId() != first.experimentId());
        QCOMPARE(second.runIds()[0], first.runIds()[2]); // f = 0.5, α = 0: the same run
        QVERIFY(second.runIds()[1] != first.runIds()[3]); // f = 0.5, α = 0.5 but τ differs
        QCOMPARE(store.runs().size(), size_t(4 + 3));
    }

    void groupsNeverMixRecipes()
    {
        storage::Store store(":memory:");
        auto s = spec();
        s.alphas = { 0 };
        s.fractions = { 0.5 };
        s.seeds = { 0, 1 };
        storage::Recorder first(store);
        first.registerExperiment(s, runs(s));
        s.student.budget.value = 20; // same f, α and seeds, another recipe
        storage::Recorder second(store);
        second.registerExperiment(s, runs(s));
        int id = 0;
        for (const auto &r : store.runs()) {
            engine::RunOutcome o;
            o.run = 0;
            o.final.testAccuracy = 0.5 + 0.1 * id++;
            store.markDone(r.id, o.final, {}, 10, 1.0, std::nullopt);
        }
        const auto groups = storage::summariseGroups(store.runs());
        QCOMPARE(groups.size(), size_t(2));
        QCOMPARE(groups[0].accuracy.n, int64_t(2));
        QVERIFY(groups[0].key.groupKey != groups[1].key.groupKey);
        QCOMPARE(groups[0].curveKey.size(), size_t(64));
    }

    void teacherCacheChecksTheFile()
    {
        QTemporaryDir tmp;
        storage::Store store(fs::path(tmp.path().toStdString()) / "ws.db");
        storage::Recorder recorder(store);
        const std::string key = R"({"teacher":"x"})";
        QVERIFY(!recorder.findTeacher(key));
        engine::TeacherRecord record;
        record.model = "smallcnn";
        record.dataset = "MNIST";
        record.checkpoint = recorder.teacherCheckpointPath(key);
        record.testAccuracy = 0.9;
        QCOMPARE(record.checkpoint.parent_path(), store.artifactsDir() / "teachers");
        fs::create_directories(record.checkpoint.parent_path());
        fixtures::writeBytes(record.checkpoint, { 1, 2, 3, 4 });
        recorder.saveTeacher(key, record);

        const auto found = recorder.findTeacher(key);
        QVERIFY(found);
        QCOMPARE(found->checkpoint, record.checkpoint);
        QCOMPARE(found->testAccuracy, 0.9);
        QCOMPARE(store.teachers().front().sha256, storage::sha256File(record.checkpoint));

        fixtures::writeBytes(record.checkpoint, { 1, 2, 3, 5 }); // damaged
        QVERIFY(!recorder.findTeacher(key));
        fs::remove(record.checkpoint);
        QVERIFY(!recorder.findTeacher(key));
    }

    void sha256KnownAnswer()
    {
        QCOMPARE(storage::sha256Hex("abc"),
                 std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }
};

QTEST_GUILESS_MAIN(TestRecorder)
#include "tst_recorder.moc"

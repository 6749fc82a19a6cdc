#include <QtTest>

#include "storage/results.h"

#include <cmath>

namespace {
storage::RunRow run(int64_t id, double f, double alpha, int64_t seed, double accuracy,
                    storage::RunStatus status = storage::RunStatus::Done)
{
    storage::RunRow r;
    r.id = id;
    r.dataset = "Fashion-MNIST";
    r.studentModel = "smallcnn";
    r.teacherModel = alpha > 0 ? "smallcnn" : "";
    r.method = "random";
    r.fraction = f;
    r.keptCount = std::llround(f * 60000);
    r.alpha = alpha;
    if (alpha > 0)
        r.tau = 4;
    r.seed = seed;
    r.status = status;
    r.testAccuracy = accuracy;
    return r;
}
} // namespace

class TestResults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void meanAndSampleStd()
    {
        const auto s = storage::meanStd({ 0.80, 0.90, 0.85 });
        QCOMPARE(s.n, int64_t(3));
        QVERIFY(std::fabs(s.mean - 0.85) < 1e-12);
        QVERIFY(std::fabs(s.std - 0.05) < 1e-12); // sqrt((0.0025 + 0.0025 + 0) / 2)
        QVERIFY(std::isnan(storage::meanStd({ 0.5 }).std));
        QVERIFY(std::isnan(storage::meanStd({}).mean));
    }

    void groupsBySettingsAcrossSeeds()
    {
        const std::vector<storage::RunRow> runs {
            run(1, 0.02, 0.0, 0, 0.853),
            run(2, 0.02, 0.0, 1, 0.861),
            run(3, 0.02, 0.0, 2, 0.857),
            run(4, 0.02, 0.5, 2, 0.897),
            run(5, 0.02, 0.5, 0, 0.893),
            run(6, 0.02, 0.5, 1, 0.0, storage::RunStatus::Failed), // not counted
            run(7, 0.1, 0.0, 0, 0.88),
        };
        const auto groups = storage::summariseGroups(runs);
        QCOMPARE(groups.size(), size_t(3));
        const auto &plain = groups[0];
        QCOMPARE(plain.key.fraction, 0.02);
        QCOMPARE(plain.key.alpha, 0.0);
        QCOMPARE(plain.accuracy.n, int64_t(3));
        QVERIFY(std::fabs(plain.accuracy.mean - 0.857) < 1e-12);
        QVERIFY(std::fabs(plain.accuracy.std - 0.004) < 1e-12);
        QCOMPARE(plain.keptCount, int64_t(1200));
        const auto &kd = groups[1];
        QCOMPARE(kd.key.alpha, 0.5);
        QCOMPARE(kd.key.tau, 4.0);
        QCOMPARE(kd.seeds, (std::vector<int64_t> { 0, 2 })); // sorted by seed
        QCOMPARE(kd.accuracies, (std::vector<double> { 0.893, 0.897 }));
        QCOMPARE(kd.runIds, (std::vector<int64_t> { 5, 4 }));
        QCOMPARE(kd.minAccuracy, 0.893);
        QCOMPARE(kd.maxAccuracy, 0.897);
        QCOMPARE(groups[2].key.fraction, 0.1);
        QVERIFY(std::isnan(groups[2].accuracy.std));
    }
};

QTEST_APPLESS_MAIN(TestResults)
#include "tst_results.moc"

#include <QtTest>

#include "storage/comparisons.h"
#include "storage/findings.h"
#include "storage/results.h"

#include <cmath>
#include <nlohmann/json.hpp>

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
/// A run as the recorder stores it: keys and the config the comparison keys are read from.
storage::RunRow configured(int64_t id, const std::string &method, double f, double alpha,
                           const std::string &teacher, int64_t seed, double test,
                           std::optional<double> validation)
{
    storage::RunRow r = run(id, f, alpha, seed, test);
    r.method = method;
    r.teacherModel = alpha > 0 ? teacher : "";
    r.validationAccuracy = validation;
    nlohmann::json config {
        { "dataset", { { "fingerprint", "abc" }, { "path", "/d" }, { "name", "D" } } },
        { "student", { { "model", "smallcnn" } } },
        { "pruning",
          { { "method", method }, { "fraction", f }, { "definition", method + " (defined)" } } },
        { "distillation", { { "alpha", alpha }, { "tau", 4 } } },
        { "teacher", alpha > 0 ? nlohmann::json { { "model", teacher } } : nlohmann::json() },
        { "seed", seed },
        { "device", seed % 2 ? "cpu" : "cuda:0" }
    };
    r.configJson = config.dump();
    r.groupKey = method + teacher + std::to_string(f) + std::to_string(alpha);
    r.curveKey = method + teacher + std::to_string(alpha);
    r.baseKey = method;
    return r;
}

} // namespace

class TestResults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void comparisonsArePairedBySeed()
    {
        using storage::ComparisonKind;
        // f = 0.1, seeds 0–2: random without KD, random with KD from two teachers, el2n without
        // KD; seed 3 only for random α = 0 (unpaired, left out of every difference).
        const std::vector<storage::RunRow> runs {
            configured(1, "random", 0.1, 0.0, "", 0, 0.700, 0.69),
            configured(2, "random", 0.1, 0.0, "", 1, 0.720, 0.70),
            configured(3, "random", 0.1, 0.0, "", 2, 0.710, 0.71),
            configured(4, "random", 0.1, 0.0, "", 3, 0.500, 0.50),
            configured(5, "random", 0.1, 0.5, "small", 0, 0.780, 0.77),
            configured(6, "random", 0.1, 0.5, "small", 1, 0.790, 0.78),
            configured(7, "random", 0.1, 0.5, "small", 2, 0.800, 0.79),
            configured(8, "random", 0.1, 0.5, "large", 0, 0.760, 0.75),
            configured(9, "random", 0.1, 0.5, "large", 1, 0.780, std::nullopt),
            configured(10, "random", 0.1, 0.5, "large", 2, 0.770, 0.76),
            configured(11, "el2n", 0.1, 0.0, "", 0, 0.650, 0.64),
            configured(12, "el2n", 0.1, 0.0, "", 1, 0.690, 0.68),
            configured(13, "el2n", 0.1, 0.0, "", 2, 0.640, 0.63),
        };
        const auto groups = storage::summariseGroups(runs);
        const auto all = storage::pairedComparisons(groups);
        const auto find = [&](ComparisonKind kind, const std::string &a, const std::string &b) {
            for (const auto &c : all)
                if (c.kind == kind && storage::sideLabel(c, true) == a
                    && storage::sideLabel(c, false) == b)
                    return &c;
            return static_cast<const storage::Comparison *>(nullptr);
        };
        QCOMPARE(all.size(), size_t(4)); // two KD vs α = 0, el2n vs random, small vs large

        // KD (small) − α = 0: 0.08, 0.07, 0.09 → mean 0.08, std 0.01, half width
        // t(0.975, 2) · 0.01 / √3 = 4.302652729911275 · 0.01 / √3.
        const auto *kd = find(ComparisonKind::KdVsNoKd, "α = 0.5, τ = 4, teacher small", "α = 0");
        QVERIFY(kd);
        QCOMPARE(kd->paired.n, int64_t(3));
        QVERIFY(std::fabs(kd->paired.mean - 0.08) < 1e-12);
        QVERIFY(std::fabs(kd->paired.std - 0.01) < 1e-12);
        QVERIFY(std::fabs(kd->paired.halfWidth() - 4.302652729911275 * 0.01 / std::sqrt(3.0))
                < 1e-12);
        QCOMPARE(kd->b.accuracy.n, int64_t(4)); // the unpaired summary keeps seed 3
        QCOMPARE(kd->pairedValidation.n, int64_t(3)); // 0.08, 0.08, 0.08
        QVERIFY(std::fabs(kd->pairedValidation.mean - 0.08) < 1e-12);

        // el2n − random at α = 0: −0.05, −0.03, −0.07 → mean −0.05, interval below zero.
        const auto *method = find(ComparisonKind::MethodVsRandom, "el2n · α = 0", "random · α = 0");
        QVERIFY(method);
        QVERIFY(std::fabs(method->paired.mean + 0.05) < 1e-12);
        QVERIFY(method->paired.high < 0);

        // Teachers at the same α: small − large = 0.02, 0.01, 0.03; large's seed 1 has no
        // validation accuracy, so there is no paired validation difference.
        const auto *teachers = find(ComparisonKind::TeacherVsTeacher, "teacher small (α = 0.5)",
                                    "teacher large (α = 0.5)");
        const auto *reversed = find(ComparisonKind::TeacherVsTeacher, "teacher large (α = 0.5)",
                                    "teacher small (α = 0.5)");
        QVERIFY(teachers || reversed);
        const double sign = teachers ? 1.0 : -1.0;
        const auto &t = teachers ? *teachers : *reversed;
        QVERIFY(std::fabs(sign * t.paired.mean - 0.02) < 1e-12);
        QCOMPARE(t.pairedValidation.n, int64_t(0));
    }

    void bestAlphaIsChosenOnValidation()
    {
        // f = 0.1, two seeds per α: validation favours α = 0.5, test favours α = 0.9.
        std::vector<storage::RunRow> runs {
            configured(1, "random", 0.1, 0.0, "", 0, 0.70, 0.60),
            configured(2, "random", 0.1, 0.0, "", 1, 0.70, 0.60),
            configured(3, "random", 0.1, 0.5, "t", 0, 0.75, 0.80),
            configured(4, "random", 0.1, 0.5, "t", 1, 0.75, 0.80),
            configured(5, "random", 0.1, 0.9, "t", 0, 0.85, 0.70),
            configured(6, "random", 0.1, 0.9, "t", 1, 0.85, 0.70),
        };
        auto rows = storage::bestAlphas(storage::summariseGroups(runs));
        QCOMPARE(rows.size(), size_t(1));
        QCOMPARE(rows[0].candidates, 3);
        QCOMPARE(rows[0].best.key.alpha, 0.5);
        QVERIFY(!rows[0].chosenOnTest);
        QVERIFY(std::fabs(rows[0].best.accuracy.mean - 0.75) < 1e-12); // reported on test
        // One run without a validation accuracy: the fraction is chosen on test, and says so.
        runs[5].validationAccuracy.reset();
        rows = storage::bestAlphas(storage::summariseGroups(runs));
        QCOMPARE(rows[0].best.key.alpha, 0.9);
        QVERIFY(rows[0].chosenOnTest);
    }

    void findingVerdictsFollowTheIntervals()
    {
        // Finding 1 from α = 0.5 against α = 0 at f = 0.1 over three seeds.
        const auto finding1 = [](std::vector<double> kd) {
            std::vector<storage::RunRow> runs;
            const double plain[] = { 0.70, 0.71, 0.72 };
            for (int64_t s = 0; s < 3; ++s) {
                runs.push_back(configured(10 + s, "random", 0.1, 0, "", s, plain[s], 0.7));
                runs.push_back(
                    configured(20 + s, "random", 0.1, 0.5, "smallcnn", s, kd[size_t(s)], 0.7));
            }
            return storage::judgeFinding(1, storage::summariseGroups(runs));
        };
        // Differences +0.05, +0.06, +0.04: interval [0.025, 0.075] above 0.
        auto v = finding1({ 0.75, 0.77, 0.76 });
        QCOMPARE(v.agreement, storage::Agreement::Agrees);
        QCOMPARE(v.evidence.size(), size_t(1));
        QCOMPARE(v.evidence[0].paired.n, int64_t(3));
        QVERIFY(std::abs(v.evidence[0].paired.mean - 0.05) < 1e-12);
        QCOMPARE(finding1({ 0.60, 0.61, 0.62 }).agreement, storage::Agreement::Disagrees);
        // Differences +0.05, −0.04, +0.01: the interval includes 0.
        v = finding1({ 0.75, 0.67, 0.73 });
        QCOMPARE(v.agreement, storage::Agreement::Inconclusive);
        QVERIFY2(v.reason.find("includes 0") != std::string::npos, v.reason.c_str());

        // Finding 6: whichever side the comparison puts first, it is read as smaller − larger.
        std::vector<storage::RunRow> teachers;
        for (int64_t s = 0; s < 3; ++s) {
            teachers.push_back(
                configured(30 + s, "random", 0.02, 0.5, "smallcnnx2", s, 0.60 + 0.01 * s, 0.6));
            teachers.push_back(configured(40 + s, "random", 0.02, 0.5, "smallcnnx0.25", s,
                                          0.65 + 0.01 * s + 0.001 * s * s, 0.6));
        }
        v = storage::judgeFinding(6, storage::summariseGroups(teachers));
        QCOMPARE(v.evidence.size(), size_t(1));
        QCOMPARE(v.evidence[0].a.key.teacherModel, std::string("smallcnnx0.25"));
        QVERIFY(v.evidence[0].paired.mean > 0.05 && v.evidence[0].paired.low > 0);
        QCOMPARE(v.agreement, storage::Agreement::Agrees);

        // Finding 4: the best α on validation is 0.9 at f = 0.02 and 0.5 at f = 0.5, although
        // test accuracy alone would pick 0.5 at f = 0.02.
        std::vector<storage::RunRow> grid;
        int64_t id = 100;
        for (double f : { 0.02, 0.5 })
            for (double alpha : { 0.0, 0.5, 0.9 })
                for (int64_t s = 0; s < 2; ++s) {
                    const double validation
                        = f < 0.1 ? (alpha == 0.9 ? 0.8 : 0.7) : (alpha == 0.5 ? 0.9 : 0.85);
                    const double test = f < 0.1 && alpha == 0.5 ? 0.82 : 0.75;
                    grid.push_back(
                        configured(id++, "random", f, alpha, "smallcnn", s, test, validation));
                }
        v = storage::judgeFinding(4, storage::summariseGroups(grid));
        QCOMPARE(v.agreement, storage::Agreement::Agrees);
        QVERIFY2(v.reason.find("best α 0.9 at f = 0.02, 0.5 at f = 0.5 (chosen on validation)")
                     != std::string::npos,
                 v.reason.c_str());
    }

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

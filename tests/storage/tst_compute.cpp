#include <QRegularExpression>
#include <QtTest>

#include "engine/train/progress.h"
#include "storage/compute.h"
#include "storage/report.h"
#include "storage/results.h"
#include "storage/store.h"

#include <SQLiteCpp/Database.h>
#include <cmath>

using storage::Charging;
using storage::Measure;

namespace {

/// A finished run of a sweep on one dataset; scoreKey "" for none, teacher 0 for none.
int64_t finishedRun(storage::Store &store, int64_t experiment, const std::string &key,
                    const std::string &method, double alpha, int64_t seed,
                    const std::string &scoreKey, std::optional<int64_t> teacher,
                    std::optional<double> flops, double seconds, double test, double validation)
{
    storage::NewRun r;
    r.key = key;
    r.groupKey = method + std::to_string(alpha);
    r.curveKey = r.groupKey;
    r.baseKey = method;
    r.name = key;
    r.configJson = "{}";
    r.dataset = "Fashion-MNIST";
    r.studentModel = "smallcnn";
    r.teacherModel = alpha > 0 ? "resnet8" : "";
    r.method = method;
    r.fraction = 0.1;
    r.keptCount = 100;
    r.alpha = alpha;
    if (alpha > 0)
        r.tau = 4;
    r.seed = seed;
    r.scoreKey = scoreKey;
    const auto row = store.registerRun(experiment, int(seed), r);
    engine::EvalMetrics m;
    m.testAccuracy = test;
    m.validationAccuracy = validation;
    store.markDone(row.id, m, { 1, 2, 3 }, 10, seconds, teacher, flops);
    return row.id;
}

} // namespace

class TestCompute : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sharedWorkIsDividedAmongItsUsers()
    {
        storage::Store store(":memory:");
        const int64_t e = store.addExperiment("k", "exp", "{}");
        storage::TeacherRow t;
        t.key = "teacher";
        t.identityJson = "{}";
        t.model = "resnet8";
        t.dataset = "Fashion-MNIST";
        t.checkpoint = "t.pt";
        t.sha256 = "0";
        t.trainSeconds = 60;
        t.trainFlops = 600;
        const int64_t teacher = store.saveTeacher(t);
        storage::ScoreRow s;
        s.key = "el2n-score";
        s.identityJson = "{}";
        s.method = "el2n";
        s.dataset = "Fashion-MNIST";
        s.fingerprint = "f";
        s.seconds = 9;
        s.flops = 90;
        store.saveScores(s, { 0.1, 0.2, 0.3 });

        // Teacher users: a0, a1, c0 (3). Score users: b0, b1, c0 (3).
        const int64_t a0
            = finishedRun(store, e, "a0", "random", 0.5, 0, "", teacher, 10, 1, .8, .8);
        finishedRun(store, e, "a1", "random", 0.5, 1, "", teacher, 10, 1, .8, .8);
        const int64_t b0
            = finishedRun(store, e, "b0", "el2n", 0, 0, "el2n-score", {}, 20, 2, .7, .7);
        const int64_t b1
            = finishedRun(store, e, "b1", "el2n", 0, 1, "el2n-score", {}, 30, 3, .7, .7);
        const int64_t c0
            = finishedRun(store, e, "c0", "el2n", 0.5, 0, "el2n-score", teacher, 40, 4, .9, .9);
        // Stored before FLOPs were counted: no student FLOPs, score key unknown.
        storage::NewRun old;
        old.key = "old";
        old.groupKey = old.curveKey = old.baseKey = "old";
        old.name = "old";
        old.configJson = "{}";
        old.dataset = "Fashion-MNIST";
        old.studentModel = "smallcnn";
        old.method = "random";
        old.fraction = 0.1;
        const auto oldRow = store.registerRun(e, 9, old);
        store.database().exec("UPDATE runs SET score_key = NULL WHERE id = "
                              + std::to_string(oldRow.id));
        engine::EvalMetrics m;
        m.testAccuracy = 0.5;
        store.markDone(oldRow.id, m, { 1 }, 10, 1.0, std::nullopt);

        const auto costs = storage::runCosts(store);
        QCOMPARE(costs.size(), size_t(6));
        const auto &a = costs.at(a0);
        QCOMPARE(a.teacherUsers, int64_t(3));
        QCOMPARE(a.scoreUsers, int64_t(0));
        QCOMPARE(a.total(Measure::Flops, Charging::Amortised), 10.0 + 600.0 / 3);
        QCOMPARE(a.total(Measure::Flops, Charging::Standalone), 610.0);
        QCOMPARE(a.total(Measure::Seconds, Charging::Amortised), 1.0 + 60.0 / 3);
        QCOMPARE(costs.at(b0).total(Measure::Flops, Charging::Amortised), 20.0 + 30.0);
        QCOMPARE(costs.at(b1).total(Measure::Flops, Charging::Standalone), 30.0 + 90.0);
        QCOMPARE(costs.at(c0).total(Measure::Flops, Charging::Amortised), 40.0 + 200.0 + 30.0);
        QCOMPARE(costs.at(c0).total(Measure::Seconds, Charging::Standalone), 4.0 + 60.0 + 9.0);
        QVERIFY(std::isnan(costs.at(oldRow.id).total(Measure::Flops, Charging::Amortised)));

        // The group of b0 and b1: the mean of its runs, by part.
        const auto groups = storage::summariseGroups(store.runs());
        const auto el2n = std::find_if(groups.begin(), groups.end(), [](const auto &g) {
            return g.key.method == "el2n" && g.key.alpha == 0;
        });
        QVERIFY(el2n != groups.end());
        const auto cost = storage::groupCost(*el2n, costs, Measure::Flops, Charging::Amortised);
        QCOMPARE(cost.student, 25.0);
        QCOMPARE(cost.scores, 30.0);
        QCOMPARE(cost.teacher, 0.0);
        QCOMPARE(cost.total, 55.0);
        QCOMPARE(cost.unknown, int64_t(0));
        const auto oldGroup = std::find_if(groups.begin(), groups.end(),
                                           [](const auto &g) { return g.key.groupKey == "old"; });
        QVERIFY(oldGroup != groups.end());
        const auto unknown
            = storage::groupCost(*oldGroup, costs, Measure::Flops, Charging::Amortised);
        QVERIFY(std::isnan(unknown.total));
        QCOMPARE(unknown.unknown, int64_t(1));
    }

    void paretoFrontKeepsTheUndominated()
    {
        //            cost: 1    2    2    3    4    NaN   5
        const std::vector<double> cost { 1, 2, 2, 3, 4, NAN, 5 };
        const std::vector<double> acc { .5, .4, .7, .6, .9, 1.0, .9 };
        const auto front = storage::paretoFront(cost, acc);
        const std::vector<bool> expected { true, false, true, false, true, false, false };
        QCOMPARE(front, expected);
    }

    void frontIsChosenOnValidation()
    {
        storage::Store store(":memory:");
        const int64_t e = store.addExperiment("k", "exp", "{}");
        // cheap: validation 0.80, test 0.70; costly: validation 0.75, test 0.90. On test both
        // are on the front; on validation the costly one is dominated by the cheap one.
        for (int64_t seed : { 0, 1 }) {
            finishedRun(store, e, "cheap" + std::to_string(seed), "random", 0, seed, "", {}, 10, 1,
                        0.70, 0.80);
            finishedRun(store, e, "costly" + std::to_string(seed), "el2n", 0, seed, "", {}, 20, 1,
                        0.90, 0.75);
        }
        const auto rows
            = storage::computeRows(storage::summariseGroups(store.runs()), storage::runCosts(store),
                                   Measure::Flops, Charging::Amortised);
        QCOMPARE(rows.size(), size_t(2));
        for (const auto &r : rows) {
            QVERIFY(!r.frontOnTest);
            QCOMPARE(r.onFront, r.group.key.method == "random");
        }
    }

    void reportChoosesTheBestAlphaOnValidation()
    {
        // Validation prefers α 0.9 at f = 0.02 and α 0.5 at f = 0.5; test would pick the other.
        storage::Store store(":memory:");
        const int64_t e = store.addExperiment("k", "grid", "{}");
        int position = 0;
        for (double f : { 0.02, 0.5 })
            for (double alpha : { 0.0, 0.5, 0.9 })
                for (int64_t seed : { 0, 1 }) {
                    storage::NewRun r;
                    r.key = "r" + std::to_string(position);
                    r.groupKey = std::to_string(f) + "/" + std::to_string(alpha);
                    r.curveKey = std::to_string(alpha);
                    r.baseKey = "random";
                    r.name = r.key;
                    r.configJson = "{}";
                    r.dataset = "Fashion-MNIST";
                    r.studentModel = "smallcnn";
                    r.teacherModel = alpha > 0 ? "smallcnn" : "";
                    r.method = "random";
                    r.fraction = f;
                    r.keptCount = 100;
                    r.alpha = alpha;
                    if (alpha > 0)
                        r.tau = 4;
                    r.seed = seed;
                    const auto row = store.registerRun(e, position++, r);
                    engine::EvalMetrics m;
                    const bool small = f < 0.1;
                    m.validationAccuracy
                        = small ? (alpha == 0.9 ? 0.80 : 0.70) : (alpha == 0.5 ? 0.90 : 0.85);
                    m.testAccuracy
                        = small ? (alpha == 0.5 ? 0.82 : 0.75) : (alpha == 0.9 ? 0.88 : 0.80);
                    store.markDone(row.id, m, { 1 }, 10, 1.0, std::nullopt, 1e9);
                }
        const std::string html = storage::htmlReport(store, { "grid.db", "2026-12-03T00:00:00Z" });
        const QString text = QString::fromStdString(html);
        const qsizetype section = text.indexOf("<h2 id=\"best-alpha\">");
        QVERIFY(section > 0);
        const QString table = text.mid(section, text.indexOf("</table>", section) - section);
        static const QRegularExpression rowPattern("<tr>(.*?)</tr>");
        static const QRegularExpression valuePattern("data-value=\"([^\"]*)\"");
        std::map<QString, QString> best; // kept f → best α
        for (auto rows = rowPattern.globalMatch(table); rows.hasNext();) {
            const QString row = rows.next().captured(1);
            QStringList values;
            for (auto v = valuePattern.globalMatch(row); v.hasNext();)
                values << v.next().captured(1);
            if (values.size() < 2)
                continue; // the header
            QVERIFY2(row.contains(">validation<"), qPrintable(row));
            best[values[0]] = values[1];
        }
        QCOMPARE(best.size(), size_t(2));
        QCOMPARE(best["0.02"], QString("0.9"));
        QCOMPARE(best["0.5"], QString("0.5"));
    }

    void flopsAreWrittenWithUnits()
    {
        QCOMPARE(storage::flopsText(4.893e12), std::string("4.89 TFLOP"));
        QCOMPARE(storage::flopsText(812e9), std::string("812 GFLOP"));
        QCOMPARE(storage::flopsText(12.34e15), std::string("12.3 PFLOP"));
        QCOMPARE(storage::flopsText(NAN), std::string("—"));
        QCOMPARE(storage::flopsText(0), std::string("0"));
    }
};

QTEST_APPLESS_MAIN(TestCompute)
#include "tst_compute.moc"

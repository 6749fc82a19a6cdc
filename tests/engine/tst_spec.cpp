#include <QtTest>

#include "engine/number_list.h"
#include "engine/spec.h"

#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {

json validSpec()
{
    return json::parse(R"({
        "name": "t",
        "dataset": {"path": "/data/fmnist"},
        "student": {"model": "smallcnn", "train": {"steps": 100}},
        "teacher": {"model": "resnet8x4", "train": {"epochs": 2}},
        "pruning": {"method": "random", "fractions": [0.1, 0.5]},
        "distillation": {"alphas": [0, 0.5], "tau": 4},
        "seeds": [0, 1, 2]
    })");
}

engine::DatasetInfo fakeDataset(int64_t n)
{
    engine::DatasetInfo d;
    d.path = "/data/fmnist";
    d.format = engine::DatasetFormat::Idx;
    d.name = "Fashion-MNIST";
    d.channels = 1;
    d.height = d.width = 28;
    d.classNames = std::vector<std::string>(10, "c");
    d.trainCounts = std::vector<int64_t>(10, n / 10);
    d.testCounts = std::vector<int64_t>(10, 10);
    d.fingerprint = "abc";
    return d;
}

std::string problemsText(const json &spec)
{
    const auto parsed = engine::parseSpec(spec.dump());
    return engine::formatProblems(parsed.problems);
}

} // namespace

class TestSpec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validSpecHasNoProblems()
    {
        const auto parsed = engine::parseSpec(validSpec().dump());
        QVERIFY2(parsed.problems.empty(), engine::formatProblems(parsed.problems).c_str());
        QCOMPARE(parsed.spec.fractions, (std::vector<double> { 0.1, 0.5 }));
        QCOMPARE(parsed.spec.student.budget.unit, engine::BudgetUnit::Steps);
        QCOMPARE(parsed.spec.teacher->recipe.budget.value, int64_t(2));
    }

    void badValuesNameTheirField_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("f = 0") << "/pruning/fractions"
                               << "[0]"
                               << "pruning.fractions[0]: 0 is outside (0, 1]";
        QTest::newRow("f > 1") << "/pruning/fractions"
                               << "[0.5, 1.5]"
                               << "pruning.fractions[1]: 1.5 is outside (0, 1]";
        QTest::newRow("f negative") << "/pruning/fractions"
                                    << "[-0.1]"
                                    << "pruning.fractions[0]: -0.1 is outside";
        QTest::newRow("f NaN text") << "/pruning/fractions"
                                    << "\"nan\""
                                    << "pruning.fractions: 'nan' is not a finite number";
        QTest::newRow("f empty") << "/pruning/fractions"
                                 << "[]"
                                 << "pruning.fractions: the list is empty";
        QTest::newRow("f duplicate") << "/pruning/fractions"
                                     << "[0.1, 0.1]"
                                     << "pruning.fractions: 0.1 appears twice";
        QTest::newRow("f wrong type") << "/pruning/fractions"
                                      << "[\"a\"]"
                                      << "pruning.fractions[0]: expected a number";
        QTest::newRow("α > 1") << "/distillation/alphas"
                               << "[0, 1.2]"
                               << "distillation.alphas[1]: 1.2 is outside [0, 1]";
        QTest::newRow("α < 0") << "/distillation/alphas"
                               << "[-0.5]"
                               << "distillation.alphas[0]: -0.5 is outside [0, 1]";
        QTest::newRow("τ = 0") << "/distillation/tau"
                               << "0"
                               << "distillation.tau: 0 is not a valid temperature: τ must be > 0";
        QTest::newRow("τ < 0") << "/distillation/tau"
                               << "-2"
                               << "distillation.tau: -2 is not a valid temperature";
        QTest::newRow("unknown model") << "/student/model"
                                       << "\"vgg\""
                                       << "student.model: unknown model 'vgg'";
        QTest::newRow("unknown teacher") << "/teacher/model"
                                         << "\"resnet7\""
                                         << "teacher.model: unknown model 'resnet7'";
        QTest::newRow("unknown method")
            << "/pruning/method"
            << "\"el3n\""
            << "pruning.method: unknown method 'el3n'; available: random";
        QTest::newRow("unknown top field") << "/fractions"
                                           << "[0.1]"
                                           << "fractions: unknown field";
        QTest::newRow("unknown nested field") << "/pruning/fraction"
                                              << "[0.1]"
                                              << "pruning.fraction: unknown field; this object "
                                                 "takes class_balanced, fractions, method";
        QTest::newRow("both budgets")
            << "/student/train/epochs"
            << "3"
            << "student.train.steps: give \"epochs\" or \"steps\", not both";
        QTest::newRow("zero steps") << "/student/train/steps"
                                    << "0"
                                    << "student.train.steps: 0 is outside [1, 1000000000]";
        QTest::newRow("batch") << "/student/train/batch_size"
                               << "0"
                               << "student.train.batch_size: 0 is outside [1, 65536]";
        QTest::newRow("lr") << "/student/train/lr"
                            << "0"
                            << "student.train.lr: 0 is outside (0, 100]";
        QTest::newRow("schedule") << "/student/train/schedule"
                                  << "\"step\""
                                  << "student.train.schedule: unknown schedule 'step'";
        QTest::newRow("seed") << "/seeds"
                              << "[1.5]"
                              << "seeds[0]: 1.5 is not a whole number ≥ 0";
        QTest::newRow("device") << "/device"
                                << "\"tpu\""
                                << "device: unknown device 'tpu'";
        QTest::newRow("format") << "/dataset/format"
                                << "\"svhn\""
                                << "dataset.format: unknown format 'svhn'";
        QTest::newRow("type") << "/distillation/tau_squared"
                              << "1"
                              << "distillation.tau_squared: expected true or false, got 1";
    }

    void badValuesNameTheirField()
    {
        QFETCH(QString, pointer);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        json spec = validSpec();
        spec[json::json_pointer(pointer.toStdString())] = json::parse(value.toStdString());
        const std::string problems = problemsText(spec);
        QVERIFY2(problems.find(expected.toStdString()) != std::string::npos, problems.c_str());
    }

    void missingPartsAreReported()
    {
        json spec = validSpec();
        spec.erase("teacher");
        QVERIFY(problemsText(spec).find("teacher: required when any α > 0") != std::string::npos);
        spec["distillation"]["alphas"] = json::array({ 0 });
        QCOMPARE(problemsText(spec), std::string()); // α = 0 alone needs no teacher
        spec["student"]["train"].erase("steps");
        QVERIFY(problemsText(spec).find("student.train: the budget is missing")
                != std::string::npos);
        QVERIFY(engine::parseSpec("{\"name\": ").problems.front().message.find("not valid JSON")
                == 0);
        QVERIFY(engine::parseSpec("[1]").problems.front().message.find("JSON object")
                != std::string::npos);
    }

    void listsAcceptEllipsisRanges()
    {
        json spec = validSpec();
        spec["pruning"]["fractions"] = "0.1, 0.2, ..., 0.5";
        const auto parsed = engine::parseSpec(spec.dump());
        QVERIFY(parsed.problems.empty());
        QCOMPARE(parsed.spec.fractions, (std::vector<double> { 0.1, 0.2, 0.3, 0.4, 0.5 }));
        auto list = engine::parseNumberList("0, 0.25, ..., 1");
        QCOMPARE(std::get<std::vector<double>>(list),
                 (std::vector<double> { 0, 0.25, 0.5, 0.75, 1 }));
        list = engine::parseNumberList("0.1, 0.4, ..., 0.9");
        QVERIFY(std::get<std::string>(list).find("0.9 is not reached from 0.4 in steps of 0.3")
                != std::string::npos);
        list = engine::parseNumberList("0.1, ..., 1");
        QVERIFY(std::holds_alternative<std::string>(list));
    }

    void canonicalJsonRoundTrips()
    {
        const auto parsed = engine::parseSpec(validSpec().dump());
        const std::string canonical = engine::specToJson(parsed.spec);
        const auto again = engine::parseSpec(canonical);
        QVERIFY2(again.problems.empty(), engine::formatProblems(again.problems).c_str());
        QCOMPARE(engine::specToJson(again.spec), canonical);
    }

    void expandsEveryCombination()
    {
        const auto parsed = engine::parseSpec(validSpec().dump());
        std::vector<engine::Problem> problems;
        const auto runs = engine::expandRuns(parsed.spec, fakeDataset(60000), problems);
        QVERIFY(problems.empty());
        QCOMPARE(runs.size(), size_t(2 * 2 * 3));
        QCOMPARE(runs[0].keptCount, int64_t(6000));
        QCOMPARE(runs.back().keptCount, int64_t(30000));
        QVERIFY(!runs[0].teacher); // α = 0
        QCOMPARE(runs[3].teacher->model, std::string("resnet8x4")); // α = 0.5
        QCOMPARE(*runs[0].recipe.cropPadding, int64_t(2)); // resolved for 28×28 data
        QCOMPARE(*runs[0].recipe.flip, false);
    }

    void identityIgnoresPathDeviceAndTauWithoutKd()
    {
        const auto parsed = engine::parseSpec(validSpec().dump());
        std::vector<engine::Problem> problems;
        auto runs = engine::expandRuns(parsed.spec, fakeDataset(60000), problems);
        auto moved = runs[0];
        moved.dataset.path = "/elsewhere";
        moved.device = "cuda:0";
        moved.kd.tau = 2; // α = 0: τ does nothing
        QCOMPARE(engine::runIdentityJson(moved), engine::runIdentityJson(runs[0]));
        QVERIFY(engine::runConfigJson(moved) != engine::runConfigJson(runs[0]));
        auto distilled = runs[3];
        distilled.kd.tau = 2;
        QVERIFY(engine::runIdentityJson(distilled) != engine::runIdentityJson(runs[3]));
        QVERIFY(engine::runConfigJson(runs[3]).find("round(f·N)")
                != std::string::npos); // definition stored
    }

    void alphaScheduleExpandsPerFraction()
    {
        json spec = validSpec();
        spec["pruning"]["fractions"] = json::array({ 0.02, 0.1, 0.5, 1.0 });
        spec["distillation"].erase("alphas");
        spec["distillation"]["alpha_schedule"] = json::parse("[[0.02, 0.9], [0.5, 0.3]]");
        auto parsed = engine::parseSpec(spec.dump());
        QVERIFY2(parsed.problems.empty(), engine::formatProblems(parsed.problems).c_str());
        QVERIFY(parsed.spec.alphas.empty()); // a schedule alone runs only the scheduled α
        // Linear in log f: at f = 0.1, t = ln(0.1/0.02) / ln(0.5/0.02) = ln 5 / ln 25 = 1/2.
        QCOMPARE(engine::scheduledAlpha(parsed.spec.alphaSchedule, 0.1), 0.6);
        QCOMPARE(engine::scheduledAlpha(parsed.spec.alphaSchedule, 0.01), 0.9); // clamped below
        QCOMPARE(engine::scheduledAlpha(parsed.spec.alphaSchedule, 1.0), 0.3); // and above
        std::vector<engine::Problem> problems;
        auto runs = engine::expandRuns(parsed.spec, fakeDataset(60000), problems);
        QCOMPARE(runs.size(), size_t(4 * 3));
        QCOMPARE(runs[3].kd.alpha, 0.6);
        QVERIFY(!runs[3].alphaSchedule.empty());
        QVERIFY(engine::runIdentityJson(runs[0], engine::Identity::Curve)
                == engine::runIdentityJson(runs[3], engine::Identity::Curve)); // one curve across f

        spec["distillation"]["alphas"] = json::array({ 0 }); // plus the α = 0 baseline
        parsed = engine::parseSpec(spec.dump());
        runs = engine::expandRuns(parsed.spec, fakeDataset(60000), problems);
        QCOMPARE(runs.size(), size_t(4 * 2 * 3));
        QVERIFY(runs[0].alphaSchedule.empty()); // the fixed α = 0 run

        spec["distillation"]["alpha_schedule"] = json::parse("[[0.5, 0.3], [0.1, 1.2], 7]");
        const std::string text = problemsText(spec);
        QVERIFY2(text.find("distillation.alpha_schedule[1]: α = 1.2 is outside [0, 1]")
                     != std::string::npos,
                 text.c_str());
        QVERIFY2(text.find("distillation.alpha_schedule[1]: the points must have increasing f")
                     != std::string::npos,
                 text.c_str());
        QVERIFY2(text.find("distillation.alpha_schedule[2]: expected a point [f, α], got 7")
                     != std::string::npos,
                 text.c_str());
    }

    void fractionKeepingNothingIsAProblem()
    {
        json spec = validSpec();
        spec["pruning"]["fractions"] = json::array({ 0.001 });
        const auto parsed = engine::parseSpec(spec.dump());
        std::vector<engine::Problem> problems;
        engine::expandRuns(parsed.spec, fakeDataset(100), problems);
        QCOMPARE(problems.size(), size_t(1));
        QVERIFY(problems[0].message.find("keeps round(f·N) = 0 of the 100") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestSpec)
#include "tst_spec.moc"

#include <QTemporaryDir>
#include <QtTest>

#include "engine/core/number_list.h"
#include "engine/experiment/run_expansion.h"
#include "engine/experiment/spec.h"
#include "engine/experiment/spec_json.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

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
        QTest::newRow("f in per cent") << "/pruning/fractions"
                                       << "[2, 10]"
                                       << "pruning.fractions[0]: 2 is outside (0, 1]: a kept "
                                          "fraction is N_kept / N; did you mean 2 % (0.02)?";
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
            << "pruning.method: unknown method 'el3n'; available: random, el2n, grand, forgetting";
        QTest::newRow("unknown top field") << "/fractions"
                                           << "[0.1]"
                                           << "fractions: unknown field";
        QTest::newRow("unknown nested field") << "/pruning/fraction"
                                              << "[0.1]"
                                              << "pruning.fraction: unknown field; this object "
                                                 "takes class_balanced, direction, fractions, "
                                                 "method, proxy, score_seed, settings, strata";
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
        QTest::newRow("runs at once 0")
            << "/runs_at_once"
            << "0"
            << "runs_at_once: 0: expected \"auto\" or a whole number from 1 to 64";
        QTest::newRow("runs at once word")
            << "/runs_at_once"
            << "\"many\""
            << "runs_at_once: 'many': expected \"auto\" or a whole number from 1 to 64";
        QTest::newRow("runs at once fraction")
            << "/runs_at_once"
            << "1.5"
            << "runs_at_once: 1.5: expected \"auto\" or a whole number from 1 to 64";
        QTest::newRow("format") << "/dataset/format"
                                << "\"tfrecord\""
                                << "dataset.format: unknown format 'tfrecord'";
        QTest::newRow("image size") << "/dataset/image_size"
                                    << "4"
                                    << "dataset.image_size: 4 is outside [8, 512]";
        QTest::newRow("channels") << "/dataset/channels"
                                  << "2"
                                  << "dataset.channels: 2 must be 1 (grey) or 3 (RGB)";
        QTest::newRow("on corrupt") << "/dataset/on_corrupt"
                                    << "\"ignore\""
                                    << "dataset.on_corrupt: 'ignore' must be \"error\" or \"skip\"";
        QTest::newRow("type") << "/distillation/tau_squared"
                              << "1"
                              << "distillation.tau_squared: expected true or false, got 1";
    }

    void runsAtOnceRoundTrips()
    {
        json spec = validSpec();
        spec["runs_at_once"] = 3;
        auto parsed = engine::parseSpec(spec.dump());
        QVERIFY2(parsed.problems.empty(), engine::formatProblems(parsed.problems).c_str());
        QCOMPARE(parsed.spec.runsAtOnce, 3);
        QCOMPARE(engine::parseSpec(engine::specToJson(parsed.spec)).spec.runsAtOnce, 3);
        spec["runs_at_once"] = "auto";
        parsed = engine::parseSpec(spec.dump());
        QVERIFY(parsed.problems.empty());
        QCOMPARE(parsed.spec.runsAtOnce, 0);
        QVERIFY(engine::specToJson(parsed.spec).find("\"runs_at_once\": \"auto\"")
                != std::string::npos);
    }

    void perCentHintOnlyWherePerCentIsLikely()
    {
        json spec = validSpec();
        spec["pruning"]["fractions"] = json::parse("[500]");
        const std::string problems = problemsText(spec);
        QVERIFY2(problems.find("500 is outside (0, 1]") != std::string::npos, problems.c_str());
        QVERIFY2(problems.find("did you mean") == std::string::npos, problems.c_str());
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

    void pruningSettingsAreChecked_data()
    {
        QTest::addColumn<QString>("pruning");
        QTest::addColumn<QString>("expected");
        QTest::newRow("K = 0") << R"({"method": "el2n", "settings": {"proxies": 0}})"
                               << "pruning.settings.proxies: 0 is outside [1, 100]";
        QTest::newRow("K not whole") << R"({"method": "grand", "settings": {"proxies": 1.5}})"
                                     << "pruning.settings.proxies: 1.5 is not a whole number";
        QTest::newRow("β = 1") << R"({"method": "ccs", "settings": {"beta": 1}})"
                               << "pruning.settings.beta: 1 is outside [0, 1)";
        QTest::newRow("β < 0") << R"({"method": "ccs", "settings": {"beta": -0.1}})"
                               << "pruning.settings.beta: -0.1 is outside [0, 1)";
        QTest::newRow("window 1")
            << R"({"method": "dynamic_uncertainty", "settings": {"window": 1}})"
            << "pruning.settings.window: 1 is outside [2, 1000]";
        QTest::newRow("bad choice")
            << R"({"method": "grand", "settings": {"params": "first"}})"
            << "pruning.settings.params: unknown value 'first'; expected one of all, last";
        QTest::newRow("foreign setting")
            << R"({"method": "el2n", "settings": {"window": 3}})"
            << "pruning.settings.window: unknown setting for el2n; it takes proxies, checkpoint, "
               "checkpoint_unit";
        QTest::newRow("random takes none") << R"({"method": "random", "settings": {"k": 1}})"
                                           << "unknown setting for random; it takes none";
        QTest::newRow("file needs a path") << R"({"method": "file"})"
                                           << "pruning.settings.path: required";
        QTest::newRow("direction") << R"({"method": "el2n", "direction": "hard"})"
                                   << "pruning.direction: unknown direction 'hard'";
        QTest::newRow("random direction") << R"({"method": "random", "direction": "hardest"})"
                                          << "random keeps no end of a score";
        QTest::newRow("ccs direction") << R"({"method": "ccs", "direction": "easiest"})"
                                       << "ccs always selects stratified";
        QTest::newRow("ccs base") << R"({"method": "ccs", "settings": {"score": "random"}})"
                                  << "pruning.settings.score: unknown value 'random'";
        QTest::newRow("proxy model") << R"({"method": "el2n", "proxy": {"model": "vgg"}})"
                                     << "pruning.proxy.model: unknown model 'vgg'";
    }

    void pruningSettingsAreChecked()
    {
        QFETCH(QString, pruning);
        QFETCH(QString, expected);
        json spec = validSpec();
        json p = json::parse(pruning.toStdString());
        p["fractions"] = { 0.1 };
        spec["pruning"] = p;
        const std::string problems = problemsText(spec);
        QVERIFY2(problems.find(expected.toStdString()) != std::string::npos, problems.c_str());
    }

    void pruningProblemsThatNeedTheDataset()
    {
        // 1,000 samples, batch 128: 8 steps an epoch.
        const auto expand = [](json pruning, const json &proxyTrain = json()) {
            json spec = validSpec();
            pruning["fractions"] = pruning.value("fractions", json { 0.1 });
            if (!proxyTrain.is_null())
                pruning["proxy"] = { { "train", proxyTrain } };
            spec["pruning"] = pruning;
            auto parsed = engine::parseSpec(spec.dump());
            engine::expandRuns(parsed.spec, fakeDataset(1000), parsed.problems);
            return engine::formatProblems(parsed.problems);
        };
        auto text
            = expand({ { "method", "dynamic_uncertainty" }, { "settings", { { "window", 5 } } } },
                     { { "steps", 30 } });
        QVERIFY2(text.find("pruning.settings.window: dynamic_uncertainty needs 5 complete epochs "
                           "of proxy training and the proxy recipe has 3")
                     != std::string::npos,
                 text.c_str());
        text = expand({ { "method", "forgetting" } }, { { "steps", 5 } });
        QVERIFY2(text.find("pruning.proxy.train: forgetting needs 1 complete epoch")
                     != std::string::npos,
                 text.c_str());
        text = expand({ { "method", "el2n" },
                        { "settings", { { "checkpoint", 5 }, { "checkpoint_unit", "epochs" } } } },
                      { { "epochs", 2 } });
        QVERIFY2(text.find("pruning.settings.checkpoint: 5 epochs is beyond the proxy's 16 "
                           "training steps")
                     != std::string::npos,
                 text.c_str());
        // EL2N's default unit is a fraction of proxy training (read after 10 %).
        text = expand({ { "method", "el2n" }, { "settings", { { "checkpoint", 5 } } } },
                      { { "epochs", 2 } });
        QVERIFY2(text.find("pruning.settings.checkpoint: 5 as a fraction of proxy training: "
                           "expected 0 (at initialisation) to 1 (at the end)")
                     != std::string::npos,
                 text.c_str());
        text = expand({ { "method", "ccs" }, { "fractions", { 0.5, 0.95 } } });
        QVERIFY2(text.find("pruning.fractions[1]: 0.95 keeps more than the 1 − β = 0.9")
                     != std::string::npos,
                 text.c_str());
        QCOMPARE(expand({ { "method", "el2n" } }, { { "epochs", 2 } }), std::string());

        QTemporaryDir dir;
        const std::string shortFile = dir.filePath("short.csv").toStdString();
        std::ofstream(shortFile) << "index,score\n0,1\n";
        text = expand({ { "method", "file" }, { "settings", { { "path", shortFile } } } });
        QVERIFY2(text.find("pruning.settings.path: " + shortFile
                           + ": holds 1 scores; the training set has 1000 samples")
                     != std::string::npos,
                 text.c_str());
        const std::string subsetFile = dir.filePath("kept.csv").toStdString();
        std::ofstream(subsetFile) << "index\n1\n2\n3\n4\n";
        text = expand({ { "method", "subset" },
                        { "settings", { { "path", subsetFile } } },
                        { "fractions", { 0.5 } } });
        QVERIFY2(text.find("0.5 keeps 500 samples but the subset file holds 4; use 0.004")
                     != std::string::npos,
                 text.c_str());
    }

    void scoresAreSharedAcrossFractionsAndAlphasAndDrawnPerSeed()
    {
        json spec = validSpec();
        spec["pruning"] = { { "method", "el2n" }, { "fractions", { 0.1, 0.5 } } };
        auto parsed = engine::parseSpec(spec.dump());
        QVERIFY(parsed.problems.empty());
        QVERIFY(parsed.spec.scorePerRun); // the default
        auto perRun = engine::expandRuns(parsed.spec, fakeDataset(1000), parsed.problems);
        QCOMPARE(perRun.size(), size_t(12));
        std::set<std::string> keys;
        for (const auto &r : perRun) {
            QCOMPARE(r.scoreSeed, r.seed);
            QVERIFY(r.scoreKey.find("\"seed\":" + std::to_string(r.seed)) != std::string::npos);
            keys.insert(r.scoreKey);
        }
        QCOMPARE(keys.size(), parsed.spec.seeds.size()); // one score per seed, shared by f and α
        // Runs that differ only in their seed are one group still (their scores differ as their
        // subsets do), and distinct runs.
        for (const auto &r : perRun)
            if (r.fraction == perRun[0].fraction && r.kd.alpha == perRun[0].kd.alpha) {
                QCOMPARE(engine::runIdentityJson(r, engine::Identity::Group),
                         engine::runIdentityJson(perRun[0], engine::Identity::Group));
                if (r.seed != perRun[0].seed)
                    QVERIFY(engine::runIdentityJson(r) != engine::runIdentityJson(perRun[0]));
            }
        QVERIFY(parsed.spec.seeds.size() > 1);
        QVERIFY(engine::specToJson(parsed.spec).find("\"score_seed\": \"per_run\"")
                != std::string::npos);

        spec["pruning"]["score_seed"] = 0; // one score shared by every run
        parsed = engine::parseSpec(spec.dump());
        QVERIFY(parsed.problems.empty());
        const auto runs = engine::expandRuns(parsed.spec, fakeDataset(1000), parsed.problems);
        QCOMPARE(runs.size(), size_t(12));
        for (const auto &r : runs) {
            QCOMPARE(r.scoreSeed, int64_t(0));
            QCOMPARE(r.scoreKey, runs[0].scoreKey);
            QCOMPARE(r.scoreMethod, std::string("el2n"));
            QCOMPARE(r.direction, engine::Direction::Hardest);
            QCOMPARE(r.proxy->model, std::string("smallcnn")); // the student's by default
        }
        QVERIFY(runs[0].scoreKey.find("\"proxies\":3") != std::string::npos);
        const std::string config = engine::runConfigJson(runs[0]);
        QVERIFY(config.find("‖softmax(f_k(x)) − onehot(y)‖₂") != std::string::npos);
        QVERIFY(config.find("\"direction\":\"hardest\"") != std::string::npos);
        // Another direction keeps the score but is another run.
        spec["pruning"]["direction"] = "easiest";
        parsed = engine::parseSpec(spec.dump());
        const auto easiest = engine::expandRuns(parsed.spec, fakeDataset(1000), parsed.problems);
        QCOMPARE(easiest[0].scoreKey, runs[0].scoreKey);
        QVERIFY(engine::runIdentityJson(easiest[0]) != engine::runIdentityJson(runs[0]));
        QCOMPARE(engine::methodLabel(easiest[0]), std::string("el2n easiest"));
        spec["pruning"]["score_seed"] = "each";
        QVERIFY(problemsText(spec).find("pruning.score_seed: 'each': expected \"per_run\"")
                != std::string::npos);
        spec["pruning"].erase("score_seed");
        // Teacher-embedding methods need the teacher even without distillation.
        spec["pruning"] = { { "method", "moderate" }, { "fractions", { 0.1 } } };
        spec["distillation"]["alphas"] = { 0 };
        spec.erase("teacher");
        QVERIFY(problemsText(spec).find("teacher: required by pruning method moderate")
                != std::string::npos);
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
        QVERIFY(engine::parseSpec("{\"name\": ")
                    .problems.front()
                    .message.find("the spec is not valid JSON")
                == 0);
        // What the JSON parser would take but a spec must not hold.
        const auto firstProblem = [](const std::string &text) {
            const auto parsed = engine::parseSpec(text);
            return parsed.problems.empty() ? std::string() : parsed.problems.front().message;
        };
        QCOMPARE(firstProblem("{\"a\": " + std::string(40, '[') + std::string(40, ']') + "}"),
                 std::string("the spec nests deeper than 32 levels in a[0][0][0][0][0][0][0][0][0]"
                             "[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]; "
                             "a spec needs a handful"));
        QCOMPARE(firstProblem(R"({"pruning": {"fractions": [0.1], "method": "random",
                                  "fractions": [0.2]}})"),
                 std::string("the spec has the key \"fractions\" twice in pruning; JSON would "
                             "keep the last silently"));
        QVERIFY(firstProblem("{\"seeds\": [1" + std::string(400, '9') + "]}")
                    .starts_with("the spec is not valid JSON: [json.exception.out_of_range.406] "
                                 "number overflow parsing"));
        QCOMPARE(firstProblem(std::string(1 << 20, ' ') + "{}"),
                 std::string("the spec is 1,048,578 bytes; a spec holds at most 1,048,576"));
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

    void injectionParsesAndRoundTrips()
    {
        json spec = validSpec();
        spec["dataset"]["inject"] = { { "label_noise", 0.1 },
                                      { "label_mode", "pairs" },
                                      { "corrupt_each", 0.02 },
                                      { "corruptions", { "blur", "shifted_duplicate" } },
                                      { "seed", 9 } };
        const auto parsed = engine::parseSpec(spec.dump());
        QVERIFY2(parsed.problems.empty(), engine::formatProblems(parsed.problems).c_str());
        const auto &in = parsed.spec.injection;
        QCOMPARE(in.labelNoise, 0.1);
        QCOMPARE(in.labelMode, engine::LabelNoise::ClassPairs);
        QCOMPARE(in.corruptEach, 0.02);
        QCOMPARE(in.corruptions,
                 (std::vector<engine::Corruption> { engine::Corruption::Blur,
                                                    engine::Corruption::ShiftedDuplicate }));
        QCOMPARE(in.seed, int64_t(9));
        const auto again = engine::parseSpec(engine::specToJson(parsed.spec));
        QVERIFY(again.spec.injection == in);
        // Without injection the canonical spec does not mention it.
        QVERIFY(engine::specToJson(engine::parseSpec(validSpec().dump()).spec).find("inject")
                == std::string::npos);
        spec["dataset"]["inject"] = { { "corrupt_each", 0.1 }, { "labels", 1 } };
        const std::string problems = problemsText(spec);
        QVERIFY2(problems.find("dataset.inject.corrupt_each: 0.1 × 7 corruptions would corrupt "
                               "more than half of the images")
                         != std::string::npos
                     && problems.find("dataset.inject.labels: unknown field") != std::string::npos,
                 problems.c_str());
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

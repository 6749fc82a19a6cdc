#include <QtTest>

#include "engine/core/errors.h"
#include "engine/data/dataset.h"
#include "engine/data/validation_split.h"
#include "engine/experiment/experiment.h"
#include "engine/experiment/spec_json.h"
#include "tests/support/fixtures.h"

#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <torch/torch.h>

using engine::TrainIndexMap;

namespace {

std::vector<int64_t> labelsOf(const std::vector<int64_t> &counts)
{
    // Classes interleaved (0, 1, 2, 0, 1, …) so that an index is not its class.
    std::vector<int64_t> labels;
    std::vector<int64_t> left = counts;
    while (std::accumulate(left.begin(), left.end(), int64_t(0)) > 0)
        for (size_t c = 0; c < left.size(); ++c)
            if (left[c] > 0) {
                labels.push_back(int64_t(c));
                --left[c];
            }
    return labels;
}

std::vector<int64_t> perClass(const std::vector<int64_t> &labels,
                              const std::vector<int64_t> &indices, int64_t classes)
{
    std::vector<int64_t> counts(size_t(classes), 0);
    for (int64_t i : indices)
        ++counts[size_t(labels[size_t(i)])];
    return counts;
}

std::shared_ptr<const engine::Dataset> tinyDataset(const std::vector<int64_t> &labels)
{
    auto d = std::make_shared<engine::Dataset>();
    const auto n = int64_t(labels.size());
    // Each image holds its own index in its first pixel, so moved rows can be traced.
    d->train.images = torch::zeros({ n, 1, 2, 2 }, torch::kUInt8);
    for (int64_t i = 0; i < n; ++i)
        d->train.images[i][0][0][0] = int(i);
    d->train.labels = torch::tensor(labels, torch::kInt64);
    d->test.images = torch::zeros({ 3, 1, 2, 2 }, torch::kUInt8);
    d->test.labels = torch::tensor(std::vector<int64_t> { 0, 1, 2 }, torch::kInt64);
    d->info.classNames = { "a", "b", "c" };
    engine::summarise(*d);
    return d;
}

} // namespace

class TestValidationSplit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultCountIsTenPerCentUpToFiveThousand()
    {
        QCOMPARE(engine::validationCountFor(std::nullopt, 60000), int64_t(5000));
        QCOMPARE(engine::validationCountFor(std::nullopt, 50000), int64_t(5000));
        QCOMPARE(engine::validationCountFor(std::nullopt, 200), int64_t(20));
        QCOMPARE(engine::validationCountFor(std::nullopt, 7), int64_t(1));
        QCOMPARE(engine::validationCountFor(0.25, 200), int64_t(50));
        QCOMPARE(engine::validationCountFor(0.0, 200), int64_t(0));
        QCOMPARE(engine::validationCountFor(30.0, 200), int64_t(30));
    }

    void quotasFollowTheClassSharesByLargestRemainder()
    {
        // Counts 5, 3, 2 and 4 held out: exact shares 2.0, 1.2, 0.8 → floors 2, 1, 0, and the
        // one left goes to the largest remainder (0.8, class 2): 2, 1, 1.
        const auto labels = labelsOf({ 5, 3, 2 });
        const auto held = engine::stratifiedValidationIndices(labels, 3, 4, 7);
        QCOMPARE(held.size(), size_t(4));
        QCOMPARE(perClass(labels, held, 3), (std::vector<int64_t> { 2, 1, 1 }));
        QVERIFY(std::is_sorted(held.begin(), held.end()));
        QCOMPARE(std::set<int64_t>(held.begin(), held.end()).size(), held.size());

        // Counts 1 and 9 and 5 held out: shares 0.5 and 4.5; class 0 keeps its only image, so
        // both remainders' images come from class 1: 0, 5.
        const auto lopsided = labelsOf({ 1, 9 });
        QCOMPARE(perClass(lopsided, engine::stratifiedValidationIndices(lopsided, 2, 5, 0), 2),
                 (std::vector<int64_t> { 0, 5 }));
    }

    void drawIsSeededAndDiffersBetweenSeeds()
    {
        const auto labels = labelsOf({ 40, 40, 40 });
        const auto a = engine::stratifiedValidationIndices(labels, 3, 12, 1);
        QCOMPARE(engine::stratifiedValidationIndices(labels, 3, 12, 1), a);
        QVERIFY(engine::stratifiedValidationIndices(labels, 3, 12, 2) != a);
        QCOMPARE(perClass(labels, a, 3), (std::vector<int64_t> { 4, 4, 4 }));
    }

    void aClassIsNeverEmptied()
    {
        try {
            engine::stratifiedValidationIndices(labelsOf({ 1, 1 }), 2, 1, 0);
            QFAIL("expected an error");
        } catch (const engine::ConfigError &e) {
            QCOMPARE(QString(e.what()),
                     QString("holding out 1 validation image would leave a "
                             "class without training images; hold out fewer"));
        }
    }

    void holdingOutMovesRowsAndKeepsTheirOrigin()
    {
        const auto labels = labelsOf({ 10, 6, 4 });
        const auto data = tinyDataset(labels);
        const auto split = engine::holdOutValidation(data, 5, 3);
        QCOMPARE(split->validation.size(), int64_t(5));
        QCOMPARE(split->train.size(), int64_t(15));
        QCOMPARE(split->trainOrigin.size(), size_t(15));
        QVERIFY(std::is_sorted(split->trainOrigin.begin(), split->trainOrigin.end()));
        // Every training row is the original row its origin names, image and label.
        for (int64_t i = 0; i < 15; ++i) {
            const int64_t o = split->originalIndex(i);
            QCOMPARE(split->train.images[i][0][0][0].item<int>(), int(o));
            QCOMPARE(split->train.labels[i].item<int64_t>(), labels[size_t(o)]);
        }
        std::set<int64_t> all(split->trainOrigin.begin(), split->trainOrigin.end());
        for (int64_t v = 0; v < 5; ++v)
            all.insert(split->validation.images[v][0][0][0].item<int>());
        QCOMPARE(all.size(), size_t(20)); // a partition of the original rows
        // Shares 2.5, 1.5, 1.0: floors 2, 1, 1 and the tie of remainders to the lower class: 3,
        // 1, 1.
        QCOMPARE(split->info.trainCounts, (std::vector<int64_t> { 7, 5, 3 }));
        QCOMPARE(split->info.validationCount, int64_t(5));
        QCOMPARE(split->info.validationSeed, int64_t(3));
        QCOMPARE(split->info.fingerprint, data->info.fingerprint);
        QCOMPARE(engine::holdOutValidation(data, 0, 3).get(), data.get());
        try {
            engine::holdOutValidation(data, 20, 0);
            QFAIL("expected an error");
        } catch (const engine::ConfigError &e) {
            QVERIFY2(QString(e.what()).startsWith("20 validation images from a training split of "
                                                  "20; hold out fewer"),
                     e.what());
        }
    }

    void indexMapTranslatesBothWays()
    {
        const TrainIndexMap map { { 0, 2, 3, 5 }, 6 };
        QCOMPARE(map.toOriginal(std::vector<int64_t> { 1, 3 }), (std::vector<int64_t> { 2, 5 }));
        const auto stored = map.toOriginal(std::vector<double> { 10, 12, 13, 15 });
        QCOMPARE(stored.size(), size_t(6));
        QVERIFY(std::isnan(stored[1]) && std::isnan(stored[4])); // held out: no score
        QCOMPARE(stored[5], 15.0);
        QCOMPARE(map.toTraining(std::vector<int64_t> { 2, 5 }, "kept.csv"),
                 (std::vector<int64_t> { 1, 3 }));
        QCOMPARE(map.toTraining(std::vector<double> { 10, 11, 12, 13, 14, 15 }),
                 (std::vector<double> { 10, 12, 13, 15 }));
        try {
            map.toTraining(std::vector<int64_t> { 0, 1, 4 }, "kept.csv");
            QFAIL("expected an error");
        } catch (const engine::DataError &e) {
            QCOMPARE(QString(e.what()),
                     QString("kept.csv: 2 of its indices (the first 1) are in the validation "
                             "split, which no run trains on; set dataset.validation to 0 or use "
                             "another validation_seed"));
        }
        const TrainIndexMap same { {}, 3 };
        QCOMPARE(same.toOriginal(std::vector<int64_t> { 2, 0 }), (std::vector<int64_t> { 2, 0 }));
    }

    void experimentsHoldOutBeforeAnythingAndRecordIt()
    {
        QTemporaryDir dir;
        const std::filesystem::path data = dir.filePath("idx").toStdString();
        fixtures::writeIdxDataset(data, 200, 40, false);
        nlohmann::json spec { { "dataset", { { "path", data.string() } } },
                              { "student",
                                { { "model", "smallcnn" }, { "train", { { "steps", 2 } } } } },
                              { "pruning", { { "method", "random" }, { "fractions", { 0.5 } } } } };
        auto parsed = engine::parseSpec(spec.dump());
        QVERIFY(parsed.problems.empty());
        QVERIFY(!parsed.spec.validation); // the default: 10 % of 200
        const auto experiment = engine::Experiment::prepare(parsed.spec);
        QCOMPARE(experiment.data()->validation.size(), int64_t(20));
        QCOMPARE(experiment.data()->train.size(), int64_t(180));
        const auto &run = experiment.runs().at(0);
        QCOMPARE(run.keptCount, int64_t(90)); // f of the 180 left for training
        const auto identity = nlohmann::json::parse(engine::runIdentityJson(run));
        QCOMPARE(identity["dataset"]["validation"]["count"].get<int64_t>(), int64_t(20));
        QCOMPARE(identity["dataset"]["train_size"].get<int64_t>(), int64_t(180));

        spec["dataset"]["validation"] = 0;
        const auto none = engine::Experiment::prepare(engine::parseSpec(spec.dump()).spec);
        QCOMPARE(none.data()->validation.size(), int64_t(0));
        QVERIFY(
            !nlohmann::json::parse(engine::runIdentityJson(none.runs().at(0)))["dataset"].contains(
                "validation"));

        for (const auto &[value, message] :
             { std::pair { nlohmann::json(-1), "-1: expected a count" },
               std::pair { nlohmann::json(2.5), "2.5: expected a count" } }) {
            spec["dataset"]["validation"] = value;
            const auto bad = engine::parseSpec(spec.dump());
            QCOMPARE(bad.problems.size(), size_t(1));
            QCOMPARE(QString::fromStdString(bad.problems[0].field), QString("dataset.validation"));
            QVERIFY2(QString::fromStdString(bad.problems[0].message).startsWith(message),
                     bad.problems[0].message.c_str());
        }
        spec["dataset"]["validation"] = 200;
        try {
            engine::Experiment::prepare(engine::parseSpec(spec.dump()).spec);
            QFAIL("expected an error");
        } catch (const engine::ConfigError &e) {
            QVERIFY2(QString(e.what()).startsWith("dataset.validation: 200 validation images from "
                                                  "a training split of 200"),
                     e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestValidationSplit)
#include "tst_validation_split.moc"

#include <QtTest>

#include "engine/data/dataset.h"
#include "engine/experiment/experiment_store.h"
#include "engine/quality/injected_dataset.h"
#include "engine/quality/out_of_sample.h"
#include "engine/quality/sample_quality.h"
#include "tests/support/fixtures.h"

#include <map>
#include <torch/torch.h>

namespace {

/// Only the score cache of a store: what assessSamples reads and writes.
class ScoreOnlyStore : public engine::ExperimentStore
{
public:
    std::map<std::string, std::vector<double>> scores;
    int saves = 0;

    std::vector<bool> registerExperiment(const engine::ExperimentSpec &,
                                         const std::vector<engine::RunConfig> &runs) override
    {
        return std::vector<bool>(runs.size(), false);
    }
    std::optional<engine::TeacherRecord> findTeacher(const std::string &) override
    {
        return std::nullopt;
    }
    std::filesystem::path teacherCheckpointPath(const std::string &) override { return {}; }
    void saveTeacher(const std::string &, const engine::TeacherRecord &) override { }
    std::optional<std::vector<double>> findScores(const std::string &key) override
    {
        auto it = scores.find(key);
        return it == scores.end() ? std::nullopt : std::make_optional(it->second);
    }
    void saveScores(const std::string &key, const engine::ScoreRecord &record) override
    {
        scores[key] = record.values;
        ++saves;
    }
};

std::shared_ptr<engine::Dataset> patternDataset(int64_t trainN, int64_t testN, int64_t classes)
{
    auto data = std::make_shared<engine::Dataset>();
    for (auto [split, n, seed] :
         { std::tuple { &data->train, trainN, 1 }, std::tuple { &data->test, testN, 2 } }) {
        const auto images = fixtures::patternImages(n, classes, 1, 28, 28, uint64_t(seed));
        split->images = torch::from_blob(const_cast<uint8_t *>(images.pixels.data()),
                                         { n, 1, 28, 28 }, torch::kUInt8)
                            .clone();
        split->labels
            = torch::tensor(std::vector<int64_t>(images.labels.begin(), images.labels.end()));
    }
    for (int64_t c = 0; c < classes; ++c)
        data->info.classNames.push_back("class " + std::to_string(c));
    data->info.name = "patterns";
    engine::summarise(*data);
    return data;
}

} // namespace

class TestSampleQuality : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aurocMatchesPairCounting()
    {
        // Positive-negative pairs ranked right: (0.9 > 0.8), (0.9 > 0.1), (0.7 > 0.1); wrong:
        // (0.7 < 0.8) → 3/4.
        QCOMPARE(engine::auroc({ 0.9, 0.8, 0.7, 0.1 }, { true, false, true, false }), 0.75);
        QCOMPARE(engine::auroc({ 3, 2, 1 }, { true, false, false }), 1.0);
        QCOMPARE(engine::auroc({ 1, 2, 3 }, { true, false, false }), 0.0);
        // A tie between a positive and a negative counts one half.
        QCOMPARE(engine::auroc({ 0.5, 0.5 }, { true, false }), 0.5);
        QCOMPARE(engine::auroc({ 0.9, 0.5, 0.5, 0.1 }, { true, true, false, false }), 0.875);
        QVERIFY(std::isnan(engine::auroc({ 1, 2 }, { true, true })));
        const auto pr
            = engine::precisionRecall({ true, true, false, true }, { true, false, false, true });
        QCOMPARE(pr.flagged, int64_t(3));
        QCOMPARE(pr.truePositives, int64_t(2));
        QCOMPARE(pr.precision(), 2.0 / 3.0);
        QCOMPARE(pr.recall(), 1.0);
    }

    void foldsAreStratifiedAndSeeded()
    {
        std::vector<int64_t> labels;
        for (int c = 0; c < 3; ++c)
            for (int i = 0; i < (c == 0 ? 8 : 4); ++i)
                labels.push_back(c);
        const auto y = torch::tensor(labels);
        const auto folds = engine::stratifiedFolds(y, 3, 4, 11);
        for (int k = 0; k < 4; ++k)
            for (int c = 0; c < 3; ++c)
                QCOMPARE((folds.eq(k) & y.eq(c)).sum().item<int64_t>(), int64_t(c == 0 ? 2 : 1));
        QVERIFY(torch::equal(folds, engine::stratifiedFolds(y, 3, 4, 11)));
        QVERIFY(!torch::equal(folds, engine::stratifiedFolds(y, 3, 4, 12)));
    }

    void flagsFollowTheirRulesOnHandMadeInputs()
    {
        auto data = patternDataset(40, 10, 4);
        const int64_t n = 40, k = 4;
        // Out-of-sample probabilities placed in the store by hand: 0.85 on the given label,
        // 0.05 elsewhere, except sample 7 (label y7), which puts 0.9 on (y7 + 1) mod 4.
        auto p = torch::full({ n, k }, 0.05, torch::kDouble);
        const auto y = data->train.labels;
        for (int64_t i = 0; i < n; ++i)
            p[i][y[i].item<int64_t>()] = 0.85;
        const int64_t y7 = y[7].item<int64_t>(), other = (y7 + 1) % k;
        p[7] = 0.0333333333;
        p[7][other] = 0.9;
        p[7][y7] = 1.0 - 0.9 - 2 * 0.0333333333;
        // Sample j: the given label unlikely (0.05) but no other class near its threshold.
        int64_t j = 10;
        while (y[j].item<int64_t>() == y7 || y[j].item<int64_t>() == other)
            ++j;
        const int64_t yj = y[j].item<int64_t>();
        p[j] = 0.30;
        p[j][yj] = 0.05;
        p[j][(yj + 1) % k] = 0.35;
        // Sample 3 darkened, sample 6 an exact copy of sample 5.
        data->train.images[3] = (data->train.images[3].to(torch::kFloat) * 0.1).to(torch::kUInt8);
        data->train.images[6] = data->train.images[5];
        ScoreOnlyStore store;
        engine::OutOfSampleOptions options;
        options.repeats = 1; // one cross-validation: its store key is the one written here
        const auto key = engine::outOfSampleKey(data->info.fingerprint, options);
        const auto flat = p.contiguous();
        store.scores[key]
            = std::vector<double>(flat.data_ptr<double>(), flat.data_ptr<double>() + flat.numel());
        // The teacher disagrees with sample 0 with p ≈ 0.98; AUM is negative for sample 1.
        auto teacherLogits = torch::zeros({ n, k });
        for (int64_t i = 0; i < n; ++i)
            teacherLogits[i][y[i].item<int64_t>()] = 5.0;
        const int64_t t0 = (y[0].item<int64_t>() + 2) % k;
        teacherLogits[0] = 0.0;
        teacherLogits[0][t0] = 5.0;
        std::vector<double> aum(size_t(n), 2.0);
        aum[1] = -1.0;

        int trainingStages = 0;
        engine::QualityInputs in;
        in.dataset = data.get();
        in.oos = options;
        in.store = &store;
        in.teacherLogits = teacherLogits;
        in.aum = aum;
        in.onProgress = [&](const std::string &stage, double) {
            trainingStages += stage.rfind("Training", 0) == 0;
        };
        const auto q = engine::assessSamples(in);
        QCOMPARE(trainingStages, 0); // read from the store
        QCOMPARE(store.saves, 0);
        const auto t = engine::defaultThresholds(q);
        using engine::Flag;
        // The calibrated joint holds one sample in cell (y7, other), and one sample is off its
        // diagonal; the flag takes 1 + √1 = 2, the two highest noise posteriors: sample 7 and
        // sample j (below).
        QCOMPARE(q.labelIssues.joint.estimated(y7, other), int64_t(1));
        QCOMPARE(q.labelIssues.joint.estimatedErrors(), int64_t(1));
        QCOMPARE(q.estimatedLabelErrors, int64_t(2));
        auto flaggedSet = [&](Flag f, const engine::FlagThresholds &th) {
            std::vector<int64_t> out;
            for (int64_t i = 0; i < n; ++i)
                if (q.flagged(f, i, th))
                    out.push_back(i);
            return out;
        };
        QCOMPARE(flaggedSet(Flag::LabelIssue, t), (std::vector<int64_t> { 7, j }));
        QCOMPARE(q.suggestedLabel(7), other);
        QCOMPARE(q.suggestedLabel(8), y[8].item<int64_t>());
        const auto reason = QString::fromStdString(q.reason(Flag::LabelIssue, 7));
        QVERIFY2(reason.contains("'class " + QString::number(other) + "' has p 0.90")
                     && reason.contains("estimates 1 sample given 'class " + QString::number(y7)
                                        + "' are 'class " + QString::number(other)
                                        + "' (lowest_quality)"),
                 qPrintable(reason));
        // The label-issue score is the noise posterior. Every other sample but j reaches its
        // class's median (0.85) and sits on the diagonal; sample 7 (p 0.9 ≥ 0.85) is the one count
        // of noise, in (y7, other). One against none is within chance (1 ≤ 3√1), so it is read as
        // symmetric noise: s = 1/12 on each of the 12 off-diagonal cells. With one added on the
        // diagonal, column c sums to d_c + 3s, d_c = 1 + #labelled c − [c = y7] − [c = y_j], and
        // P(wrong) = Σ_{c≠y7} T[y7][c]·p_c / Σ_c T[y7][c]·p_c, T[y7][c] = s / (d_c + 3s) off the
        // diagonal and d_y7 / (d_y7 + 3s) on it.
        const double s = 1.0 / 12;
        auto posteriorWrong = [&](int64_t i) {
            const int64_t given = y[i].item<int64_t>();
            double numerator = 0, denominator = 0;
            for (int64_t c = 0; c < k; ++c) {
                const double d
                    = 1.0 + double(y.eq(c).sum().item<int64_t>()) - (c == y7) - (c == yj);
                const double tc = (c == given ? d : s) / (d + 3 * s);
                const double pc = p[i][c].item<double>();
                denominator += tc * pc;
                if (c != given)
                    numerator += tc * pc;
            }
            return numerator / denominator;
        };
        const double wrong = posteriorWrong(7);
        QVERIFY2(std::abs(q.score(Flag::LabelIssue, 7) - float(wrong)) < 1e-5,
                 qPrintable(QString::number(q.score(Flag::LabelIssue, 7))));
        QVERIFY(wrong > 0.1 && wrong < 0.5);
        // Sample j (p 0.05 on its label) is in no cell of the joint (no class reaches its
        // threshold). The noise posterior reads it under the same symmetric noise, below sample
        // 7 (its self-confidence says 0.95) and above every other sample, so the one standard
        // error more takes it, suggesting its likeliest other class.
        QVERIFY2(std::abs(q.score(Flag::LabelIssue, j) - float(posteriorWrong(j))) < 1e-5,
                 qPrintable(QString::number(q.score(Flag::LabelIssue, j))));
        QVERIFY(q.score(Flag::LabelIssue, j) < q.score(Flag::LabelIssue, 7));
        QCOMPARE(q.labelIssues.selfConfidence[j].item<float>(), 0.05f);
        QCOMPARE(t[Flag::LabelIssue], 0.0);
        QCOMPARE(q.suggestedLabel(j), (yj + 1) % k);
        const auto reasonJ = QString::fromStdString(q.reason(Flag::LabelIssue, j));
        QVERIFY2(reasonJ.contains("has p 0.35; among the 2 labels least likely right; no cell of "
                                  "confident learning's joint holds it (lowest_quality)"),
                 qPrintable(reasonJ));
        // A threshold between the two scores keeps sample 7 only; above both, none.
        auto strict = t;
        strict[Flag::LabelIssue] = (q.score(Flag::LabelIssue, j) + wrong) / 2;
        QCOMPARE(flaggedSet(Flag::LabelIssue, strict), std::vector<int64_t> { 7 });
        strict[Flag::LabelIssue] = 0.99;
        QVERIFY(flaggedSet(Flag::LabelIssue, strict).empty());

        QCOMPARE(flaggedSet(Flag::TeacherDisagrees, t), std::vector<int64_t> { 0 });
        QVERIFY(QString::fromStdString(q.reason(Flag::TeacherDisagrees, 0))
                    .contains("predicts 'class " + QString::number(t0) + "' with p 0.98"));
        QCOMPARE(q.suggestedLabel(0), t0);
        QCOMPARE(flaggedSet(Flag::LowAum, t), std::vector<int64_t> { 1 });
        QCOMPARE(q.score(Flag::LowAum, 1), float(1 / (1 + std::exp(-1.0))));
        QCOMPARE(flaggedSet(Flag::Dark, t), std::vector<int64_t> { 3 });
        QCOMPARE(flaggedSet(Flag::ExactDuplicate, t), (std::vector<int64_t> { 5, 6 }));
        QVERIFY(QString::fromStdString(q.reason(Flag::ExactDuplicate, 5)).contains("sample 6"));
        // No original sizes for a fixed-size format: the odd-size flag never fires.
        QVERIFY(flaggedSet(Flag::OddSize, t).empty());

        // Without teacher and AUM those flags are unavailable, not silently zero.
        in.teacherLogits = torch::Tensor();
        in.aum.clear();
        const auto bare = engine::assessSamples(in);
        QVERIFY(!bare.available(Flag::TeacherDisagrees));
        QVERIFY(!bare.available(Flag::LowAum));
        QVERIFY(
            QString::fromStdString(bare.reason(Flag::TeacherDisagrees, 0)).contains("no teacher"));
        in.aum = { 1.0, 2.0 };
        QVERIFY_THROWS_EXCEPTION(engine::ConfigError, engine::assessSamples(in));
    }

    void oddSizeComparesWithTheMedianSide()
    {
        auto data = patternDataset(5, 5, 2);
        ScoreOnlyStore store;
        engine::OutOfSampleOptions options;
        options.repeats = 1; // one cross-validation: its store key is the one written here
        store.scores[engine::outOfSampleKey(data->info.fingerprint, options)]
            = std::vector<double>(10, 0.5);
        engine::QualityInputs in;
        in.dataset = data.get();
        in.store = &store;
        in.imageSide = { 100, 100, 100, 40, 250 };
        const auto q = engine::assessSamples(in);
        QCOMPARE(q.score(engine::Flag::OddSize, 0), 0.0f);
        QCOMPARE(q.score(engine::Flag::OddSize, 3), 0.6f);
        QCOMPARE(q.score(engine::Flag::OddSize, 4), 0.6f);
    }

    void outOfSampleProbabilitiesComeFromModelsThatDidNotSeeTheSample()
    {
        auto data = patternDataset(400, 100, 4);
        engine::OutOfSampleOptions options;
        options.repeats = 1; // one cross-validation: its store key is the one written here
        options.epochs = 2;
        options.batchSize = 32;
        std::vector<std::string> stages;
        ScoreOnlyStore store;
        engine::QualityInputs in;
        in.dataset = data.get();
        in.oos = options;
        in.store = &store;
        in.onProgress = [&](const std::string &stage, double) {
            if (stages.empty() || stages.back() != stage)
                stages.push_back(stage);
        };
        const auto q = engine::assessSamples(in);
        QCOMPARE(
            std::count_if(stages.begin(), stages.end(),
                          [](const std::string &s) { return s.rfind("Training fold", 0) == 0; }),
            long(4));
        QCOMPARE(store.saves, 1);
        QCOMPARE(q.oosProbabilities.sizes(), (torch::IntArrayRef { 400, 4 }));
        QVERIFY(torch::allclose(q.oosProbabilities.sum(1), torch::ones({ 400 }), 1e-5, 1e-5));
        // The patterns are learnable: held-out accuracy far above chance (25 %).
        const double accuracy = q.oosProbabilities.argmax(1)
                                    .eq(data->train.labels)
                                    .to(torch::kDouble)
                                    .mean()
                                    .item<double>();
        QVERIFY2(accuracy > 0.8, std::to_string(accuracy).c_str());
        // A second assessment reads them back instead of training.
        stages.clear();
        const auto again = engine::assessSamples(in);
        QVERIFY(stages.empty() || stages.front().rfind("Training", 0) != 0);
        QCOMPARE(store.saves, 1);
        QVERIFY(torch::allclose(again.oosProbabilities, q.oosProbabilities));
        in.oos.folds = 1;
        QVERIFY_THROWS_EXCEPTION(engine::ConfigError, engine::assessSamples(in));

        // Two repeats: the stored one (seed 0) is read, only repeat 2 (seed 1) trains, and the
        // probabilities are the mean of the two stored matrices.
        in.oos.folds = 4;
        in.oos.repeats = 2;
        stages.clear();
        const auto two = engine::assessSamples(in);
        QCOMPARE(store.saves, 2);
        QVERIFY(!stages.empty());
        for (const auto &stage : stages)
            QVERIFY2(stage.rfind("Training", 0) != 0, stage.c_str()); // none without "Repeat"
        QCOMPARE(std::count_if(stages.begin(), stages.end(),
                               [](const std::string &s) {
                                   return s.rfind("Repeat 2/2: Training fold", 0) == 0;
                               }),
                 long(4));
        QVERIFY(!two.oosFromStore);
        auto seeded = options;
        seeded.seed = 1;
        const auto &second
            = store.scores.at(engine::outOfSampleKey(data->info.fingerprint, seeded));
        const auto secondP = torch::tensor(second, torch::kDouble).view({ 400, 4 });
        // Another split and other initial weights: not the same probabilities.
        QVERIFY((secondP - q.oosProbabilities.to(torch::kDouble)).abs().max().item<double>()
                > 1e-4);
        const auto mean = (q.oosProbabilities.to(torch::kDouble) + secondP) / 2;
        QVERIFY(torch::allclose(two.oosProbabilities.to(torch::kDouble), mean, 1e-6, 1e-6));
        const auto fromStore = engine::assessSamples(in);
        QVERIFY(fromStore.oosFromStore);
        QCOMPARE(store.saves, 2);
        in.oos.repeats = 11;
        try {
            engine::assessSamples(in);
            QFAIL("11 repeats were accepted");
        } catch (const engine::ConfigError &e) {
            QCOMPARE(std::string(e.what()),
                     std::string("repeats of the cross-validation 11 must be between 1 and 10"));
        }
    }

    void theTeacherBlendIsWhatConfidentLearningReads()
    {
        // Hand-made: 6 samples of 2 classes; out of sample every label looks right, the teacher
        // is sure that sample 5 (given 1) is class 0.
        const auto labels = torch::tensor(std::vector<int64_t> { 0, 0, 0, 1, 1, 1 });
        const auto oos = torch::tensor(std::vector<float> { 0.9f, 0.1f, 0.8f, 0.2f, 0.9f, 0.1f,
                                                            0.1f, 0.9f, 0.2f, 0.8f, 0.4f, 0.6f },
                                       torch::kFloat)
                             .view({ 6, 2 });
        auto teacher = oos.clone();
        teacher[5] = torch::tensor(std::vector<float> { 0.98f, 0.02f });
        engine::SampleQuality q;
        q.count = 6;
        q.numClasses = 2;
        q.labels = labels;
        q.oosProbabilities = oos;
        q.scores.resize(engine::allFlags().size());
        engine::LabelIssueOptions options;
        options.teacherWeight = 0.5;
        // Without a teacher the weight is ignored and said so.
        engine::chooseLabelIssues(q, options);
        QVERIFY(!q.labelIssues.teacherBlended);
        QVERIFY(q.labelIssues.probabilities.equal(oos));
        QCOMPARE(q.labelIssues.likelyError.sum().item<int64_t>(), int64_t(0));
        q.teacherProbabilities = teacher;
        engine::chooseLabelIssues(q, options);
        QVERIFY(q.labelIssues.teacherBlended);
        // Sample 5 reads (0.4 + 0.98) / 2 = 0.69 for class 0, below class 0's threshold (the
        // mean p_0 of the samples labelled 0, (0.9 + 0.8 + 0.9) / 3 = 0.867), so the blend at
        // 0.5 does not flag it; at weight 1 (0.98 ≥ 0.867) it does.
        QVERIFY(torch::allclose(q.labelIssues.probabilities[5],
                                torch::tensor(std::vector<float> { 0.69f, 0.31f })));
        QCOMPARE(q.labelIssues.likelyError.sum().item<int64_t>(), int64_t(0));
        options.teacherWeight = 1;
        engine::chooseLabelIssues(q, options);
        // One off the diagonal, so 1 + √1 = 2 flagged: sample 5 and the next by label quality.
        QCOMPARE(q.labelIssues.likelyError.sum().item<int64_t>(), int64_t(2));
        QVERIFY(q.labelIssues.likelyError[5].item<bool>());
        QCOMPARE(q.labelIssues.suggested[5].item<int64_t>(), int64_t(0));
        QVERIFY(q.reason(engine::Flag::LabelIssue, 5).find("blended with the teacher")
                != std::string::npos);
        options.teacherWeight = 1.5;
        try {
            engine::chooseLabelIssues(q, options);
            QFAIL("a weight of 1.5 was accepted");
        } catch (const engine::ConfigError &e) {
            QCOMPARE(std::string(e.what()),
                     std::string("the teacher's weight in the label-issue probabilities is 1.5; "
                                 "expected a number in [0, 1]"));
        }
    }

    void injectionIntoADatasetKeepsTheTruthAndChangesTheFingerprint()
    {
        auto clean = patternDataset(200, 20, 4);
        engine::InjectionSpec spec;
        spec.labelNoise = 0.1;
        spec.corruptEach = 0.05;
        spec.corruptions = { engine::Corruption::Darken, engine::Corruption::Duplicate };
        spec.seed = 3;
        const auto injected = engine::injectIntoDataset(clean, spec);
        const auto &d = *injected.data;
        const auto &truth = injected.truth;
        QCOMPARE(truth.labelFlipped.sum().item<int64_t>(), int64_t(20));
        QVERIFY(torch::equal(d.train.labels.ne(clean->train.labels), truth.labelFlipped));
        QVERIFY(torch::equal(truth.originalLabels, clean->train.labels));
        QCOMPARE(truth.corruption.ge(0).sum().item<int64_t>(), int64_t(20));
        QCOMPARE(truth.corruption.eq(int64_t(engine::Corruption::Duplicate)).sum().item<int64_t>(),
                 int64_t(10));
        // The clean dataset is untouched; the test split is shared; the fingerprint moved.
        QVERIFY(!torch::equal(d.train.images, clean->train.images));
        QVERIFY(torch::equal(d.test.images, clean->test.images));
        QVERIFY(d.info.fingerprint != clean->info.fingerprint);
        QVERIFY2(QString::fromStdString(d.info.loadNote)
                     .contains("injected 10 % symmetric label noise (20 labels); 5 % each of "
                               "darken, duplicate (20 images), seed 3"),
                 d.info.loadNote.c_str());
        // Seeded: the same spec, the same data; without injection, the clean dataset itself.
        QCOMPARE(engine::injectIntoDataset(clean, spec).data->info.fingerprint, d.info.fingerprint);
        QVERIFY(engine::injectIntoDataset(clean, {}).data == clean);
        QVERIFY(!engine::injectIntoDataset(clean, {}).truth.defined());
        spec.corruptEach = 0.6;
        QVERIFY_THROWS_EXCEPTION(engine::ConfigError, engine::injectIntoDataset(clean, spec));
    }
};

QTEST_GUILESS_MAIN(TestSampleQuality)
#include "tst_sample_quality.moc"

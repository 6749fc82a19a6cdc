#include <QtTest>

#include "engine/core/errors.h"
#include "engine/data/augment.h"
#include "engine/data/dataset.h"
#include "engine/data/device_data.h"
#include "engine/models/model_factory.h"
#include "engine/train/pace_probe.h"
#include "engine/train/trainer.h"
#include "tests/support/fixtures.h"
#include "tests/support/pattern_dataset.h"

#include <torch/torch.h>

namespace {

engine::TrainRecipe recipe(int64_t steps, int64_t batch)
{
    engine::TrainRecipe r;
    r.budget = { engine::BudgetUnit::Steps, steps };
    r.batchSize = batch;
    r.lr = 0.05;
    r.cropPadding = 0;
    r.flip = false;
    r.evalPoints = 4;
    return r;
}

std::shared_ptr<engine::Classifier> model(uint64_t seed)
{
    torch::manual_seed(seed);
    return engine::buildModel("smallcnnx0.25", { 1, 28, 28 }, 10);
}

} // namespace

class TestTraining : public QObject
{
    Q_OBJECT

private:
    engine::Dataset m_dataset = fixtures::tinyDataset(300, 200);
    engine::DeviceData m_data = engine::DeviceData::upload(m_dataset, torch::kCPU);

    engine::TrainJob job(int64_t steps)
    {
        engine::TrainJob j;
        j.data = &m_data;
        j.indices = torch::arange(m_data.trainSize(), torch::kInt64);
        j.recipe = recipe(steps, 32);
        j.seed = 3;
        return j;
    }

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    void lossDropsAndAccuracyRises()
    {
        auto m = model(1);
        auto j = job(80);
        std::vector<engine::EvalMetrics> evals;
        j.onEval = [&](const engine::EvalMetrics &e) {
            evals.push_back(e);
        };
        const auto result = engine::train(*m, j);
        QCOMPARE(evals.size(), size_t(4));
        QCOMPARE(evals.back().step, int64_t(80));
        QVERIFY2(evals.back().trainLoss < 0.5 * evals.front().trainLoss,
                 qPrintable(
                     QString("%1 → %2").arg(evals.front().trainLoss).arg(evals.back().trainLoss)));
        QVERIFY2(result.final.testAccuracy > 0.9,
                 qPrintable(QString::number(result.final.testAccuracy)));
        QCOMPARE(result.steps, int64_t(80));
        // An epoch of 300 samples in batches of 32 is 10 steps (the last batch holds 12).
        QCOMPARE(evals.back().epoch, 8.0);
    }

    void sameSeedSameResult()
    {
        auto a = model(5), b = model(5);
        auto ja = job(20), jb = job(20);
        ja.recipe.cropPadding = jb.recipe.cropPadding = 2;
        ja.recipe.flip = jb.recipe.flip = true;
        const auto ra = engine::train(*a, ja), rb = engine::train(*b, jb);
        QCOMPARE(ra.final.testLoss, rb.final.testLoss);
        QCOMPARE(ra.final.trainLoss, rb.final.trainLoss);
    }

    void cancellationStopsWithinOneStep()
    {
        auto m = model(1);
        auto j = job(1000);
        std::stop_source stop;
        j.stop = stop.get_token();
        int64_t lastStep = 0;
        j.onStep = [&](const engine::StepEvent &e) {
            lastStep = e.step;
            if (e.step == 7)
                stop.request_stop();
        };
        QVERIFY_THROWS_EXCEPTION(engine::Cancelled, engine::train(*m, j));
        QCOMPARE(lastStep, int64_t(7));
    }

    void cachedTeacherLogitsEqualOnlineTeacher()
    {
        auto teacher = model(9);
        engine::train(*teacher, job(30));
        teacher->eval();
        const auto cached = engine::predictLogits(*teacher, m_data.trainImages, m_data.normalizer);

        auto withCache = model(4), online = model(4);
        auto j1 = job(15), j2 = job(15);
        j1.kd = j2.kd = { 0.7, 4.0, true };
        j1.teacher.cachedLogits = cached;
        j2.teacher.model = teacher.get();
        const auto r1 = engine::train(*withCache, j1), r2 = engine::train(*online, j2);
        auto plain = model(4);
        const auto r0 = engine::train(*plain, job(15));
        QVERIFY2(std::fabs(r1.final.trainLoss - r0.final.trainLoss) > 1e-3,
                 "the teacher changes the loss");
        QVERIFY2(std::fabs(r1.final.trainLoss - r2.final.trainLoss) < 1e-4,
                 qPrintable(QString("%1 vs %2").arg(r1.final.trainLoss).arg(r2.final.trainLoss)));
    }

    void distillationWithoutTeacherIsRefused()
    {
        auto m = model(1);
        auto j = job(5);
        j.kd.alpha = 0.5;
        QVERIFY_THROWS_EXCEPTION(engine::ConfigError, engine::train(*m, j));
    }

    void divergenceFailsTheRun()
    {
        auto m = model(1);
        auto j = job(40);
        j.recipe.lr = 1e6;
        j.recipe.schedule.kind = engine::ScheduleKind::Constant;
        try {
            engine::train(*m, j);
            QFAIL("a diverged run must fail");
        } catch (const std::runtime_error &e) {
            QVERIFY2(std::string(e.what()).find("training diverged: the loss is not finite")
                         != std::string::npos,
                     e.what());
        }
    }

    void subsetTrainingSeesOnlyKeptSamples()
    {
        // Training on 4 samples for 3 epochs: 3 × ⌈4 / 32⌉ = 3 steps, epoch counter 3.
        auto m = model(1);
        auto j = job(1);
        j.recipe.budget = { engine::BudgetUnit::Epochs, 3 };
        j.indices = torch::tensor(std::vector<int64_t> { 0, 5, 9, 200 });
        std::vector<engine::EvalMetrics> evals;
        j.onEval = [&](const engine::EvalMetrics &e) {
            evals.push_back(e);
        };
        const auto result = engine::train(*m, j);
        QCOMPARE(result.steps, int64_t(3));
        QCOMPARE(evals.size(), size_t(3));
        QCOMPARE(evals.back().epoch, 3.0);
    }

    void cropAndFlipMatchSlicing()
    {
        const auto x
            = torch::arange(2 * 1 * 4 * 5, torch::kInt64).view({ 2, 1, 4, 5 }).to(torch::kUInt8);
        engine::AugmentDraw draw;
        draw.offsetY = { 0, 3 };
        draw.offsetX = { 2, 1 };
        draw.flip = { false, true };
        const auto out = engine::augmentBatch(x, 2, draw);
        const auto padded = torch::constant_pad_nd(x, { 2, 2, 2, 2 }, 0);
        QVERIFY(torch::equal(out[0], padded[0].slice(1, 0, 4).slice(2, 2, 7)));
        QVERIFY(torch::equal(out[1], padded[1].slice(1, 3, 7).slice(2, 1, 6).flip(2)));
    }

    void evaluationCountsCorrectPredictions()
    {
        auto m = model(2);
        const auto [loss, accuracy]
            = engine::evaluate(*m, m_data.testImages, m_data.testLabels, m_data.normalizer);
        torch::NoGradGuard guard;
        m->eval();
        const auto logits = m->forward(m_data.normalizer.apply(m_data.testImages));
        const double expected
            = logits.argmax(1).eq(m_data.testLabels).to(torch::kDouble).mean().item<double>();
        QCOMPARE(accuracy, expected);
        QVERIFY(
            std::fabs(
                loss
                - torch::nn::functional::cross_entropy(logits, m_data.testLabels).item<double>())
            < 1e-5);
    }

    void paceProbeTimesASteps()
    {
        const double seconds
            = engine::measureStepSeconds("smallcnnx0.25", { 1, 28, 28 }, 10, 32, "cpu");
        QVERIFY2(seconds > 0 && seconds < 5, qPrintable(QString::number(seconds)));
        QVERIFY_THROWS_EXCEPTION(engine::ConfigError,
                                 engine::measureStepSeconds("vgg", { 1, 28, 28 }, 10, 32, "cpu"));
    }

    void normalizerStandardises()
    {
        const auto x = m_data.normalizer.apply(m_data.trainImages);
        QVERIFY(std::fabs(x.mean().item<double>()) < 1e-4);
        QVERIFY(std::fabs(x.std(false).item<double>() - 1.0) < 1e-4);
    }
};

QTEST_APPLESS_MAIN(TestTraining)
#include "tst_training.moc"

// Batch-norm statistics re-estimated for an early read of a proxy (EL2N, GraNd): checked against
// the same layer's statistics computed directly from whole batches.
#include <QtTest>

#include "engine/data/device_data.h"
#include "engine/models/small_cnn.h"
#include "engine/prune/proxy_spec.h"
#include "engine/train/batch_norm_stats.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

namespace {

torch::nn::BatchNorm2dImpl *firstNorm(torch::nn::Module &model)
{
    for (const auto &m : model.modules(false))
        if (auto *bn = m->as<torch::nn::BatchNorm2dImpl>())
            return bn;
    return nullptr;
}

} // namespace

class TestBatchNormStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstLayerStatisticsAreTheBatchAverages()
    {
        torch::manual_seed(3);
        engine::DeviceData data;
        data.trainImages = torch::randint(0, 256, { 256, 1, 8, 8 }, torch::kUInt8);
        data.trainLabels = torch::randint(0, 10, { 256 }, torch::kInt64);
        data.normalizer = engine::Normalizer::fromImages(data.trainImages, torch::kCPU);
        engine::SmallCnn model(engine::InputShape { 1, 8, 8 }, 10, 0.25);
        engine::SmallCnn reference(engine::InputShape { 1, 8, 8 }, 10, 0.25);
        {
            torch::NoGradGuard noGrad;
            auto from = model.parameters();
            auto to = reference.parameters();
            for (size_t i = 0; i < from.size(); ++i)
                to[i].copy_(from[i]);
        }
        auto *bn = firstNorm(model);
        QVERIFY(bn);
        bn->running_mean.fill_(5.0); // stale statistics, as at an early checkpoint
        bn->running_var.fill_(9.0);
        model.eval();
        const auto weightsBefore = model.parameters()[0].clone();

        engine::reestimateBatchNorm(model, data, 256);

        // The reference: each batch of 128 on its own, with momentum 1 (the running values become
        // that batch's statistics); the re-estimate is their average.
        auto *ref = firstNorm(reference);
        ref->options.momentum(1.0);
        reference.train(true);
        std::vector<torch::Tensor> means, vars;
        {
            torch::NoGradGuard noGrad;
            for (int64_t start : { 0, 128 }) {
                reference.forward(
                    data.normalizer.apply(data.trainImages.slice(0, start, start + 128)));
                means.push_back(ref->running_mean.clone());
                vars.push_back(ref->running_var.clone());
            }
        }
        const auto mean = (means[0] + means[1]) / 2;
        const auto var = (vars[0] + vars[1]) / 2;
        QVERIFY2(torch::allclose(bn->running_mean, mean, 1e-5, 1e-6),
                 qPrintable(QString::number((bn->running_mean - mean).abs().max().item<double>())));
        QVERIFY(torch::allclose(bn->running_var, var, 1e-5, 1e-6));
        // Nothing else changed: weights, momentum, eval mode.
        QVERIFY(torch::equal(model.parameters()[0], weightsBefore));
        QCOMPARE(bn->options.momentum().value_or(-1), 0.1);
        QVERIFY(!model.is_training());
    }

    void checkpointFractionsCountProxySteps()
    {
        engine::TrainRecipe proxy;
        proxy.budget = { engine::BudgetUnit::Steps, 900 };
        proxy.batchSize = 128;
        using nlohmann::json;
        const json early { { "checkpoint", 0.1 }, { "checkpoint_unit", "fraction" } };
        const json init { { "checkpoint", 0 }, { "checkpoint_unit", "fraction" } };
        const json end { { "checkpoint", 0 }, { "checkpoint_unit", "epochs" } };
        QCOMPARE(engine::checkpointStep(early, proxy, 55000), int64_t(90));
        QCOMPARE(engine::checkpointStep(init, proxy, 55000), int64_t(0));
        QCOMPARE(engine::checkpointStep(end, proxy, 55000), int64_t(900));
    }
};

QTEST_APPLESS_MAIN(TestBatchNormStats)
#include "tst_batch_norm_stats.moc"

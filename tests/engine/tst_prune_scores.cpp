// Pruning scores against hand-known answers: EL2N of a given softmax, GraNd of a linear model
// against its analytic gradient, forgetting counts and AUM on scripted predictions, the dynamic
// uncertainty window arithmetic, the uncertainty measures, k-means, the class median, herding
// and k-center greedy orders.
#include <QtTest>

#include "engine/models/classifier.h"
#include "engine/prune/score_math.h"

#include <cmath>
#include <torch/torch.h>

namespace {

/// logits = W·x + b on flattened inputs: features() is the flattened input itself, so the
/// last layer is every parameter and GraNd has a closed form.
class LinearModel : public engine::Classifier
{
public:
    LinearModel(int64_t in, int64_t classes)
    {
        fc = register_module("fc", torch::nn::Linear(in, classes));
    }
    torch::Tensor features(torch::Tensor x) override { return x.flatten(1); }
    torch::Tensor forward(torch::Tensor x) override { return fc(features(x)); }
    torch::nn::Linear fc { nullptr };
};

/// Logits whose softmax is p exactly (log p up to a constant).
torch::Tensor logitsFor(std::vector<std::vector<double>> rows)
{
    std::vector<torch::Tensor> out;
    for (auto &r : rows)
        out.push_back(torch::tensor(r, torch::kDouble).log());
    return torch::stack(out);
}

} // namespace

class TestPruneScores : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void el2nOfAGivenSoftmax()
    {
        // p = (0.7, 0.2, 0.1), y = 0: ‖(−0.3, 0.2, 0.1)‖ = √0.14; y = 2: ‖(0.7, 0.2, −0.9)‖ =
        // √1.34.
        const auto z = logitsFor({ { 0.7, 0.2, 0.1 }, { 0.7, 0.2, 0.1 } });
        const auto s = engine::el2nOf(z, torch::tensor({ 0, 2 }, torch::kInt64));
        QVERIFY(std::abs(s[0].item<double>() - std::sqrt(0.14)) < 1e-6);
        QVERIFY(std::abs(s[1].item<double>() - std::sqrt(1.34)) < 1e-6);
    }

    void uncertaintyMeasures()
    {
        const auto z = logitsFor({ { 0.5, 0.3, 0.2 } });
        const double entropy = -(0.5 * std::log(0.5) + 0.3 * std::log(0.3) + 0.2 * std::log(0.2));
        QVERIFY(std::abs(engine::uncertaintyOf(z, "entropy")[0].item<double>() - entropy) < 1e-6);
        QVERIFY(std::abs(engine::uncertaintyOf(z, "margin")[0].item<double>() - 0.2) < 1e-6);
        QVERIFY(std::abs(engine::uncertaintyOf(z, "least_confidence")[0].item<double>() - 0.5)
                < 1e-6);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, engine::uncertaintyOf(z, "variance"));
    }

    void grandOfALinearModelMatchesItsAnalyticGradient()
    {
        torch::manual_seed(3);
        LinearModel model(5, 4);
        const auto x = torch::randn({ 6, 5 });
        const auto y = torch::tensor({ 0, 1, 2, 3, 0, 1 }, torch::kInt64);
        // ∇_W CE = (p − e_y) xᵀ, ∇_b = p − e_y ⇒ ‖∇‖² = ‖p − e_y‖² (‖x‖² + 1).
        torch::Tensor expected;
        {
            torch::NoGradGuard g;
            const auto p = torch::softmax(model.forward(x), 1).to(torch::kDouble);
            const auto d = p - torch::one_hot(y, 4).to(torch::kDouble);
            expected = d.norm(2, 1) * (x.to(torch::kDouble).pow(2).sum(1) + 1).sqrt();
        }
        const auto all = engine::gradNormAll(model, x, y);
        const auto last = engine::gradNormLast(model, x, y);
        for (int64_t i = 0; i < 6; ++i) {
            QVERIFY2(std::abs(all[i].item<double>() - expected[i].item<double>()) < 1e-5,
                     qPrintable(QString::number(all[i].item<double>())));
            QVERIFY(std::abs(last[i].item<double>() - expected[i].item<double>()) < 1e-5);
        }
    }

    void forgettingAumAndDynamicUncertaintyFromScriptedPredictions()
    {
        // Three samples, two classes, four epochs, each sample presented once per epoch.
        // Sample 0 (y=0): correct, wrong, correct, wrong → 2 forgetting events.
        // Sample 1 (y=1): never correct → +inf (or 0).
        // Sample 2 (y=0): wrong, correct, correct, correct → 0 events.
        const double m[4][3] = { { 2, 1, -1 }, { -1, 3, 1 }, { 1, 2, 2 }, { -2, 1, 3 } };
        engine::TrainingDynamics d(3, 4, torch::kCPU);
        const auto labels = torch::tensor({ 0, 1, 0 }, torch::kInt64);
        for (int e = 0; e < 4; ++e) {
            // logit of class 0 = m, class 1 = 0: margin of y=0 is m, of y=1 is −m.
            auto z = torch::zeros({ 3, 2 });
            for (int i = 0; i < 3; ++i)
                z[i][0] = m[e][i];
            // Present in a shuffled order, in two minibatches, as an epoch's permutation would.
            const auto first = torch::tensor({ 2, 0 }, torch::kInt64);
            const auto second = torch::tensor({ 1 }, torch::kInt64);
            d.record(first, z.index_select(0, first), labels.index_select(0, first));
            d.record(second, z.index_select(0, second), labels.index_select(0, second));
        }
        QCOMPARE(d.completeEpochs(), int64_t(4));
        const auto f = d.forgetting(true);
        QCOMPARE(f[0].item<double>(), 2.0);
        QVERIFY(std::isinf(f[1].item<double>()));
        QCOMPARE(f[2].item<double>(), 0.0);
        QCOMPARE(d.forgetting(false)[1].item<double>(), 0.0);

        const auto aum = d.aum();
        QVERIFY(std::abs(aum[0].item<double>() - (2 - 1 + 1 - 2) / 4.0) < 1e-9);
        QVERIFY(std::abs(aum[1].item<double>() + (1 + 3 + 2 + 1) / 4.0) < 1e-9);
        QVERIFY(std::abs(aum[2].item<double>() - (-1 + 1 + 2 + 3) / 4.0) < 1e-9);

        // p(y) per epoch for sample 0: σ(m); windows of J = 2 → 3 windows of two values, each
        // population std = |a − b| / 2; the score is their mean.
        const auto sigma = [](double v) {
            return 1.0 / (1.0 + std::exp(-v));
        };
        double expected = 0;
        for (int k = 0; k < 3; ++k)
            expected += std::abs(sigma(m[k][0]) - sigma(m[k + 1][0])) / 2.0 / 3.0;
        const auto du = d.dynamicUncertainty(2);
        QVERIFY2(std::abs(du[0].item<double>() - expected) < 1e-6,
                 qPrintable(QString::number(du[0].item<double>())));
        // J = 4: one window, the population std of all four epochs.
        std::vector<double> p;
        for (int e = 0; e < 4; ++e)
            p.push_back(sigma(m[e][2]));
        const double mean = (p[0] + p[1] + p[2] + p[3]) / 4;
        double var = 0;
        for (double v : p)
            var += (v - mean) * (v - mean) / 4;
        QVERIFY(std::abs(d.dynamicUncertainty(4)[2].item<double>() - std::sqrt(var)) < 1e-6);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, d.dynamicUncertainty(5));
    }

    void kmeansFindsSeparatedClusters()
    {
        // Two tight groups around (0,0) and (10,0): with k = 2 each point is 1 from its centroid.
        const auto x = torch::tensor({ { -1.0, 0.0 }, { 1.0, 0.0 }, { 9.0, 0.0 }, { 11.0, 0.0 } });
        const auto d = engine::kmeansDistance(x, 2, 7);
        for (int i = 0; i < 4; ++i)
            QVERIFY(std::abs(d[i].item<double>() - 1.0) < 1e-9);
        // k = 1: distance to the mean (5, 0).
        const auto one = engine::kmeansDistance(x, 1, 7);
        QVERIFY(std::abs(one[0].item<double>() - 6.0) < 1e-9);
        QVERIFY(std::abs(one[1].item<double>() - 4.0) < 1e-9);
    }

    void distanceToTheComponentWiseMedian()
    {
        // Median of (0, 1, 2, 10) per component = 1.5 (NumPy's mean of the middle two).
        const auto x = torch::tensor({ { 0.0, 0.0 }, { 1.0, 1.0 }, { 2.0, 2.0 }, { 10.0, 10.0 } });
        const auto d = engine::distanceToMedian(x);
        QVERIFY(std::abs(d[0].item<double>() - 1.5 * std::sqrt(2.0)) < 1e-9);
        QVERIFY(std::abs(d[3].item<double>() - 8.5 * std::sqrt(2.0)) < 1e-9);
    }

    void kcenterGreedyOnALine()
    {
        // Points 0, 1, 2, 6, 10 on a line, starting at 0: the farthest is 10; then 6 (4 from its
        // nearest chosen point, against 2 for the point 2); then 2; then 1.
        const auto x = torch::tensor({ { 0.0 }, { 1.0 }, { 2.0 }, { 6.0 }, { 10.0 } });
        const auto order = engine::kcenterOrder(x, 0);
        QCOMPARE(order, (std::vector<int64_t> { 0, 4, 3, 2, 1 }));
        // From 10: 0 (10 away), then 6 (4 from 10, against 2 for the point 2), then 2, then 1.
        QCOMPARE(engine::kcenterOrder(x, 4), (std::vector<int64_t> { 1, 4, 3, 2, 0 }));
    }

    void herdingOrderOfASmallSet()
    {
        // Points 0, 1, 2, 3, 10; mean 3.2. Step 1: closest to 3.2 → 3 (index 3).
        // Step 2: target 6.4 − 3 = 3.4 → 3 is taken, 2 (|2 − 3.4| = 1.4) vs 10 (6.6) → 2.
        // Step 3: target 9.6 − 5 = 4.6 → 1 (3.6) vs 0 (4.6) vs 10 (5.4) → 1.
        // Step 4: target 12.8 − 6 = 6.8 → 10 (3.2) vs 0 (6.8) → 10. Step 5: 0.
        const auto x = torch::tensor({ { 0.0 }, { 1.0 }, { 2.0 }, { 3.0 }, { 10.0 } });
        const auto order = engine::herdingOrder(x);
        QCOMPARE(order, (std::vector<int64_t> { 4, 2, 1, 0, 3 }));
        // DeepCore's rule takes the farthest from the target instead. Step 1: target 3.2 → 10.
        // Step 2: target 6.4 − 10 = −3.6 → 3 (6.6). Step 3: 9.6 − 13 = −3.4 → 2 (5.4).
        // Step 4: 12.8 − 15 = −2.2 → 1 (3.2) vs 0 (2.2) → 1. Step 5: 0.
        QCOMPARE(engine::herdingOrder(x, true), (std::vector<int64_t> { 4, 3, 2, 1, 0 }));
    }
};

QTEST_APPLESS_MAIN(TestPruneScores)
#include "tst_prune_scores.moc"

#include <QtTest>

#include "engine/distill/kd_loss.h"

#include <cmath>
#include <torch/torch.h>
#include <vector>

namespace {

using Rows = std::vector<std::vector<double>>;

std::vector<double> softmax(const std::vector<double> &z, double tau)
{
    double maxZ = z[0];
    for (double v : z)
        maxZ = std::max(maxZ, v);
    std::vector<double> p(z.size());
    double sum = 0;
    for (size_t i = 0; i < z.size(); ++i)
        sum += (p[i] = std::exp((z[i] - maxZ) / tau));
    for (double &v : p)
        v /= sum;
    return p;
}

/// The loss written out term by term in doubles, independently of the engine.
double handLoss(const Rows &zs, const Rows &zt, const std::vector<int64_t> &y, double alpha,
                double tau, bool tau2)
{
    double ce = 0, kl = 0;
    for (size_t b = 0; b < zs.size(); ++b) {
        ce += -std::log(softmax(zs[b], 1.0)[y[b]]);
        const auto ps = softmax(zs[b], tau), pt = softmax(zt[b], tau);
        for (size_t k = 0; k < ps.size(); ++k)
            kl += pt[k] * (std::log(pt[k]) - std::log(ps[k]));
    }
    const double n = double(zs.size());
    return (1 - alpha) * ce / n + alpha * (tau2 ? tau * tau : 1.0) * kl / n;
}

torch::Tensor tensor(const Rows &rows)
{
    std::vector<float> flat;
    for (const auto &r : rows)
        flat.insert(flat.end(), r.begin(), r.end());
    return torch::tensor(flat).view({ int64_t(rows.size()), int64_t(rows[0].size()) });
}

const Rows kStudent { { 1.0, 2.0, 0.5 }, { -0.3, 0.2, 2.5 } };
const Rows kTeacher { { 0.0, 3.0, -1.0 }, { 1.5, -0.5, 0.7 } };
const std::vector<int64_t> kLabels { 1, 2 };

} // namespace

class TestKdLoss : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesHandComputation_data()
    {
        QTest::addColumn<double>("alpha");
        QTest::addColumn<double>("tau");
        QTest::addColumn<bool>("tauSquared");
        QTest::newRow("α=0.5 τ=4 τ²") << 0.5 << 4.0 << true;
        QTest::newRow("α=0.9 τ=2 τ²") << 0.9 << 2.0 << true;
        QTest::newRow("α=1 τ=1") << 1.0 << 1.0 << true;
        QTest::newRow("α=0.3 τ=3 no τ²") << 0.3 << 3.0 << false;
    }

    void matchesHandComputation()
    {
        QFETCH(double, alpha);
        QFETCH(double, tau);
        QFETCH(bool, tauSquared);
        const auto loss = engine::kdLoss(tensor(kStudent), tensor(kTeacher), torch::tensor(kLabels),
                                         { alpha, tau, tauSquared });
        QVERIFY(std::fabs(loss.total.item<double>()
                          - handLoss(kStudent, kTeacher, kLabels, alpha, tau, tauSquared))
                < 1e-5);
    }

    void alphaZeroIsPlainCrossEntropy()
    {
        const auto logits = tensor(kStudent);
        const auto labels = torch::tensor(kLabels);
        const auto loss = engine::kdLoss(logits, torch::Tensor(), labels, { 0.0, 4.0, true });
        const double ce = torch::nn::functional::cross_entropy(logits, labels).item<double>();
        QCOMPARE(loss.total.item<double>(), ce);
        QVERIFY(std::fabs(ce - handLoss(kStudent, kTeacher, kLabels, 0.0, 4.0, true)) < 1e-6);
        QVERIFY(!loss.kd.defined()); // no teacher needed at α = 0
    }

    void tauSquaredScalesTheKdTerm()
    {
        const double tau = 3.0;
        const auto with = engine::kdLoss(tensor(kStudent), tensor(kTeacher), torch::tensor(kLabels),
                                         { 1.0, tau, true });
        const auto without = engine::kdLoss(tensor(kStudent), tensor(kTeacher),
                                            torch::tensor(kLabels), { 1.0, tau, false });
        QVERIFY(std::fabs(with.total.item<double>() - tau * tau * without.total.item<double>())
                < 1e-5);
        QVERIFY(std::fabs(with.kd.item<double>() - without.kd.item<double>()) < 1e-7);
    }

    void kdGradientHasClosedForm()
    {
        // d/dz_s [τ²·KL(p_t ‖ p_s)] = τ·(softmax(z_s/τ) − softmax(z_t/τ)) / B.
        const double tau = 2.0;
        auto zs = tensor(kStudent).requires_grad_(true);
        const auto loss
            = engine::kdLoss(zs, tensor(kTeacher), torch::tensor(kLabels), { 1.0, tau, true });
        loss.total.backward();
        for (size_t b = 0; b < kStudent.size(); ++b) {
            const auto ps = softmax(kStudent[b], tau), pt = softmax(kTeacher[b], tau);
            for (size_t k = 0; k < ps.size(); ++k) {
                const double expected = tau * (ps[k] - pt[k]) / double(kStudent.size());
                QVERIFY(std::fabs(zs.grad()[b][k].item<double>() - expected) < 1e-6);
            }
        }
    }

    void identicalLogitsGiveZeroKd()
    {
        const auto loss = engine::kdLoss(tensor(kStudent), tensor(kStudent), torch::tensor(kLabels),
                                         { 0.7, 4.0, true });
        QVERIFY(std::fabs(loss.kd.item<double>()) < 1e-7);
        QVERIFY(std::fabs(loss.total.item<double>() - 0.3 * loss.ce.item<double>()) < 1e-6);
    }
};

QTEST_APPLESS_MAIN(TestKdLoss)
#include "tst_kdloss.moc"

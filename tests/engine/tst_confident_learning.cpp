#include <QtTest>

#include "engine/quality/confident_learning.h"

#include <torch/torch.h>

class TestConfidentLearning : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void handMadeProbabilities()
    {
        // Labels 0 0 1 1 2 2; sample 3 looks like a 0, sample 4 like a 1.
        const auto p = torch::tensor({ 0.90, 0.05, 0.05, //
                                       0.60, 0.30, 0.10, //
                                       0.10, 0.80, 0.10, //
                                       0.80, 0.15, 0.05, //
                                       0.10, 0.60, 0.30, //
                                       0.10, 0.10, 0.80 },
                                     torch::kDouble)
                           .view({ 6, 3 });
        const auto y = torch::tensor({ 0, 0, 1, 1, 2, 2 }, torch::kInt64);
        // The joint's two off-diagonal samples and one standard error more (2 + √2 → 3), by
        // self-confidence. (The default noise posterior would trust sample 4: no confidently
        // recognised sample of class 1 carries label 2.)
        const auto r = engine::findLabelIssues(
            p, y, { engine::LabelFilter::LowestQuality, engine::LabelRanking::SelfConfidence });
        // t_0 = (0.9 + 0.6)/2, t_1 = (0.8 + 0.15)/2, t_2 = (0.3 + 0.8)/2.
        QCOMPARE(r.thresholds.size(), size_t(3));
        QVERIFY(std::abs(r.thresholds[0] - 0.75) < 1e-12);
        QVERIFY(std::abs(r.thresholds[1] - 0.475) < 1e-12);
        QVERIFY(std::abs(r.thresholds[2] - 0.55) < 1e-12);
        // Samples 3 (p_y 0.15) and 4 (0.3) are off the diagonal; sample 1 (0.6) reaches no
        // threshold (0.6 < 0.75) but is the third lowest, so it is taken with its likeliest other
        // class suggested; samples 2 and 5 (0.8) are not.
        const std::vector<bool> errors { false, true, false, true, true, false };
        const std::vector<int64_t> suggested { 0, 1, 1, 0, 1, 2 };
        for (int64_t i = 0; i < 6; ++i) {
            QCOMPARE(r.likelyError[i].item<bool>(), errors[size_t(i)]);
            QCOMPARE(r.suggested[i].item<int64_t>(), suggested[size_t(i)]);
        }
        QVERIFY(std::abs(r.selfConfidence[3].item<float>() - 0.15f) < 1e-6f);
        QVERIFY(std::abs(r.normalizedMargin[3].item<float>() - 0.175f) < 1e-6f); // (0.15−0.8+1)/2
        QVERIFY(std::abs(r.normalizedMargin[0].item<float>() - 0.925f) < 1e-6f); // (0.9−0.05+1)/2
    }

    void classWithoutSamplesNeverQualifies()
    {
        const auto p
            = torch::tensor({ 0.2, 0.1, 0.7, 0.6, 0.3, 0.1 }, torch::kDouble).view({ 2, 3 });
        const auto y = torch::tensor({ 0, 1 }, torch::kInt64);
        // The off-diagonal samples themselves (pruning needs more than one sample a class).
        const auto r = engine::findLabelIssues(
            p, y, { engine::LabelFilter::ConfidentLearning, engine::LabelRanking::SelfConfidence });
        QCOMPARE(r.thresholds[2], 2.0); // above any probability
        // Sample 0 is mostly class 2, which no sample carries: not an error of this kind.
        QVERIFY(!r.likelyError[0].item<bool>());
        // Sample 1 (label 1, t_1 = 0.3) has class 0 at 0.6 ≥ t_0 = 0.2: an error, suggested 0.
        QVERIFY(r.likelyError[1].item<bool>());
        QCOMPARE(r.suggested[1].item<int64_t>(), int64_t(0));
        // Prune by noise rate, like cleanlab, leaves classes of one sample alone.
        QVERIFY(!engine::findLabelIssues(p, y,
                                         { engine::LabelFilter::PruneByNoiseRate,
                                           engine::LabelRanking::SelfConfidence })
                     .likelyError.any()
                     .item<bool>());
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument,
            engine::findLabelIssues(p, torch::tensor({ 0, 3 }, torch::kInt64)));
    }
};

QTEST_GUILESS_MAIN(TestConfidentLearning)
#include "tst_confident_learning.moc"

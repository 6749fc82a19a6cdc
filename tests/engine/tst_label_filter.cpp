#include <QtTest>

#include "engine/quality/label_filter.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

using engine::LabelFilter;
using engine::LabelRanking;

namespace {

std::vector<int64_t> flaggedIndices(const engine::LabelIssueSelection &s)
{
    std::vector<int64_t> out;
    for (size_t i = 0; i < s.flagged.size(); ++i)
        if (s.flagged[i])
            out.push_back(int64_t(i));
    return out;
}

// 11 samples, 3 classes, worked by hand below.
const std::vector<double> kHandP {
    .90, .05, .05, .80, .10, .10, .20, .75, .05, .40, .45, .15, .42, .30, .28, // given 0
    .10, .85, .05, .05, .70, .25, .60, .35, .05, // given 1
    .05, .05, .90, .10, .20, .70, .20, .20, .60, // given 2
};
const std::vector<int64_t> kHandY { 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2 };

// A 60 × 4 matrix from a 64-bit LCG that Python reproduces exactly; each sample leans to its
// true class i mod 4 and to the next one, and a quarter of the labels are moved to the next class.
struct Generated
{
    std::vector<double> p;
    std::vector<int64_t> y;
};
Generated generated(int n = 60)
{
    uint64_t s = 12345;
    auto u = [&] {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return double(s >> 11) / 9007199254740992.0;
    };
    Generated g;
    const int k = 4;
    for (int i = 0; i < n; ++i) {
        const int t = i % k;
        double row[k];
        for (double &r : row)
            r = u();
        row[t] += 2.0 * u();
        row[(t + 1) % k] += 1.0 * u();
        double total = 0;
        for (double r : row)
            total += r;
        for (double r : row)
            g.p.push_back(r / total);
        g.y.push_back(u() < 0.25 ? (t + 1) % k : t);
    }
    return g;
}

} // namespace

class TestLabelFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void handWorkedJoint()
    {
        const engine::ClassProbabilities in { kHandP, kHandY, 3 };
        const auto cj = engine::confidentJoint(in);
        // t_0 = (.9 + .8 + .2 + .4 + .42) / 5, t_1 = (.85 + .7 + .35) / 3, t_2 = (.9 + .7 + .6)
        // / 3.
        QVERIFY(std::abs(cj.thresholds[0] - 0.544) < 1e-12);
        QVERIFY(std::abs(cj.thresholds[1] - 1.9 / 3) < 1e-12);
        QVERIFY(std::abs(cj.thresholds[2] - 2.2 / 3) < 1e-12);
        // Samples 3, 4, 9, 10 reach no threshold; 2 is confidently a 1, 7 confidently a 0.
        QCOMPARE(cj.confidentClass, (std::vector<int64_t> { 0, 0, 1, -1, -1, 1, 1, 0, 2, -1, -1 }));
        QCOMPARE(cj.counts, (std::vector<int64_t> { 2, 1, 0, 1, 2, 0, 0, 0, 1 }));
        // Rows scaled to n = (5, 3, 3): row 0 × 5/3 = (3.33, 1.67, 0) → (3, 2, 0); row 2 × 3.
        QCOMPARE(cj.calibrated, (std::vector<int64_t> { 3, 2, 0, 1, 2, 0, 0, 0, 3 }));
        QCOMPARE(cj.estimatedErrors(), int64_t(3));
    }

    void handWorkedFilters()
    {
        const engine::ClassProbabilities in { kHandP, kHandY, 3 };
        const auto cj = engine::confidentJoint(in);
        // Cell (0, 1) takes 2 of class 0 by p_1 − p_0: samples 2 (+.55) and 3 (+.05); cell (1, 0)
        // takes 1 of class 1 by p_0 − p_1: sample 7 (+.25). Sample 3 is in no off-diagonal cell.
        const auto noise = engine::selectLabelIssues(in, cj, LabelFilter::PruneByNoiseRate);
        QCOMPARE(flaggedIndices(noise), (std::vector<int64_t> { 2, 3, 7 }));
        QCOMPARE(noise.suggested[2], int64_t(1));
        QCOMPARE(noise.suggested[3], int64_t(1));
        QCOMPARE(noise.suggested[7], int64_t(0));
        QCOMPARE(noise.suggested[0], int64_t(0));
        // By class: 5 − 3 lowest p_0 (2: .20, 3: .40) and 3 − 2 lowest p_1 (7: .35).
        QCOMPARE(flaggedIndices(engine::selectLabelIssues(in, cj, LabelFilter::PruneByClass)),
                 (std::vector<int64_t> { 2, 3, 7 }));
        QCOMPARE(flaggedIndices(engine::selectLabelIssues(in, cj, LabelFilter::Both)),
                 (std::vector<int64_t> { 2, 3, 7 }));
        QCOMPARE(flaggedIndices(engine::selectLabelIssues(in, cj, LabelFilter::ConfidentLearning)),
                 (std::vector<int64_t> { 2, 7 }));
        // Two off-diagonal samples and one standard error more, 2 + √2 = 3.41 → 3: the three
        // lowest p_y, 2 (.20), 7 (.35) and 3 (.40).
        QCOMPARE(flaggedIndices(engine::selectLabelIssues(in, cj, LabelFilter::LowestQuality)),
                 (std::vector<int64_t> { 2, 3, 7 }));
    }

    void likeliestGivenLabelIsNeverFlagged()
    {
        // Sample 3 becomes (.45, .40, .15): still second in cell (0, 1) by margin (−.05), but its
        // given label is its likeliest class, so it is dropped.
        auto p = kHandP;
        p[9] = .45;
        p[10] = .40;
        const engine::ClassProbabilities in { p, kHandY, 3 };
        const auto cj = engine::confidentJoint(in);
        QCOMPARE(cj.calibrated, (std::vector<int64_t> { 3, 2, 0, 1, 2, 0, 0, 0, 3 }));
        QCOMPARE(flaggedIndices(engine::selectLabelIssues(in, cj, LabelFilter::PruneByNoiseRate)),
                 (std::vector<int64_t> { 2, 7 }));
        // By class now takes 2 (.20) and 4 (.42) of class 0; 4's label is its likeliest class.
        QCOMPARE(flaggedIndices(engine::selectLabelIssues(in, cj, LabelFilter::PruneByClass)),
                 (std::vector<int64_t> { 2, 7 }));
    }

    void qualityScores()
    {
        const engine::ClassProbabilities in { kHandP, kHandY, 3 };
        const auto self = engine::labelQuality(in, LabelRanking::SelfConfidence);
        const auto margin = engine::labelQuality(in, LabelRanking::NormalizedMargin);
        const auto cwe = engine::labelQuality(in, LabelRanking::ConfidenceWeightedEntropy);
        QCOMPARE(self[2], 0.20);
        QVERIFY(std::abs(margin[2] - 0.225) < 1e-12); // (.20 − .75 + 1) / 2
        QVERIFY(std::abs(margin[4] - 0.56) < 1e-12); // (.42 − .30 + 1) / 2
        // H = −(.2 ln .2 + .75 ln .75 + .05 ln .05) / ln 3 = .625731; x = H / .2; ln(1 + x) / x.
        const double h = -(0.2 * std::log(0.2) + 0.75 * std::log(0.75) + 0.05 * std::log(0.05))
            / std::log(3.0);
        QVERIFY(std::abs(h - 0.625731) < 1e-6);
        QVERIFY(std::abs(cwe[2] - std::log1p(h / 0.2) / (h / 0.2)) < 1e-12);
        QVERIFY(std::abs(cwe[2] - 0.4532) < 1e-4);
        const auto ranked
            = engine::selectLabelIssues(in, engine::confidentJoint(in), LabelFilter::LowestQuality,
                                        LabelRanking::NormalizedMargin);
        // Three (2 + √2 rounded), by margin: 2 (.225), 7 ((.35 − .60 + 1) / 2 = .375) and 3
        // ((.40 − .45 + 1) / 2 = .475) before 4 (.56).
        QCOMPARE(flaggedIndices(ranked), (std::vector<int64_t> { 2, 3, 7 }));
    }

    void lowestQualityTakesOneStandardErrorMore()
    {
        QCOMPARE(engine::lowestQualitySize(0), int64_t(0));
        QCOMPARE(engine::lowestQualitySize(1), int64_t(2));
        QCOMPARE(engine::lowestQualitySize(2), int64_t(3)); // 3.41
        QCOMPARE(engine::lowestQualitySize(4), int64_t(6));
        QCOMPARE(engine::lowestQualitySize(16), int64_t(20));
        QCOMPARE(engine::lowestQualitySize(5986), int64_t(6063)); // 5986 + 77.37
        QCOMPARE(engine::lowestQualitySize(11901), int64_t(12010)); // 11901 + 109.09
        // Never more than there are samples: all 8 off the diagonal, 8 + √8 would be 11.
        std::vector<double> p;
        std::vector<int64_t> y;
        for (int i = 0; i < 4; ++i) {
            p.insert(p.end(), { 0.1, 0.9 });
            y.push_back(0);
            p.insert(p.end(), { 0.9, 0.1 });
            y.push_back(1);
        }
        const engine::ClassProbabilities in { p, y, 2 };
        QCOMPARE(flaggedIndices(engine::selectLabelIssues(in, engine::confidentJoint(in),
                                                          LabelFilter::LowestQuality))
                     .size(),
                 size_t(8));
    }

    void sameAsCleanlabOnAGeneratedMatrix()
    {
        // The constants are cleanlab 2.9.0's find_label_issues(y, p, filter_by=...) and
        // compute_confident_joint on the same matrix (bench/peer, run once). Its calibration
        // breaks a near-tie in row 0 (11.571 and 2.571 both round up) by the last bits of
        // numpy's sums, which the counts here follow.
        const auto g = generated();
        const engine::ClassProbabilities in { g.p, g.y, 4 };
        const auto cj = engine::confidentJoint(in);
        QCOMPARE(cj.counts,
                 (std::vector<int64_t> { 9, 2, 0, 3, 2, 9, 2, 0, 0, 0, 6, 2, 3, 0, 2, 8 }));
        QCOMPARE(cj.calibrated,
                 (std::vector<int64_t> { 11, 3, 0, 4, 2, 11, 2, 0, 0, 0, 10, 3, 3, 0, 2, 9 }));
        auto flagged = [&](LabelFilter f, LabelRanking r = LabelRanking::SelfConfidence) {
            return flaggedIndices(engine::selectLabelIssues(in, cj, f, r));
        };
        QCOMPARE(
            flagged(LabelFilter::PruneByNoiseRate),
            (std::vector<int64_t> { 0, 4, 5, 7, 11, 15, 18, 23, 26, 34, 36, 43, 44, 50, 52, 53 }));
        QCOMPARE(
            flagged(LabelFilter::PruneByClass),
            (std::vector<int64_t> { 0, 2, 4, 7, 11, 15, 18, 23, 34, 43, 44, 45, 50, 52, 53, 55 }));
        QCOMPARE(flagged(LabelFilter::Both),
                 (std::vector<int64_t> { 0, 4, 7, 11, 15, 18, 23, 34, 43, 44, 50, 52, 53 }));
        QCOMPARE(
            flagged(LabelFilter::ConfidentLearning),
            (std::vector<int64_t> { 2, 4, 5, 11, 15, 18, 23, 26, 36, 43, 44, 47, 50, 52, 53, 55 }));
        // cleanlab's low_self_confidence and low_normalized_margin flag m = 16; lowest_quality
        // takes 16 + √16 = 20: cleanlab's sixteen and the next four of the same ranking, sorted
        // here from the scores.
        auto lowest = [&](LabelRanking r, size_t count) {
            std::vector<std::pair<double, int64_t>> scored;
            for (int64_t i = 0; i < 60; ++i) {
                const int64_t y = g.y[size_t(i)];
                const double py = g.p[size_t(i * 4 + y)];
                double other = 0;
                for (int64_t j = 0; j < 4; ++j)
                    if (j != y)
                        other = std::max(other, g.p[size_t(i * 4 + j)]);
                scored.push_back({ r == LabelRanking::SelfConfidence ? py : py - other, i });
            }
            std::sort(scored.begin(), scored.end());
            std::vector<int64_t> out;
            for (size_t i = 0; i < count; ++i)
                out.push_back(scored[i].second);
            std::sort(out.begin(), out.end());
            return out;
        };
        const std::vector<int64_t> cleanlabSelf { 0,  2,  4,  5,  7,  11, 15, 18,
                                                  23, 34, 43, 44, 45, 52, 53, 55 };
        const std::vector<int64_t> cleanlabMargin { 2,  4,  5,  11, 15, 18, 23, 26,
                                                    34, 43, 44, 45, 50, 52, 53, 55 };
        QCOMPARE(lowest(LabelRanking::SelfConfidence, 16), cleanlabSelf);
        QCOMPARE(lowest(LabelRanking::NormalizedMargin, 16), cleanlabMargin);
        QCOMPARE(flagged(LabelFilter::LowestQuality), lowest(LabelRanking::SelfConfidence, 20));
        QCOMPARE(flagged(LabelFilter::LowestQuality, LabelRanking::NormalizedMargin),
                 lowest(LabelRanking::NormalizedMargin, 20));
    }

    void directionalNoiseKeepsWhatOneWayExceedsTheOther()
    {
        // Worked by hand, 3 classes. Off-diagonal pairs (0,1): 40 and 10 share 10; (0,2): 4 and 7
        // share 4; (1,2): 0 and 30 share 0. The shared values over the six cells are 10, 10, 4, 4,
        // 0, 0: median 4. Excess: (0,1) 30 > 3√50 = 21.2, kept; (2,1) 30 > 3√30 = 16.4, kept;
        // (2,0) 3 ≤ 3√11 = 9.9, within chance: spread over the six cells, 0.5 each. So (0,1)
        // 30 + 4 + 0.5, (2,1) the same, every other off-diagonal cell 4.5; the diagonal is kept.
        const std::vector<double> counts { 100, 40, 4, 10, 90, 0, 7, 30, 80 };
        QCOMPARE(engine::directionalNoise(counts, 3),
                 (std::vector<double> { 100, 34.5, 4.5, 4.5, 90, 4.5, 4.5, 34.5, 80 }));
        // Without the significance test every excess stays in its cell: (2,0) 7 − 4 + 4 = 7.
        QCOMPARE(engine::directionalNoise(counts, 3, 0.0),
                 (std::vector<double> { 100, 34, 4, 4, 90, 4, 7, 34, 80 }));
        // Symmetric counts leave a uniform off-diagonal: the posterior then ranks like p_y.
        QCOMPARE(engine::directionalNoise({ 9, 3, 1, 3, 8, 5, 1, 5, 7 }, 3),
                 (std::vector<double> { 9, 3, 3, 3, 8, 3, 3, 3, 7 }));
        try {
            engine::directionalNoise(counts, 4);
            QFAIL("a 3×3 matrix read as 4×4 must be refused");
        } catch (const std::invalid_argument &e) {
            QCOMPARE(QString(e.what()), QString("noise counts hold 9 values, expected 16"));
        }
    }

    void noisePosteriorAsComputedWithNumpy()
    {
        // Constants from an independent numpy computation of the same definitions
        // (bench/peer/label_flags_draws.py on the generated matrix: class thresholds the median
        // of p over the samples labelled and predicted as the class; the significant directional
        // part of the counts; T column-normalised; P(wrong) = Σ_{j≠y} T[y][j] p_j / Σ_j T[y][j]
        // p_j).
        const auto g = generated();
        const engine::ClassProbabilities in { g.p, g.y, 4 };
        const auto counts = engine::noiseCounts(in);
        QCOMPARE(counts, (std::vector<double> { 6, 0, 0, 2, 2, 6, 2, 0, 0, 0, 7, 0, 2, 0, 2, 5 }));
        // Classes 0 and 3 are confused both ways (2 and 2): read as the models' confusion. The
        // other directions (2 against 0) are within 3√2 = 4.2 of chance: their excess, 6 in all,
        // is spread over the twelve off-diagonal cells (0.5 each) as symmetric noise.
        QCOMPARE(engine::directionalNoise(counts, 4, 0.0),
                 (std::vector<double> { 6, 0, 0, 0, 2, 6, 2, 0, 0, 0, 7, 0, 0, 0, 2, 5 }));
        QCOMPARE(engine::directionalNoise(counts, 4),
                 (std::vector<double> { 6, 0.5, 0.5, 0.5, 0.5, 6, 0.5, 0.5, 0.5, 0.5, 7, 0.5, 0.5,
                                        0.5, 0.5, 5 }));
        // Nothing structured, so it ranks nearly like the self-confidence; numpy's 20 (16 + √16)
        // lowest.
        const auto q = engine::labelQuality(in, LabelRanking::NoisePosterior);
        QVERIFY(std::abs(q[23] - 0.5431612709454738) < 1e-12);
        QVERIFY(std::abs(q[34] - 0.5981144182693481) < 1e-12);
        QCOMPARE(flaggedIndices(engine::selectLabelIssues(in, engine::confidentJoint(in),
                                                          LabelFilter::LowestQuality,
                                                          LabelRanking::NoisePosterior)),
                 (std::vector<int64_t> { 0,  2,  4,  5,  7,  11, 15, 18, 23, 26,
                                         30, 34, 39, 43, 44, 45, 50, 52, 53, 55 }));

        // Ten times the samples: 3 → 2 is then labelled 18 times against 3 the other way, an
        // excess of 15 > 3√21 = 13.7; every other direction stays within chance (excess 7, 5
        // and 2: 14/12 spread on each cell). The shared counts 0, 0, 0, 0, 3, 3, 6, 6, 10, 10,
        // 11, 11 have the median 4.5.
        const auto big = generated(600);
        const engine::ClassProbabilities many { big.p, big.y, 4 };
        const auto bigCounts = engine::noiseCounts(many);
        QCOMPARE(
            bigCounts,
            (std::vector<double> { 46, 6, 0, 16, 13, 49, 10, 0, 0, 12, 50, 3, 11, 0, 18, 51 }));
        const auto noise = engine::directionalNoise(bigCounts, 4);
        const double off = 4.5 + 14.0 / 12;
        const std::vector<double> expected { 46,  off, off, off, off, 49,  off,      off,
                                             off, off, 50,  off, off, off, 15 + off, 51 };
        for (size_t c = 0; c < expected.size(); ++c)
            QVERIFY2(std::abs(noise[c] - expected[c]) < 1e-12, qPrintable(QString::number(c)));
        const auto bigQ = engine::labelQuality(many, LabelRanking::NoisePosterior);
        QVERIFY(std::abs(bigQ[334] - 0.06923228637963946) < 1e-12);
        QVERIFY(std::abs(bigQ[238] - 0.2126020278813068) < 1e-12);
        QVERIFY(std::abs(bigQ[599] - 0.21529693582232343) < 1e-12);
        // As many as the confident joint holds off its diagonal (152) and √152 = 12.3 more, the
        // lowest of this quality (numpy's 164 lowest sum to 51,351).
        const auto picked = flaggedIndices(
            engine::selectLabelIssues(many, engine::confidentJoint(many),
                                      LabelFilter::LowestQuality, LabelRanking::NoisePosterior));
        QCOMPARE(int64_t(picked.size()), int64_t(164));
        QCOMPARE(std::accumulate(picked.begin(), picked.end(), int64_t(0)), int64_t(51351));
        QCOMPARE(std::vector<int64_t>(picked.begin(), picked.begin() + 10),
                 (std::vector<int64_t> { 0, 2, 4, 11, 15, 18, 23, 26, 34, 43 }));
        // Samples of a class that no confidently recognised sample of another class carries are
        // trusted: without off-diagonal counts every quality is 1.
        const engine::ClassProbabilities hand { kHandP, kHandY, 3 };
        QCOMPARE(engine::noiseCounts(hand), (std::vector<double> { 3, 0, 0, 0, 2, 0, 0, 0, 3 }));
        for (double v : engine::labelQuality(hand, LabelRanking::NoisePosterior))
            QCOMPARE(v, 1.0);
    }

    void roundingKeepsTheTotal()
    {
        using V = std::vector<int64_t>;
        QCOMPARE(engine::roundKeepingTotal({ 10.0 / 3, 5.0 / 3, 0 }), (V { 3, 2, 0 }));
        // Half to even gives 0 0 0 0 for a total of 2: the last two of the equal remainders gain.
        QCOMPARE(engine::roundKeepingTotal({ 0.5, 0.5, 0.5, 0.5 }), (V { 0, 0, 1, 1 }));
        // 2 + 2 + 0 for a total of 3: the first of the smallest remainders loses one.
        QCOMPARE(engine::roundKeepingTotal({ 1.5, 1.5, 0 }), (V { 1, 2, 0 }));
        QCOMPARE(engine::roundKeepingTotal({ 2.5, 0.5 }), (V { 2, 1 }));
    }

    void classWithoutSamplesIsNeverConfident()
    {
        const std::vector<double> p { 0.2, 0.1, 0.7, 0.6, 0.3, 0.1 };
        const std::vector<int64_t> y { 0, 1 };
        const engine::ClassProbabilities in { p, y, 3 };
        const auto cj = engine::confidentJoint(in);
        QCOMPARE(cj.thresholds[2], 2.0);
        QCOMPARE(cj.confidentClass[0], int64_t(0)); // only class 0 reaches its threshold (.2)
        QCOMPARE(cj.classCounts, (std::vector<int64_t> { 1, 1, 0 }));
    }

    void badInputIsNamed()
    {
        const std::vector<double> p { 0.5, 0.5, 0.5, 0.5 };
        const std::vector<int64_t> outside { 0, 2 };
        try {
            engine::confidentJoint({ p, outside, 2 });
            QFAIL("a label outside [0, K) was accepted");
        } catch (const std::invalid_argument &e) {
            QCOMPARE(QString(e.what()),
                     QString("confident joint: sample 1 has label 2, outside [0, 2)"));
        }
        const std::vector<int64_t> three { 0, 1, 1 };
        try {
            engine::confidentJoint({ p, three, 2 });
            QFAIL("a size mismatch was accepted");
        } catch (const std::invalid_argument &e) {
            QVERIFY(QString(e.what()).contains("4 probabilities for 3 samples of 2 classes"));
        }
    }

    void namesRoundTrip()
    {
        for (auto f : { LabelFilter::PruneByNoiseRate, LabelFilter::PruneByClass, LabelFilter::Both,
                        LabelFilter::ConfidentLearning, LabelFilter::LowestQuality }) {
            QCOMPARE(engine::parseLabelFilter(engine::labelFilterName(f)), std::optional(f));
            QVERIFY(engine::labelFilterNames().find(std::string(engine::labelFilterName(f)))
                    != std::string::npos);
        }
        for (auto r : { LabelRanking::SelfConfidence, LabelRanking::NormalizedMargin,
                        LabelRanking::ConfidenceWeightedEntropy, LabelRanking::NoisePosterior })
            QCOMPARE(engine::parseLabelRanking(engine::labelRankingName(r)), std::optional(r));
        QVERIFY(!engine::parseLabelFilter("prune_by_noise").has_value());
        QVERIFY(!engine::parseLabelRanking("").has_value());
    }
};

QTEST_GUILESS_MAIN(TestLabelFilter)
#include "tst_label_filter.moc"

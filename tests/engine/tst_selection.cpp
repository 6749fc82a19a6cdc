#include <QtTest>

#include "engine/experiment/run_expansion.h"
#include "engine/experiment/spec.h"
#include "engine/prune/random_selection.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace {
std::vector<int64_t> labelsWithCounts(const std::vector<int64_t> &counts)
{
    std::vector<int64_t> labels;
    for (size_t c = 0; c < counts.size(); ++c)
        labels.insert(labels.end(), counts[c], int64_t(c));
    // Interleave so classes are not contiguous.
    std::vector<int64_t> mixed(labels.size());
    for (size_t i = 0; i < labels.size(); ++i)
        mixed[(i * 7919) % labels.size()] = labels[i];
    return mixed;
}
} // namespace

class TestSelection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keptCountIsRoundOfFN_data()
    {
        QTest::addColumn<double>("fraction");
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("expected");
        QTest::newRow("2 % of 60000") << 0.02 << 60000 << 1200;
        QTest::newRow("10 % of 50000") << 0.1 << 50000 << 5000;
        QTest::newRow("rounds up at .5") << 0.5 << 7 << 4;
        QTest::newRow("rounds down") << 0.3 << 7 << 2;
        QTest::newRow("all") << 1.0 << 73257 << 73257;
        QTest::newRow("tiny") << 0.0001 << 60000 << 6;
    }

    void keptCountIsRoundOfFN()
    {
        QFETCH(double, fraction);
        QFETCH(int, n);
        QFETCH(int, expected);
        QCOMPARE(engine::keptCountFor(fraction, n), int64_t(expected));
        const auto labels = labelsWithCounts(std::vector<int64_t>(1, n));
        for (bool balanced : { false, true }) {
            const auto kept = engine::selectRandom(labels, 1, expected, balanced, 42);
            QCOMPARE(int64_t(kept.size()), int64_t(expected));
            QCOMPARE(std::set<int64_t>(kept.begin(), kept.end()).size(), kept.size());
            QVERIFY(std::is_sorted(kept.begin(), kept.end()));
        }
    }

    void classBalancedKeepsEachClassShare()
    {
        const std::vector<int64_t> counts { 600, 300, 100, 7, 993 };
        const auto labels = labelsWithCounts(counts);
        const int64_t n = int64_t(labels.size()), k = engine::keptCountFor(0.13, n);
        const auto kept = engine::selectRandom(labels, 5, k, true, 7);
        QCOMPARE(int64_t(kept.size()), k);
        std::vector<int64_t> perClass(5, 0);
        for (int64_t i : kept)
            ++perClass[labels[i]];
        for (size_t c = 0; c < counts.size(); ++c) {
            const double share = double(counts[c]) * double(k) / double(n);
            QVERIFY2(std::fabs(double(perClass[c]) - share) < 1.0,
                     qPrintable(QString("class %1: %2 vs %3").arg(c).arg(perClass[c]).arg(share)));
        }
    }

    void largestRemainder()
    {
        QCOMPARE(engine::allocateProportional({ 5, 5, 5 }, 7), (std::vector<int64_t> { 3, 2, 2 }));
        QCOMPARE(engine::allocateProportional({ 1, 1, 8 }, 5), (std::vector<int64_t> { 1, 0, 4 }));
        QCOMPARE(engine::allocateProportional({ 3, 0, 3 }, 6), (std::vector<int64_t> { 3, 0, 3 }));
        QCOMPARE(engine::allocateProportional({ 10, 20, 30 }, 0),
                 (std::vector<int64_t> { 0, 0, 0 }));
    }

    void seededAndDifferentAcrossSeeds()
    {
        const auto labels = labelsWithCounts({ 500, 500 });
        const auto a = engine::selectRandom(labels, 2, 100, false, 1);
        QCOMPARE(engine::selectRandom(labels, 2, 100, false, 1), a);
        QVERIFY(engine::selectRandom(labels, 2, 100, false, 2) != a);
    }

    void uniformSelectionIsUnbiased()
    {
        // Each index is kept with probability k/n: over 400 seeds, counts of the first and last
        // tenth of the indices stay within 5 standard deviations of their expectation.
        const auto labels = labelsWithCounts({ 100 });
        std::vector<int> hits(100, 0);
        for (uint64_t seed = 0; seed < 400; ++seed)
            for (int64_t i : engine::selectRandom(labels, 1, 30, false, seed))
                ++hits[i];
        for (int start : { 0, 90 }) {
            int sum = 0;
            for (int i = start; i < start + 10; ++i)
                sum += hits[i];
            const double mean = 400 * 10 * 0.3, sd = std::sqrt(400 * 10 * 0.3 * 0.7);
            QVERIFY2(std::fabs(sum - mean) < 5 * sd, qPrintable(QString::number(sum)));
        }
    }

    void definitionsNameTheRule()
    {
        QVERIFY(engine::methodDefinition("random", false).find("round(f·N)") != std::string::npos);
        QVERIFY(engine::methodDefinition("random", true).find("each class keeps fraction f")
                != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestSelection)
#include "tst_selection.moc"

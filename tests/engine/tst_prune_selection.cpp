// The selector: direction (hardest, easiest, middle band, stratified), the score's orientation,
// class balance, exactly round(f·N) kept, seeded tie-breaking, the CCS β drop and strata.
#include <QtTest>

#include "engine/prune/selector.h"

#include <cmath>
#include <numeric>
#include <set>

namespace {

std::vector<double> ramp(int n)
{
    std::vector<double> v(n);
    std::iota(v.begin(), v.end(), 0.0);
    return v;
}

engine::SelectionRule rule(engine::Direction d, bool higherIsHarder = true)
{
    engine::SelectionRule r;
    r.direction = d;
    r.higherIsHarder = higherIsHarder;
    return r;
}

using V = std::vector<int64_t>;

} // namespace

class TestPruneSelection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void directionsKeepTheRightEnd()
    {
        const auto s = ramp(10);
        const V labels(10, 0);
        using engine::Direction;
        QCOMPARE(engine::selectByScore(s, labels, 1, 3, rule(Direction::Hardest), 1),
                 (V { 7, 8, 9 }));
        QCOMPARE(engine::selectByScore(s, labels, 1, 3, rule(Direction::Easiest), 1),
                 (V { 0, 1, 2 }));
        // A low score is hard (AUM, margin): the ends swap.
        QCOMPARE(engine::selectByScore(s, labels, 1, 3, rule(Direction::Hardest, false), 1),
                 (V { 0, 1, 2 }));
        // Middle band: hardest-first order 9..0, start (10 − 4) / 2 = 3 → scores 6, 5, 4, 3.
        QCOMPARE(engine::selectByScore(s, labels, 1, 4, rule(Direction::Middle), 1),
                 (V { 3, 4, 5, 6 }));
    }

    void keepsExactlyTheCountAndBalancesClasses()
    {
        // Class 0: samples 0..5 (scores 0..5), class 1: samples 6..9 (scores 6..9); keep 5.
        const auto s = ramp(10);
        const V labels { 0, 0, 0, 0, 0, 0, 1, 1, 1, 1 };
        auto r = rule(engine::Direction::Hardest);
        QCOMPARE(engine::selectByScore(s, labels, 2, 5, r, 1), (V { 5, 6, 7, 8, 9 }));
        r.classBalanced = true;
        // Shares 5·6/10 = 3 and 5·4/10 = 2: the 3 hardest of class 0 and the 2 hardest of class 1.
        QCOMPARE(engine::selectByScore(s, labels, 2, 5, r, 1), (V { 3, 4, 5, 8, 9 }));
        for (int k = 0; k <= 10; ++k)
            for (auto d : { engine::Direction::Hardest, engine::Direction::Easiest,
                            engine::Direction::Middle, engine::Direction::Stratified }) {
                r.direction = d;
                const auto kept = engine::selectByScore(s, labels, 2, k, r, 3);
                QCOMPARE(int(kept.size()), k);
                QCOMPARE(int(std::set<int64_t>(kept.begin(), kept.end()).size()), k);
            }
    }

    void tiesAreBrokenBySeedNotByIndex()
    {
        const std::vector<double> s(100, 1.0);
        const V labels(100, 0);
        const auto r = rule(engine::Direction::Hardest);
        const auto a = engine::selectByScore(s, labels, 1, 10, r, 1);
        QCOMPARE(engine::selectByScore(s, labels, 1, 10, r, 1), a);
        QVERIFY(engine::selectByScore(s, labels, 1, 10, r, 2) != a);
        QVERIFY(a != (V { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }));
        // A strict order is unaffected by the seed.
        const auto strict = ramp(100);
        QCOMPARE(engine::selectByScore(strict, labels, 1, 10, r, 1),
                 engine::selectByScore(strict, labels, 1, 10, r, 99));
    }

    void betaDropsTheHardestFirst()
    {
        auto r = rule(engine::Direction::Hardest);
        r.beta = 0.2;
        // Scores 0..9: 9 and 8 are dropped, the 3 hardest left are 7, 6, 5.
        QCOMPARE(engine::selectByScore(ramp(10), V(10, 0), 1, 3, r, 1), (V { 5, 6, 7 }));
        try {
            engine::selectByScore(ramp(10), V(10, 0), 1, 9, r, 1);
            QFAIL("keeping more than is left after the β drop must throw");
        } catch (const std::invalid_argument &e) {
            QVERIFY(std::string(e.what()).find("8 are left") != std::string::npos);
        }
    }

    void ccsStrataAllocation()
    {
        // Smallest first: 1 takes min(1, 9/3) = 1; 5 takes min(5, 8/2) = 4; 10 takes the 4 left.
        QCOMPARE(engine::allocateStrata({ 1, 5, 10, 0 }, 9), (V { 1, 4, 4, 0 }));
        QCOMPARE(engine::allocateStrata({ 2, 2, 2 }, 5), (V { 1, 2, 2 }));
        QCOMPARE(engine::allocateStrata({ 3, 100 }, 50), (V { 3, 47 }));
        for (int64_t budget = 0; budget <= 16; ++budget) {
            const auto parts = engine::allocateStrata({ 1, 5, 10, 0 }, budget);
            QCOMPARE(std::accumulate(parts.begin(), parts.end(), int64_t(0)), budget);
        }
    }

    void strataAreEqualWidth()
    {
        const auto bins = engine::strataOf({ 0.0, 0.25, 0.5, 0.999, 1.0, INFINITY }, 4);
        QCOMPARE(bins, (V { 0, 1, 2, 3, 3, -1 }));
        QCOMPARE(engine::strataOf({ 2.0, 2.0 }, 4), (V { 0, 0 }));
    }

    void stratifiedSelectionCoversTheRange()
    {
        // Scores 0..99 in 10 strata of 10: keeping 10 takes exactly one from each.
        auto r = rule(engine::Direction::Stratified);
        r.strata = 10;
        const auto kept = engine::selectByScore(ramp(100), V(100, 0), 1, 10, r, 5);
        std::set<int64_t> strata;
        for (int64_t i : kept)
            strata.insert(i / 10);
        QCOMPARE(int(strata.size()), 10);
    }

    void nanScoresAreRefused()
    {
        try {
            engine::selectByScore({ 0.0, NAN }, V(2, 0), 1, 1, rule(engine::Direction::Hardest), 1);
            QFAIL("a NaN score must throw");
        } catch (const std::invalid_argument &e) {
            QVERIFY(std::string(e.what()).find("sample 1 is NaN") != std::string::npos);
        }
    }
};

QTEST_APPLESS_MAIN(TestPruneSelection)
#include "tst_prune_selection.moc"

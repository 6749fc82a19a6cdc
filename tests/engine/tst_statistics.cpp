#include <QtTest>

#include "engine/core/statistics.h"

#include <cmath>

namespace {

bool near(double a, double b, double tolerance)
{
    return std::fabs(a - b) <= tolerance;
}

} // namespace

class TestStatistics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tQuantilesMatchScipy()
    {
        // scipy.stats.t.ppf(0.975, df), scipy 1.10.1.
        const std::pair<double, double> known[] = {
            { 1, 12.706204736432095 },   { 2, 4.302652729911275 },  { 3, 3.182446305284263 },
            { 4, 2.7764451051977987 },   { 9, 2.2621571627409915 }, { 29, 2.045229642132703 },
            { 100, 1.9839715184496334 },
        };
        for (const auto &[df, q] : known) {
            QVERIFY2(near(engine::studentTQuantile(0.975, df), q, 1e-9),
                     qPrintable(QString::number(df)));
            QVERIFY(near(engine::studentTQuantile(0.025, df), -q, 1e-9));
        }
        // scipy.stats.t.cdf(-2.5, 3) and t.cdf(1.0, 7.5).
        QVERIFY(near(engine::studentTCdf(-2.5, 3), 0.04385332350403277, 1e-12));
        QVERIFY(near(engine::studentTCdf(1.0, 7.5), 0.8257619871846243, 1e-12));
        // With one degree of freedom t is Cauchy: P(T ≤ 1) = 3/4 exactly.
        QVERIFY(near(engine::studentTCdf(1.0, 1), 0.75, 1e-14));
    }

    void pairedDifferenceMatchesAHandComputationAndTtestRel()
    {
        // Four seeds, KD against α = 0. Differences 0.0092, 0.0111, 0.0046, 0.0053: mean 0.00755;
        // squared deviations 2.7225e-6, 1.2555e-5, 8.7025e-6, 5.0625e-6 sum to 2.909e-5, so
        // std = √(2.909e-5 / 3) = 0.0031139…; half width t(0.975, 3) · std / 2 = 0.0049550.
        const std::vector<double> kd { 0.8512, 0.8601, 0.8477, 0.8555 };
        const std::vector<double> plain { 0.8420, 0.8490, 0.8431, 0.8502 };
        const auto d = engine::pairedDifference(kd, plain);
        QCOMPARE(d.n, int64_t(4));
        QVERIFY(near(d.mean, 0.00755, 1e-12));
        QVERIFY(near(d.std, std::sqrt(2.909e-5 / 3), 1e-12));
        QVERIFY(near(d.halfWidth(), 3.182446305284263 * std::sqrt(2.909e-5 / 3) / 2, 1e-12));
        // scipy.stats.ttest_rel(kd, plain) and the interval from t.ppf, scipy 1.10.1.
        QVERIFY(near(d.t, 4.849151067023533, 1e-9));
        QVERIFY(near(d.p, 0.016737113563698256, 1e-9));
        QVERIFY(near(d.low, 0.002595015246422404, 1e-9));
        QVERIFY(near(d.high, 0.012504984753577654, 1e-9));
        QVERIFY(d.significant());

        // Three seeds whose differences straddle zero: not significant.
        const auto e = engine::pairedDifference({ 0.71, 0.69, 0.73 }, { 0.70, 0.71, 0.70 });
        QVERIFY(near(e.t, 0.45883146774112354, 1e-9));
        QVERIFY(near(e.p, 0.6913933000758162, 1e-9));
        QVERIFY(near(e.low, -0.05584942812944222, 1e-9));
        QVERIFY(near(e.high, 0.06918276146277556, 1e-9));
        QVERIFY(!e.significant());
    }

    void degenerateInputsSayNothingFalse()
    {
        const auto one = engine::pairedDifference({ 0.8 }, { 0.7 });
        QCOMPARE(one.n, int64_t(1));
        QVERIFY(near(one.mean, 0.1, 1e-15));
        QVERIFY(std::isnan(one.low) && std::isnan(one.high) && std::isnan(one.p));
        QVERIFY(!one.significant());
        // Binary fractions, so both differences are exactly 0.25.
        const auto same = engine::pairedDifference({ 0.75, 0.5 }, { 0.5, 0.25 });
        QCOMPARE(same.low, 0.25);
        QCOMPARE(same.high, 0.25);
        QVERIFY(std::isnan(same.p));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, engine::pairedDifference({ 1.0 }, {}));
    }
};

QTEST_GUILESS_MAIN(TestStatistics)
#include "tst_statistics.moc"

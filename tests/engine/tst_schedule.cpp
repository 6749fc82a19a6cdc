#include <QtTest>

#include "engine/train/budget.h"
#include "engine/train/schedule.h"

#include <cmath>
#include <numbers>

class TestSchedule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneCycleMatchesPyTorch()
    {
        // torch.optim.lr_scheduler.OneCycleLR(max_lr=0.1, total_steps=20, pct_start=0.3,
        // cycle_momentum=False), read before each optimiser step (PyTorch 1.13).
        const double reference[20] = { 0.0040000000000000036,
                                       0.013167184270002533,
                                       0.037167184270002526,
                                       0.06683281572999747,
                                       0.09083281572999748,
                                       0.1,
                                       0.09874640062350874,
                                       0.09504846320134738,
                                       0.089091617757105,
                                       0.0811745653949763,
                                       0.07169430017913009,
                                       0.06112620219362893,
                                       0.0500002,
                                       0.03887419780637107,
                                       0.028306099820869922,
                                       0.0188258346050237,
                                       0.010908782242895003,
                                       0.004951936798652629,
                                       0.0012539993764912555,
                                       4e-07 };
        engine::Schedule s;
        s.kind = engine::ScheduleKind::OneCycle;
        s.peakLr = 0.1;
        for (int step = 0; step < 20; ++step)
            QVERIFY2(std::fabs(engine::learningRate(s, step, 20) - reference[step]) < 1e-12,
                     qPrintable(QString("step %1").arg(step)));
    }

    void cosineClosedForm()
    {
        engine::Schedule s;
        s.kind = engine::ScheduleKind::Cosine;
        s.peakLr = 0.2;
        s.warmupFraction = 0.1;
        QCOMPARE(engine::learningRate(s, 0, 100), 0.2 * 1 / 10.0);
        QCOMPARE(engine::learningRate(s, 9, 100), 0.2);
        for (int step : { 10, 37, 99 })
            QVERIFY(std::fabs(engine::learningRate(s, step, 100)
                              - 0.1 * (1 + std::cos(std::numbers::pi * (step - 10) / 90.0)))
                    < 1e-15);
    }

    void constantIsConstant()
    {
        QCOMPARE(engine::learningRate({ engine::ScheduleKind::Constant, 0.3 }, 55, 60), 0.3);
    }

    void budgets()
    {
        engine::TrainRecipe r;
        r.batchSize = 128;
        r.budget = { engine::BudgetUnit::Epochs, 4 };
        QCOMPARE(engine::totalSteps(r, 60000), int64_t(4 * 469)); // ⌈60000 / 128⌉ = 469
        QCOMPARE(engine::evaluationSteps(r, 60000),
                 (std::vector<int64_t> { 469, 938, 1407, 1876 }));
        r.budget = { engine::BudgetUnit::Steps, 1500 };
        r.evalPoints = 4;
        QCOMPARE(engine::totalSteps(r, 1200), int64_t(1500));
        QCOMPARE(engine::evaluationSteps(r, 1200), (std::vector<int64_t> { 375, 750, 1125, 1500 }));
        r.budget = { engine::BudgetUnit::Steps, 3 };
        r.evalPoints = 10;
        QCOMPARE(engine::evaluationSteps(r, 1200), (std::vector<int64_t> { 1, 2, 3 }));
    }
};

QTEST_APPLESS_MAIN(TestSchedule)
#include "tst_schedule.moc"

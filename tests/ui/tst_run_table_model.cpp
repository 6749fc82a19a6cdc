#include <QAbstractItemModelTester>
#include <QtTest>

#include "ui/runs/run_table_model.h"

namespace {
storage::RunRow row(qint64 id, storage::RunStatus status)
{
    storage::RunRow r;
    r.id = id;
    r.name = "random · f=0.1 · α=0 · seed " + std::to_string(id);
    r.method = "random";
    r.fraction = 0.1;
    r.status = status;
    return r;
}
} // namespace

class TestRunTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void behavesAsAModel()
    {
        ui::RunTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reset({ row(1, storage::RunStatus::Done), row(2, storage::RunStatus::Queued) });
        QCOMPARE(model.rowCount(), 2);
        auto done = row(1, storage::RunStatus::Done);
        done.testAccuracy = 0.8912;
        done.wallSeconds = 65;
        auto added = row(3, storage::RunStatus::Queued);
        model.upsert({ done, added });
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, ui::RunTableModel::Accuracy).data().toString(), QString("89.1"));
        QCOMPARE(model.index(0, ui::RunTableModel::Elapsed).data().toString(), QString("1:05"));
        QCOMPARE(model.index(0, ui::RunTableModel::State).data().toString(),
                 QString::fromUtf8("✓ done"));
        QCOMPARE(model.index(0, ui::RunTableModel::Progress)
                     .data(ui::RunTableModel::ProgressRole)
                     .toDouble(),
                 1.0);
        model.remove({ 2 });
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(3), 1);
    }

    void runsSideBySideEachShowTheirOwnProgress()
    {
        ui::RunTableModel model;
        model.reset({ row(7, storage::RunStatus::Running), row(8, storage::RunStatus::Running),
                      row(9, storage::RunStatus::Queued) });
        QCOMPARE(model.liveFraction(), -1.0);
        ui::RunProgress a, b;
        a.runId = 7;
        a.step = 100;
        a.totalSteps = 1000;
        a.lastAccuracy = 0.5;
        b.runId = 8;
        b.step = 600;
        b.totalSteps = 1000;
        b.lastAccuracy = 0.9;
        model.setProgress(a);
        model.setProgress(b);
        a.step = 200; // a's next report must not disturb b's row
        model.setProgress(a);
        QCOMPARE(model.index(0, ui::RunTableModel::Steps).data().toString(), QString("200 / 1000"));
        QCOMPARE(model.index(1, ui::RunTableModel::Steps).data().toString(), QString("600 / 1000"));
        QCOMPARE(model.index(0, ui::RunTableModel::Accuracy).data().toString(), QString("50.0"));
        QCOMPARE(model.index(1, ui::RunTableModel::Accuracy).data().toString(), QString("90.0"));
        QCOMPARE(model.liveFraction(), 0.4); // (200 + 600) / 2000
        // One finishing leaves the other's figures.
        auto finished = row(8, storage::RunStatus::Done);
        finished.testAccuracy = 0.91;
        model.upsert({ finished });
        QCOMPARE(model.index(0, ui::RunTableModel::Steps).data().toString(), QString("200 / 1000"));
        QCOMPARE(model.liveFraction(), 0.2);
        model.clearProgress();
        QCOMPARE(model.liveFraction(), -1.0);
    }

    void liveProgressFillsTheRunningRow()
    {
        ui::RunTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reset({ row(7, storage::RunStatus::Running), row(8, storage::RunStatus::Queued) });
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        ui::RunProgress p;
        p.runId = 7;
        p.step = 250;
        p.totalSteps = 1000;
        p.epoch = 26.7;
        p.elapsedSeconds = 10;
        p.lastAccuracy = 0.75;
        model.setProgress(p);
        QCOMPARE(changed.count(), 1); // only the running row
        QCOMPARE(changed.front().at(0).toModelIndex().row(), 0);
        QCOMPARE(model.index(0, ui::RunTableModel::Steps).data().toString(), QString("250 / 1000"));
        QCOMPARE(model.index(0, ui::RunTableModel::Progress)
                     .data(ui::RunTableModel::ProgressRole)
                     .toDouble(),
                 0.25);
        QCOMPARE(model.index(0, ui::RunTableModel::Accuracy).data().toString(), QString("75.0"));
        QCOMPARE(model.index(0, ui::RunTableModel::Eta).data().toString(),
                 QString("0:30")); // 10 s per 250 steps
        QCOMPARE(model.index(1, ui::RunTableModel::Progress)
                     .data(ui::RunTableModel::ProgressRole)
                     .toDouble(),
                 -1.0);
        // The run finishing clears its live figures.
        auto finished = row(7, storage::RunStatus::Done);
        finished.testAccuracy = 0.8;
        model.upsert({ finished });
        QCOMPARE(model.activeProgress().runId, qint64(-1));
        QCOMPARE(model.index(0, ui::RunTableModel::Accuracy).data().toString(), QString("80.0"));
    }

    void aCancelledRunKeepsWhereItStopped()
    {
        ui::RunTableModel model;
        model.reset({ row(7, storage::RunStatus::Running) });
        ui::RunProgress p;
        p.runId = 7;
        p.step = 400;
        p.totalSteps = 1000;
        p.epoch = 3.2;
        p.elapsedSeconds = 20;
        p.lastAccuracy = 0.6125;
        model.setProgress(p);
        model.upsert({ row(7, storage::RunStatus::Cancelled) });
        QCOMPARE(model.index(0, ui::RunTableModel::Steps).data().toString(), QString("400 / 1000"));
        QCOMPARE(model.index(0, ui::RunTableModel::Accuracy).data().toString(), QString("61.3"));
        QCOMPARE(model.index(0, ui::RunTableModel::Eta).data().toString(), QString());
        QCOMPARE(model.index(0, ui::RunTableModel::Progress)
                     .data(ui::RunTableModel::ProgressRole)
                     .toDouble(),
                 0.4);
        QVERIFY(
            model.index(0, ui::RunTableModel::Name)
                .data(Qt::ToolTipRole)
                .toString()
                .contains("stopped at step 400 of 1000; last evaluation 61.25 % test accuracy"));
        // Queued again (Retry): the old figures go.
        model.upsert({ row(7, storage::RunStatus::Queued) });
        QCOMPARE(model.index(0, ui::RunTableModel::Steps).data().toString(), QString());
    }
};

QTEST_MAIN(TestRunTableModel)
#include "tst_run_table_model.moc"
